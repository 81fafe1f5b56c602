// Administration through GraphQL: the role × operation matrix for every new mutation, bad input
// (typed errors naming the field, nothing written), the guards, immediate token invalidation, the
// deactivated division, and the append-only audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/events.js';
import { createUser } from '../../src/users/users.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { startTestApp, type Auth, type TestApp } from '../support/app.js';
import { complaintAt, divisionIds, loginStaff, step, type Staff } from '../lifecycle/steps.js';
import { ADMIN_OPS, gid, LOGIN, ME, NEW_PASSWORD } from './ops.js';

let t: TestApp;
let staff: Staff;
let agencyId: string;
let otherAgencyId: string;
let div: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  staff = await loginStaff(t);
  const agency = await t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  agencyId = gid('Agency', agency.id);
  div = await divisionIds(t);
  const other = await t.gql(
    ADMIN_OPS.createAgency,
    { input: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Kabupaten Demo' } },
    staff.coordinator,
  );
  otherAgencyId = other.data.createAgency.id;
});
afterAll(() => t?.close());

let n = 0;
const fresh = () => ++n;
const events = () => t.db.prisma.adminEvent.count();

/** A new account in the demo agency (or another), made directly, to be the target of an operation. */
async function target(opts: { role?: 'DIVISION' | 'COORDINATOR' | 'HEAD'; agency?: 'demo' | 'other' } = {}) {
  const agency = await t.db.prisma.agency.findFirstOrThrow({ where: { code: opts.agency === 'other' ? 'DINKES' : 'DISPORBUDPAR' } });
  const division = await t.db.prisma.division.findFirst({ where: { agencyId: agency.id, active: true } });
  const role = opts.role ?? 'DIVISION';
  const { user } = await createUser(
    { prisma: t.db.prisma, actor: SYSTEM_ACTOR },
    {
      email: `target${fresh()}@disporbudpar.demo`,
      name: 'Pegawai Uji',
      role,
      agencyId: role === 'COORDINATOR' ? null : agency.id,
      divisionId: role === 'DIVISION' ? division!.id : null,
    },
  );
  return gid('User', user.id);
}

type Caller = 'COORDINATOR' | 'ADMIN' | 'LIAISON' | 'HEAD' | 'DIVISION' | 'AUDITOR' | 'anonymous' | 'apiKey';
const CALLERS: Caller[] = ['COORDINATOR', 'ADMIN', 'LIAISON', 'HEAD', 'DIVISION', 'AUDITOR', 'anonymous', 'apiKey'];

let apiKey: string;
function auth(c: Caller): Auth {
  const map: Record<string, Auth> = {
    COORDINATOR: staff.coordinator,
    ADMIN: staff.admin,
    LIAISON: staff.liaison,
    HEAD: staff.head,
    DIVISION: staff.olahraga,
    AUDITOR: staff.auditor,
    apiKey: { apiKey },
  };
  return map[c];
}

/** Each mutation, who may call it, and fresh valid variables (within the demo agency). */
const MATRIX: { op: keyof typeof ADMIN_OPS; allowed: Caller[]; vars: () => Promise<Record<string, unknown>> }[] = [
  {
    op: 'createAgency',
    allowed: ['COORDINATOR'],
    vars: async () => ({ input: { code: `OPD${fresh()}`, name: 'Dinas Baru', regency: 'Kabupaten Demo' } }),
  },
  { op: 'updateAgency', allowed: ['COORDINATOR'], vars: async () => ({ id: agencyId, input: { regency: `Kabupaten Demo ${fresh()}` } }) },
  {
    op: 'createDivision',
    allowed: ['COORDINATOR', 'ADMIN'],
    vars: async () => ({ input: { agencyId, code: `SEKSI${fresh()}`, name: 'Seksi Baru' } }),
  },
  {
    op: 'updateDivision',
    allowed: ['COORDINATOR', 'ADMIN'],
    vars: async () => ({ id: div.PARIWISATA, input: { name: `Bidang Pariwisata ${fresh()}` } }),
  },
  {
    op: 'createUser',
    allowed: ['COORDINATOR', 'ADMIN'],
    vars: async () => ({ input: { email: `baru${fresh()}@disporbudpar.demo`, name: 'Pegawai Baru', role: 'HEAD', agencyId } }),
  },
  { op: 'updateUser', allowed: ['COORDINATOR', 'ADMIN'], vars: async () => ({ id: await target(), input: { name: `Nama ${fresh()}` } }) },
  { op: 'deactivateUser', allowed: ['COORDINATOR', 'ADMIN'], vars: async () => ({ id: await target() }) },
  {
    op: 'reactivateUser',
    allowed: ['COORDINATOR', 'ADMIN'],
    vars: async () => {
      const id = await target();
      await t.db.prisma.user.update({ where: { id: Buffer.from(id, 'base64').toString().split(':')[1]! }, data: { active: false } });
      return { id };
    },
  },
  { op: 'resetUserPassword', allowed: ['COORDINATOR', 'ADMIN'], vars: async () => ({ id: await target() }) },
];

