// What `npm start` runs: the esbuild bundle (scripts/build.mjs), not the sources every other test runs
// through tsx. Bundling can break what tsx never shows (a library's CommonJS/ESM interop, a file read
// next to the code, two copies of graphql), so the built service is started and used for real: a first
// demo start from the template's demo variant, a restart, and the parts loaded on first use (password
// word lists, the document builders). Embedded database only (runs in the PGlite pass).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { gqlAt, startService, type Service } from '../support/service.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'tuntas-compiled-'));
const dataDir = path.join(root, 'data');
const running: Service[] = [];
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await s.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function start() {
  // NODE_ENV development: graphql checks that every schema object comes from its one copy.
  const s = await startService({ DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'info' }, { compiled: true });
  running.push(s);
  return s;
}

function listening(s: Service) {
  return JSON.parse(
    s
      .stdout()
      .split('\n')
      .find((l) => l.includes('"tuntas listening"'))!,
  );
}

async function login(base: string) {
  const r = await gqlAt(base, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on AuthPayload { token } } }`, {
    e: 'admin@disporbudpar.demo',
    p: DEMO_PASSWORD,
  });
  return r.data?.login?.token as string;
}

describe.runIf(process.env.TEST_DB !== 'postgres')('the built service (npm start)', () => {
  beforeAll(() => {
    // What prestart does: rebuild when a source is newer than the last build.
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  });

  it('starts on an empty data folder with the demo, answers typed errors, and loads the rest on first use', async () => {
    const s = await start();
    expect(['demo-template', 'template', 'initdb']).toContain(listening(s).databaseOrigin);
    expect(s.stdout()).toContain('demo data seeded');
    expect(await (await fetch(`${s.base}/readyz`)).json()).toMatchObject({ status: 'ready' });
    const token = await login(s.base);
    expect(token).toEqual(expect.any(String));
    const list = await gqlAt(s.base, '{ complaints(first: 50) { totalCount } }', {}, token);
    expect(list.data?.complaints.totalCount).toBe(7);
    // A typed error: only works when the resolvers and Yoga share one graphql.
    const wrong = await gqlAt(s.base, `mutation { login(email: "admin@disporbudpar.demo", password: "not-the-password") { __typename } }`);
    expect(wrong.data?.login.__typename).toBe('LoginFailedError');
    // zxcvbn's word lists, loaded on the first password check.
    const weak = await gqlAt(
      s.base,
      `mutation($p: String!) { changePassword(currentPassword: $p, newPassword: "password1234") { __typename ... on InvalidInputError { issues { field message } } } }`,
      { p: DEMO_PASSWORD },
      token,
    );
    expect(weak.data?.changePassword).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'newPassword' }] });
    expect(weak.data?.changePassword.issues[0].message).toMatch(/too easy to guess/);
    // The document builders (PDF and spreadsheet), loaded on the first download.
    const month = new Date().toISOString().slice(0, 7);
    for (const [format, magic] of [
      ['PDF', '%PDF-'],
      ['XLSX', 'PK'],
    ] as const) {
      const link = await gqlAt(
        s.base,
        `mutation { exportMonthlyRecap(month: "${month}", format: ${format}) { __typename ... on DocumentLink { path } } }`,
        {},
        token,
      );
      const res = await fetch(s.base + link.data?.exportMonthlyRecap.path);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).toString('latin1', 0, magic.length)).toBe(magic);
    }
    expect(await s.stop()).toBe(0);
  });

  it('restarts on the same folder with the same data', async () => {
    const s = await start();
    expect(listening(s).databaseOrigin).toBe('existing');
    expect(s.stdout()).not.toContain('demo data seeded');
    const token = await login(s.base);
    const list = await gqlAt(s.base, '{ complaints(first: 50) { totalCount } }', {}, token);
    expect(list.data?.complaints.totalCount).toBe(7);
    expect(await s.stop()).toBe(0);
  });
});
