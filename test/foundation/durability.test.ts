// The embedded database keeps every acknowledged write across a normal restart and across a SIGTERM
// that lands in the middle of writes: the real service, as a child process, on a real data folder.
// Embedded database only, so it runs once per `npm test` (in the PGlite pass).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { gqlAt, startService, type Service } from '../support/service.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-durability-'));
const running: Service[] = [];
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await s.stop('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function start(dataDir: string) {
  const s = await startService({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  running.push(s);
  return s;
}

async function login(base: string) {
  const r = await gqlAt(base, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on AuthPayload { token } } }`, {
    e: 'admin@disporbudpar.demo',
    p: DEMO_PASSWORD,
  });
  const token = r.data?.login?.token as string | undefined;
  if (!token) throw new Error(`login failed: ${JSON.stringify(r)}`);
  return token;
}

const CREATE_KEY = `mutation($n: String!) { createApiKey(name: $n, scopes: [READ_STATUS]) { __typename ... on CreatedApiKey { key } } }`;

/** Creates an API key named `name`; true only when the service acknowledged it. */
async function createKey(base: string, token: string, name: string): Promise<boolean> {
  try {
    const r = await gqlAt(base, CREATE_KEY, { n: name }, token);
    return r.data?.createApiKey?.__typename === 'CreatedApiKey' && typeof r.data.createApiKey.key === 'string';
  } catch {
    return false; // connection refused or reset during shutdown: not acknowledged
  }
}

async function keyNames(base: string, token: string): Promise<Set<string>> {
  const r = await gqlAt(base, `{ apiKeys { name } }`, {}, token);
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return new Set((r.data.apiKeys as { name: string }[]).map((k) => k.name));
}

describe.runIf(process.env.TEST_DB !== 'postgres')('embedded database durability (real service process)', () => {
  const dataDir = path.join(root, 'data');

  it('keeps data across a normal restart, and the token secret with it', async () => {
    const first = await start(dataDir);
    const token = await login(first.base);
    expect(await createKey(first.base, token, 'before-restart')).toBe(true);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.stdout()).toContain('"tuntas stopped"');

    const second = await start(dataDir);
    // The same token still works: the generated secret lives in the data folder.
    expect(await keyNames(second.base, token)).toEqual(new Set(['before-restart']));
    expect(second.stdout()).toContain('"databaseOrigin":"existing"');
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('keeps every acknowledged write when SIGTERM arrives in the middle of writes', async () => {
    const svc = await start(dataDir);
    const token = await login(svc.base);
    const acknowledged: string[] = [];
    let attempted = 0;
    let acknowledgedAtSignal = 0;
    let stopped = false;
    let exit: Promise<number | null> | undefined;
    // 8 writers in parallel; SIGTERM once 40 writes were acknowledged, while the writers keep going.
    const writer = async (w: number) => {
      for (let i = 0; attempted < 2000; i++) {
        const name = `w${w}-${i}`;
        attempted++;
        if (await createKey(svc.base, token, name)) acknowledged.push(name);
        else if (stopped) return;
        if (!stopped && acknowledged.length >= 40) {
          stopped = true;
          acknowledgedAtSignal = acknowledged.length;
          exit = svc.stop('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    expect(stopped).toBe(true);
    expect(await exit).toBe(0);
    expect(svc.stdout()).toContain('"tuntas stopped"');
    // The other writers' requests were in flight at the signal: shutdown let them finish.
    expect(acknowledged.length).toBeGreaterThan(acknowledgedAtSignal);

    const again = await start(dataDir);
    const ready = await fetch(`${again.base}/readyz`);
    expect(ready.status).toBe(200);
    const names = await keyNames(again.base, token);
    const lost = acknowledged.filter((n) => !names.has(n));
    expect(lost).toEqual([]);
    // Nothing appeared that was never attempted (the earlier test's key is still there).
    expect(names.has('before-restart')).toBe(true);
    // The database takes writes again after the interrupted run.
    expect(await createKey(again.base, token, 'after-sigterm')).toBe(true);
    expect(await again.stop('SIGTERM')).toBe(0);
  });
});