describe('administration', () => {
  it('allows every mutation to exactly the roles named, and writes nothing for the others', async () => {
    apiKey = (
      await t.gql(
        `mutation { createApiKey(name: "Portal", scopes: [READ_COMPLAINTS, FORWARD_COMPLAINTS]) { ... on CreatedApiKey { key } } }`,
        {},
        staff.admin,
      )
    ).data.createApiKey.key;
    for (const { op, allowed, vars } of MATRIX) {
      for (const caller of CALLERS) {
        const variables = await vars();
        const before = await events();
        const r = await t.gql(ADMIN_OPS[op], variables, auth(caller));
        const field = Object.keys(r.data ?? {})[0] ?? op;
        if (allowed.includes(caller)) {
          expect(r.errors, `${op} by ${caller}`).toBeUndefined();
          expect(r.data[field].__typename, `${op} by ${caller}: ${JSON.stringify(r.data)}`).not.toMatch(/Error$/);
          expect(await events(), `${op} by ${caller} is audited`).toBe(before + 1);
        } else {
          const expected = caller === 'anonymous' ? 'UNAUTHENTICATED' : caller === 'apiKey' ? 'FORBIDDEN' : 'FORBIDDEN';
          const code = r.errors?.[0]?.extensions?.code;
          expect(code === expected || (caller === 'apiKey' && code === 'UNAUTHENTICATED') ? expected : code, `${op} by ${caller}`).toBe(
            expected,
          );
          expect(await events(), `${op} by ${caller} wrote nothing`).toBe(before);
        }
      }
    }
    // The person's own account: every signed-in role, never an anonymous caller or a key.
    for (const op of ['changePassword', 'logoutEverywhere'] as const) {
      for (const caller of ['anonymous', 'apiKey'] as const) {
        const r = await t.gql(ADMIN_OPS[op], { c: 'x', n: 'y' }, auth(caller));
        expect(r.errors?.[0]?.extensions?.code, `${op} by ${caller}`).toMatch(/UNAUTHENTICATED|FORBIDDEN/);
      }
    }
    // Reading: users for any staff (scoped), the audit for COORDINATOR, ADMIN, AUDITOR.
    for (const caller of CALLERS) {
      const users = await t.gql(`{ users(first: 5) { totalCount } }`, {}, auth(caller));
      expect(users.errors === undefined, `users by ${caller}`).toBe(!['anonymous', 'apiKey'].includes(caller));
      const audit = await t.gql(`{ adminEvents(first: 5) { totalCount } }`, {}, auth(caller));
      expect(audit.errors === undefined, `adminEvents by ${caller}`).toBe(['COORDINATOR', 'ADMIN', 'AUDITOR'].includes(caller));
    }
  }, 300_000);

  it('answers bad input with typed errors naming the field, and writes nothing', async () => {
    const other = await t.db.prisma.division.create({
      data: { agencyId: Buffer.from(otherAgencyId, 'base64').toString().split(':')[1]!, code: 'UMUM', name: 'Umum' },
    });
    const cases: [keyof typeof ADMIN_OPS, Record<string, unknown>, Auth, string][] = [
      ['createAgency', { input: { code: 'disporbudpar', name: 'Dinas Lain', regency: 'Kabupaten Demo' } }, staff.coordinator, 'code'],
      ['createAgency', { input: { code: 'A B', name: 'Dinas Lain', regency: 'Kabupaten Demo' } }, staff.coordinator, 'code'],
      [
        'createAgency',
        { input: { code: 'DLAIN', name: 'X', regency: 'Kabupaten Demo', timeZone: 'Europe/Paris' } },
        staff.coordinator,
        'name',
      ],
      ['createDivision', { input: { agencyId, code: 'OLAHRAGA', name: 'Dobel' } }, staff.admin, 'code'],
      ['createDivision', { input: { agencyId: otherAgencyId, code: 'BARU', name: 'Seksi Baru' } }, staff.admin, 'agencyId'],
      [
        'createDivision',
        { input: { agencyId, code: 'BARU', name: 'Seksi Baru', parentId: gid('Division', other.id) } },
        staff.admin,
        'parentId',
      ],
      ['updateDivision', { id: div.KEPEMUDAAN, input: { parentId: div.KEPEMUDAAN } }, staff.admin, 'parentId'],
      ['createUser', { input: { email: 'admin@disporbudpar.demo', name: 'Dobel', role: 'HEAD' } }, staff.admin, 'email'],
      ['createUser', { input: { email: 'x1@disporbudpar.demo', name: 'Koordinator Palsu', role: 'COORDINATOR' } }, staff.admin, 'role'],
      [
        'createUser',
        { input: { email: 'x2@disporbudpar.demo', name: 'Pegawai', role: 'HEAD', agencyId: otherAgencyId } },
        staff.admin,
        'agencyId',
      ],
      [
        'createUser',
        { input: { email: 'x3@disporbudpar.demo', name: 'Pegawai', role: 'DIVISION', divisionId: gid('Division', other.id) } },
        staff.admin,
        'divisionId',
      ],
      ['createUser', { input: { email: 'x4@disporbudpar.demo', name: 'Pegawai', role: 'DIVISION' } }, staff.admin, 'divisionId'],
      ['createUser', { input: { email: 'x5@disporbudpar.demo', name: 'Pegawai', role: 'HEAD', nip: '12345' } }, staff.admin, 'nip'],
      [
        'createUser',
        { input: { email: 'x6@disporbudpar.demo', name: 'Pegawai', role: 'HEAD', nip: '198013452005011001' } },
        staff.admin,
        'nip',
      ],
      ['createUser', { input: { email: 'bukan-email', name: 'Pegawai', role: 'HEAD' } }, staff.admin, 'email'],
      ['changePassword', { c: 'salah-sekali-password', n: NEW_PASSWORD }, staff.auditor, 'currentPassword'],
      ['changePassword', { c: DEMO_PASSWORD, n: 'short' }, staff.auditor, 'newPassword'],
      ['changePassword', { c: DEMO_PASSWORD, n: 'password123456' }, staff.auditor, 'newPassword'],
      ['changePassword', { c: DEMO_PASSWORD, n: 'auditor-disporbudpar' }, staff.auditor, 'newPassword'],
    ];
    for (const [op, vars, who, field] of cases) {
      const before = await events();
      const users = await t.db.prisma.user.count();
      const r = await t.gql(ADMIN_OPS[op], vars, who);
      const payload = Object.values(r.data ?? {})[0] as any;
      expect(payload?.__typename, `${op} ${JSON.stringify(vars)}: ${JSON.stringify(r)}`).toBe('InvalidInputError');
      expect(
        payload.issues.map((i: any) => i.field),
        `${op} ${JSON.stringify(vars)}`,
      ).toContain(field);
      expect(await events()).toBe(before);
      expect(await t.db.prisma.user.count()).toBe(users);
    }
    // Another agency's staff, for an ADMIN: as if they did not exist.
    const r = await t.gql(ADMIN_OPS.deactivateUser, { id: await target({ agency: 'other' }) }, staff.admin);
    expect(r.data.deactivateUser).toMatchObject({ __typename: 'NotFoundError' });
  }, 120_000);

  it('guards: nobody deactivates or demotes themselves or the last active coordinator', async () => {
    const me = (await t.gql(ME, {}, staff.admin)).data.me.id;
    expect((await t.gql(ADMIN_OPS.deactivateUser, { id: me }, staff.admin)).data.deactivateUser.issues[0].field).toBe('id');
    expect((await t.gql(ADMIN_OPS.updateUser, { id: me, input: { role: 'HEAD' } }, staff.admin)).data.updateUser.issues[0].field).toBe(
      'role',
    );
    const coordinatorId = (await t.gql(ME, {}, staff.coordinator)).data.me.id;
    // A second coordinator tries to remove the first, who is then the last but one...
    const second = await target({ role: 'COORDINATOR' });
    const secondRow = await t.db.prisma.user.findUniqueOrThrow({ where: { id: Buffer.from(second, 'base64').toString().split(':')[1]! } });
    await t.db.prisma.user.update({
      where: { id: secondRow.id },
      data: {
        mustChangePassword: false,
        passwordHash: (await t.db.prisma.user.findFirstOrThrow({ where: { email: 'admin@disporbudpar.demo' } })).passwordHash,
      },
    });
    const secondAuth = { token: await t.login(secondRow.email) };
    expect((await t.gql(ADMIN_OPS.deactivateUser, { id: coordinatorId }, secondAuth)).data.deactivateUser).toMatchObject({ active: false });
    // ...and now the second is the last: the first cannot come back to demote them (inactive), nor can they demote themselves.
    expect(
      (await t.gql(ADMIN_OPS.updateUser, { id: second, input: { role: 'HEAD', agencyId } }, secondAuth)).data.updateUser.issues[0].field,
    ).toBe('role');
    const lastRemoval = await t.gql(ADMIN_OPS.updateUser, { id: second, input: { role: 'ADMIN', agencyId } }, staff.admin);
    expect(lastRemoval.data.updateUser.__typename).toBe('NotFoundError');
    expect((await t.gql(ADMIN_OPS.reactivateUser, { id: coordinatorId }, secondAuth)).data.reactivateUser).toMatchObject({ active: true });
    staff.coordinator = { token: await t.login('koordinator@lapor.demo') };
  }, 120_000);

  it('a role change, a reset, a password change and logoutEverywhere end the old tokens at once', async () => {
    const make = async () => {
      const id = await target({ role: 'HEAD' });
      const reset = (await t.gql(ADMIN_OPS.resetUserPassword, { id }, staff.admin)).data.resetUserPassword;
      const email = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: Buffer.from(id, 'base64').toString().split(':')[1]! } }))
        .email;
      const login = (await t.gql(LOGIN, { e: email, p: reset.oneTimePassword })).data.login;
      const token = (await t.gql(ADMIN_OPS.changePassword, { c: reset.oneTimePassword, n: NEW_PASSWORD }, { token: login.token })).data
        .changePassword.token;
      expect((await t.gql(ME, {}, { token })).data.me.mustChangePassword).toBe(false);
      return { id, token, email };
    };
    const dead = async (token: string) => (await t.gql(ME, {}, { token })).errors?.[0]?.extensions?.code === 'UNAUTHENTICATED';

    const a = await make();
    await t.gql(ADMIN_OPS.updateUser, { id: a.id, input: { role: 'AUDITOR' } }, staff.admin);
    expect(await dead(a.token)).toBe(true);

    const b = await make();
    await t.gql(ADMIN_OPS.resetUserPassword, { id: b.id }, staff.admin);
    expect(await dead(b.token)).toBe(true);
    expect((await t.gql(LOGIN, { e: b.email, p: NEW_PASSWORD })).data.login.__typename).toBe('LoginFailedError');

    const c = await make();
    const other = (await t.gql(LOGIN, { e: c.email, p: NEW_PASSWORD })).data.login.token;
    const changed = (await t.gql(ADMIN_OPS.changePassword, { c: NEW_PASSWORD, n: `${NEW_PASSWORD}-Baru` }, { token: c.token })).data
      .changePassword;
    expect(await dead(c.token)).toBe(true);
    expect(await dead(other)).toBe(true);
    expect(await dead(changed.token)).toBe(false);

    expect((await t.gql(ADMIN_OPS.logoutEverywhere, {}, { token: changed.token })).data.logoutEverywhere).toBe(true);
    expect(await dead(changed.token)).toBe(true);

    const d = await make();
    await t.gql(ADMIN_OPS.deactivateUser, { id: d.id }, staff.admin);
    expect(await dead(d.token)).toBe(true);
    expect((await t.gql(LOGIN, { e: d.email, p: NEW_PASSWORD })).data.login.__typename).toBe('LoginFailedError');
  }, 120_000);

  it('a deactivated division keeps its history and receives no new disposition; a transfer keeps the person’s rows', async () => {
    const done = await complaintAt(t, staff, 'FOLLOW_UP_COMPLETED');
    const olahragaUser = await t.db.prisma.user.findFirstOrThrow({ where: { email: 'olahraga@disporbudpar.demo' } });
    // Moving the staff member out first (mutasi), then closing the division.
    const moved = await t.gql(
      ADMIN_OPS.updateUser,
      { id: gid('User', olahragaUser.id), input: { divisionId: div.KEBUDAYAAN } },
      staff.admin,
    );
    expect(moved.data.updateUser.division.id).toBe(div.KEBUDAYAAN);
    expect(await t.db.prisma.followUpResult.count({ where: { recordedById: olahragaUser.id } })).toBeGreaterThan(0);
    const closed = await t.gql(ADMIN_OPS.updateDivision, { id: div.OLAHRAGA, input: { active: false } }, staff.admin);
    expect(closed.data.updateDivision).toMatchObject({ active: false });
    expect(
      await t.db.prisma.followUpResult.count({ where: { complaintId: Buffer.from(done.id, 'base64').toString().split(':')[1]! } }),
    ).toBe(1);
    const c = await complaintAt(t, staff, 'REGISTERED');
    const r = await t.gql(
      `mutation($id: ID!, $v: Int!, $input: DisposeComplaintInput!) { disposeComplaint(id: $id, expectedVersion: $v, input: $input) { __typename ... on InvalidInputError { issues { field message } } } }`,
      { id: c.id, v: c.version, input: { divisionIds: [div.KEPEMUDAAN, div.OLAHRAGA], instructions: ['TINDAK_LANJUTI'], note: 'x' } },
      staff.head,
    );
    expect(r.data.disposeComplaint.issues).toEqual([{ field: 'divisionIds[1]', message: 'is deactivated' }]);
    await step(
      t,
      'dispose',
      { id: c.id, v: c.version, input: { divisionIds: [div.KEPEMUDAAN], instructions: ['TINDAK_LANJUTI'], note: 'x' } },
      staff.head,
    );
    // Nobody can be placed in it any more.
    const placed = await t.gql(
      ADMIN_OPS.createUser,
      { input: { email: 'baru-or@disporbudpar.demo', name: 'Pegawai', role: 'DIVISION', divisionId: div.OLAHRAGA } },
      staff.admin,
    );
    expect(placed.data.createUser.issues[0]).toEqual({ field: 'divisionId', message: 'is deactivated' });
  }, 120_000);

  it('keeps the audit append-only in the database and free of secrets', async () => {
    const audit = await t.gql(`{ adminEvents(first: 200) { edges { node { action actorRole before after } } } }`, {}, staff.coordinator);
    const text = JSON.stringify(audit.data);
    expect(text).toMatch(/PASSWORD_RESET/);
    expect(text).not.toMatch(/scrypt|passwordHash|totp|tnt_/i);
    const row = await t.db.prisma.adminEvent.findFirstOrThrow();
    await expect(t.db.prisma.adminEvent.update({ where: { id: row.id }, data: { entity: 'X' } })).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.adminEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    // (TRUNCATE is refused too, by a statement trigger; PGlite's adapter reports it without a message.)
    await expect(t.db.prisma.$executeRawUnsafe('TRUNCATE "AdminEvent"')).rejects.toThrow();
    expect(await t.db.prisma.adminEvent.count()).toBeGreaterThan(0);
    // An ADMIN reads their agency's events only.
    const own = await t.gql(`{ adminEvents(first: 200) { edges { node { agencyId } } } }`, {}, staff.admin);
    expect(new Set(own.data.adminEvents.edges.map((e: any) => e.node.agencyId))).toEqual(new Set([agencyId]));
  });
});
