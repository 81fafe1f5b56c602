// The packed tarball installs into a blank project (dependencies from the npm cache when it has them,
// as after `npm ci`) and a typed call compiles with tsc and runs against the real service.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

const root = process.cwd();
const tsc = path.join(root, 'node_modules/.bin/tsc');
let s: SdkTestApp;
let dir: string;
beforeAll(async () => {
  s = await startSdkApp();
  dir = mkdtempSync(path.join(tmpdir(), 'tuntas-sdk-pack-'));
});
afterAll(async () => {
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Asynchronous on purpose: the service under test runs in this process and must keep serving.
const exec = promisify(execFile);
const run = async (cmd: string, args: string[], cwd: string) => (await exec(cmd, args, { cwd, encoding: 'utf8' })).stdout;
/** Like run, but a failing exit is a result, not an exception. */
const attempt = (cmd: string, args: string[], cwd: string) =>
  exec(cmd, args, { cwd, encoding: 'utf8' }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );

describe('npm pack', () => {
  it('installs in a blank project, compiles a typed call and runs it', { timeout: 180_000 }, async () => {
    await run('npm', ['run', 'build', '-w', 'sdk'], root);
    await run('npm', ['pack', '--pack-destination', dir], path.join(root, 'sdk'));
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^tuntas-sdk-\d+\.\d+\.\d+\.tgz$/);

    const proj = path.join(dir, 'blank');
    await run('mkdir', ['-p', proj], dir);
    writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'blank-portal', private: true, type: 'module' }));
    await run('npm', ['install', path.join(dir, tarball), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], proj);

    writeFileSync(
      path.join(proj, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          outDir: 'out',
        },
        files: ['main.ts'],
      }),
    );
    writeFileSync(
      path.join(proj, 'main.ts'),
      `import { createTuntasClient, NotFoundError, type ComplaintStatusView } from '@tuntas/sdk';
declare const process: { argv: string[] };
const [url, apiKey, trackingId] = process.argv.slice(2) as [string, string, string];
const client = createTuntasClient({ url, apiKey });
const view: ComplaintStatusView | null = await client.complaintStatus(trackingId);
console.log(JSON.stringify({ trackingId: view?.trackingId, status: view?.status, typed: new NotFoundError('x') instanceof Error }));
`,
    );
    const compiled = await attempt(tsc, ['-p', '.'], proj);
    expect(compiled).toEqual({ code: 0, out: '' });

    // The types are real: a wrong argument does not compile.
    writeFileSync(
      path.join(proj, 'main.ts'),
      `import { createTuntasClient } from '@tuntas/sdk';\nawait createTuntasClient({ url: 'x' }).complaintStatus(42);\n`,
    );
    const bad = await attempt(tsc, ['-p', '.', '--noEmit'], proj);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/TS2345/);

    const forward = s.client({ apiKey: s.keys.forward });
    const { trackingId } = await forward.receiveComplaint(reportInput());
    const out = await run('node', ['out/main.js', s.t.url, s.keys.status, trackingId], proj);
    expect(JSON.parse(out)).toEqual({ trackingId, status: 'RECEIVED', typed: true });
  });
});
