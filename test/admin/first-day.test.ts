// A regency's first day, as a new deployment lives it: an empty PostgreSQL database, NODE_ENV=production,
// the create-coordinator command, then everything else through GraphQL on the real service (a child
// process, as `npm start` runs it): an agency, a division, one account of each role, each signs in
// and replaces their one-time password, and a report goes through the SOP with them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';
import { gqlAt, startService, type Service } from '../support/service.js';
import { receiveInput, RECEIVE } from '../complaints/fixtures.js';
import { OPS } from '../lifecycle/steps.js';
import { ADMIN_OPS, LOGIN, ME, NEW_PASSWORD } from './ops.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const JWT_SECRET = 'first-day-secret-first-day-secret-0123';

function runAdmin(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/admin/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

let pg: TestDatabase;
let service: Service | undefined;
let env: Record<string, string>;
beforeAll(async () => {
  pg = await createPostgresDatabase();
  env = { NODE_ENV: 'production', DATABASE_URL: pg.url!, JWT_SECRET, LOG_LEVEL: 'info' };
});
afterAll(async () => {
  await service?.stop();
  await pg?.drop();
});

const gql = (q: string, v: Record<string, unknown> = {}, token?: string) => gqlAt(service!.base, q, v, token);

/** Signs in with a one-time password, is held to changing it, changes it; returns the new token. */
async function firstSignIn(email: string, oneTimePassword: string): Promise<string> {
  const first = await gql(LOGIN, { e: email, p: oneTimePassword });
  expect(first.data.login.__typename).toBe('AuthPayload');
  const otpToken = first.data.login.token;
  expect((await gql(ME, {}, otpToken)).data.me).toMatchObject({ email, mustChangePassword: true });
  const blocked = await gql(`{ agencies { id } }`, {}, otpToken);
  expect(blocked.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', pending: 'PASSWORD_CHANGE' });
  const changed = await gql(ADMIN_OPS.changePassword, { c: oneTimePassword, n: NEW_PASSWORD }, otpToken);
  const token = changed.data.changePassword.token;
  expect(token).toBeTruthy();
  // The one-time password's session ended with it.
  expect((await gql(ME, {}, otpToken)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
  return token;
}

describe('first day of a real deployment (PostgreSQL, NODE_ENV=production)', () => {
  it('create-coordinator, then agency, division and one user of each role through GraphQL, and the SOP walk with them', async () => {
    const created = await runAdmin(
      ['create-coordinator', '--email', 'Tim.Lapor@Sleman.go.id', '--name', 'Tim Administrator LAPOR! Kabupaten'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    const otp = /One-time password \(shown only now\): (\S+)/.exec(created.stdout)![1]!;
    // A second run refuses: a coordinator exists.
    const again = await runAdmin(['create-coordinator', '--email', 'lain@sleman.go.id', '--name', 'Orang Lain'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/coordinator\(s\) exist already.*--force/);

    service = await startService(env);
    // Production: no demo data, nobody else.
    const coordinator = await firstSignIn('tim.lapor@sleman.go.id', otp);
    expect((await gql(`{ agencies { id } }`, {}, coordinator)).data.agencies).toEqual([]);

    const agency = (
      await gql(ADMIN_OPS.createAgency, { input: { code: 'dinkes', name: 'Dinas Kesehatan', regency: 'Kabupaten Sleman' } }, coordinator)
    ).data.createAgency;
    expect(agency).toMatchObject({ __typename: 'Agency', code: 'DINKES' });
    const division = (
      await gql(
        ADMIN_OPS.createDivision,
        { input: { agencyId: agency.id, code: 'YANKES', name: 'Bidang Pelayanan Kesehatan' } },
        coordinator,
      )
    ).data.createDivision;
    expect(division).toMatchObject({ __typename: 'Division', code: 'YANKES', active: true });
    const secretariat = (
      await gql(ADMIN_OPS.createDivision, { input: { agencyId: agency.id, code: 'SEKRETARIAT', name: 'Sekretariat' } }, coordinator)
    ).data.createDivision;

    // The coordinator appoints the agency's ADMIN; the ADMIN adds the rest of the staff.
    const newUser = async (token: string, input: Record<string, unknown>) => {
      const r = (await gql(ADMIN_OPS.createUser, { input }, token)).data.createUser;
      expect(r.__typename, JSON.stringify(r)).toBe('CreatedUser');
      return firstSignIn(r.user.email, r.oneTimePassword);
    };
    const admin = await newUser(coordinator, {
      email: 'admin@dinkes.sleman.go.id',
      name: 'Sri Rahayu',
      role: 'ADMIN',
      agencyId: agency.id,
      nip: '198503122010012003',
    });
    const liaison = await newUser(admin, {
      email: 'sekretaris@dinkes.sleman.go.id',
      name: 'Agus Salim',
      role: 'LIAISON',
      divisionId: secretariat.id,
    });
    const head = await newUser(admin, { email: 'kadinkes@dinkes.sleman.go.id', name: 'dr. Wahyu Hidayat', role: 'HEAD' });
    const staff = await newUser(admin, {
      email: 'yankes@dinkes.sleman.go.id',
      name: 'Dewi Lestari',
      role: 'DIVISION',
      divisionId: division.id,
    });
    const auditor = await newUser(admin, { email: 'inspektorat@sleman.go.id', name: 'Bambang Irawan', role: 'AUDITOR' });
    for (const [token, role] of [
      [admin, 'ADMIN'],
      [liaison, 'LIAISON'],
      [head, 'HEAD'],
      [staff, 'DIVISION'],
      [auditor, 'AUDITOR'],
    ] as const) {
      expect((await gql(ME, {}, token)).data.me).toMatchObject({ role, mustChangePassword: false });
    }

    // The SOP, step by step, by the people just set up.
    const run = async (op: keyof typeof OPS, vars: Record<string, unknown>, token: string) => {
      const field = /\{\s*(\w+)\(/.exec(OPS[op])![1]!;
      const r = await gql(OPS[op], vars, token);
      const c = r.data?.[field];
      expect(c?.__typename, `${op}: ${JSON.stringify(r)}`).toBe('Complaint');
      return c as { id: string; version: number; status: string };
    };
    const received = (await gql(RECEIVE, { input: receiveInput() }, admin)).data.receiveComplaint;
    expect(received.__typename).toBe('Complaint');
    let c = await run('register', { id: received.id, v: received.version }, admin);
    c = await run(
      'dispose',
      { id: c.id, v: c.version, input: { divisionIds: [division.id], instructions: ['TINDAK_LANJUTI'], note: 'Segera.' } },
      head,
    );
    c = await run('formulate', { id: c.id, v: c.version, divisionId: division.id, plan: 'Cek puskesmas.' }, liaison);
    c = await run(
      'result',
      {
        id: c.id,
        v: c.version,
        input: { facts: 'Antrean panjang.', actionTaken: 'Loket ditambah.', solution: 'Jadwal piket.', evidence: [] },
      },
      staff,
    );
    c = await run('compile', { id: c.id, v: c.version }, liaison);
    c = await run('deliver', { id: c.id, v: c.version, input: { postedAt: new Date().toISOString() } }, admin);
    c = await run('feedback', { id: c.id, v: c.version, satisfied: true }, admin);
    expect(c.status).toBe('CLOSED');

    // The audit shows the day's work, readable by the agency's auditor for their agency.
    const audit = await gql(`{ adminEvents(first: 50) { totalCount edges { node { action actorRole entity } } } }`, {}, auditor);
    const actions = audit.data.adminEvents.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['AGENCY_CREATED', 'DIVISION_CREATED', 'USER_CREATED', 'PASSWORD_CHANGED']));
    expect(JSON.stringify(audit)).not.toMatch(/passwordHash|scrypt|Lapangan-Merdeka/);
  }, 240_000);
});
