// The service as a process: bad configuration exits with one line and no stack trace; the log is JSON
// lines with a request id; SIGINT shuts down cleanly. No database server involved, so it runs once per
// `npm test` (in the PGlite pass).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServiceToExit, startService } from '../support/service.js';

const root = mkdtempSync(path.join(tmpdir(), 'tuntas-process-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.runIf(process.env.TEST_DB !== 'postgres')('the service process', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'postgresql://tuntas@127.0.0.1:5432/tuntas' }, 'JWT_SECRET'],
    [{ JWT_TTL_SECONDS: '0' }, 'JWT_TTL_SECONDS'],
    [{ LOGIN_LOCK_SECONDS: '-60' }, 'LOGIN_LOCK_SECONDS'],
  ])('%o: exits non-zero with one line naming %s, no stack trace, nothing written', async (env, name) => {
    const dataDir = path.join(root, `bad-${name}`);
    const r = await runServiceToExit({ ...env, DATA_DIR: dataDir });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^tuntas: configuration error: ${name}\\b.*expected`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Refused before touching anything: no data folder created.
    expect(() => rmSync(dataDir)).toThrow(/ENOENT/);
  });

  it('logs JSON lines, one per request with its request id, and stops cleanly on SIGINT', async () => {
    const s = await startService({ DATA_DIR: path.join(root, 'log'), LOG_LEVEL: 'info' });
    const r = await fetch(`${s.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'probe-42' },
      body: '{"query":"{ __typename }"}',
    });
    expect(r.headers.get('x-request-id')).toBe('probe-42');
    expect(await s.stop('SIGINT')).toBe(0);
    const lines = s
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'request' && l.requestId === 'probe-42')).toMatchObject({
      method: 'POST',
      url: '/graphql',
      status: 200,
    });
    const listening = lines.find((l) => l.msg === 'tuntas listening');
    expect(listening.startupMs).toBeGreaterThan(0);
    expect(listening.sinceProcessStartMs).toBeGreaterThanOrEqual(listening.startupMs);
    expect(listening.cpuMs).toBeGreaterThan(0);
    expect(lines.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGINT');
    expect(lines.at(-1).msg).toBe('tuntas stopped');
    expect(s.stderr()).toBe('');
  });
});
