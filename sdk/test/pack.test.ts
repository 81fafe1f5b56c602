// `npm pack` of sdk/ (its prepack builds), installed into a blank CommonJS project (`npm init -y`'s
// default) and a blank ESM project: a typed call compiles with tsc --strict and runs against the real
// service in both. Dependencies come from the npm cache when it has them (as after `npm ci`).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

const root = process.cwd();
const tsc = path.join(root, 'node_modules/.bin/tsc');
const sdkVersion = (JSON.parse(readFileSync(path.join(root, 'sdk/package.json'), 'utf8')) as { version: string }).version;
let s: SdkTestApp;
let dir: string;
let tarball: string;

// Asynchronous on purpose: the service under test runs in this process and must keep serving.
const exec = promisify(execFile);
const run = async (cmd: string, args: string[], cwd: string) => (await exec(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 10e6 })).stdout;
/** Like run, but a failing exit is a result, not an exception. */
const attempt = (cmd: string, args: string[], cwd: string) =>
  exec(cmd, args, { cwd, encoding: 'utf8' }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );

beforeAll(async () => {
  s = await startSdkApp();
  dir = mkdtempSync(path.join(tmpdir(), 'tuntas-sdk-pack-'));
  // No separate build step: `npm pack` must build by itself (prepack).
  rmSync(path.join(root, 'sdk/dist'), { recursive: true, force: true });
  await run('npm', ['pack', '--pack-destination', dir], path.join(root, 'sdk'));
  tarball = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
}, 180_000);
afterAll(async () => {
  await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A blank project with the tarball installed and a strict tsconfig. */
async function blankProject(name: string, type: 'commonjs' | 'module') {
  const proj = path.join(dir, name);
  mkdirSync(proj);
  // What `npm init -y` writes (no "type": CommonJS), or the same with "type": "module".
  writeFileSync(
    path.join(proj, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', main: 'index.js', ...(type === 'module' ? { type } : {}) }),
  );
  await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], proj);
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
        sourceMap: true,
      },
      files: ['main.ts'],
    }),
  );
  return proj;
}

/** The typed program both projects compile: a status lookup, whoami, and a typed error. */
const program = (wrap: (body: string) => string) =>
  `import { createTuntasClient, NotFoundError, TuntasError, SDK_VERSION, type ComplaintStatusView, type WhoAmI, type TuntasErrorCode } from '@tuntas/sdk';
declare const process: { argv: string[] };
${wrap(`
  const [url, apiKey, trackingId] = process.argv.slice(2) as [string, string, string];
  const client = createTuntasClient({ url, apiKey, timeoutMs: 10_000 });
  const view: ComplaintStatusView | null = await client.complaintStatus(trackingId);
  const me: WhoAmI = await client.whoami();
  let code: TuntasErrorCode | undefined;
  try {
    await createTuntasClient({ url, apiKey: 'tnt_bogus' }).counts();
  } catch (e) {
    if (e instanceof TuntasError) code = e.code;
  }
  console.log(JSON.stringify({ trackingId: view?.trackingId, status: view?.status, kind: me.kind, scopes: me.scopes, code, typed: new NotFoundError('x') instanceof TuntasError, version: SDK_VERSION }));
`)}
`;

describe('npm pack', () => {
  it('ships both builds with their declarations and source maps, the sources they map to, LICENSE and CHANGELOG', async () => {
    const proj = await blankProject('contents', 'module');
    const pkg = path.join(proj, 'node_modules/@tuntas/sdk');
    for (const f of [
      'LICENSE',
      'CHANGELOG.md',
      'README.md',
      'dist/esm/index.js',
      'dist/esm/index.d.ts',
      'dist/esm/client.js.map',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/client.js.map',
      'src/client.ts',
    ]) {
      expect(existsSync(path.join(pkg, f)), f).toBe(true);
    }
    const map = JSON.parse(readFileSync(path.join(pkg, 'dist/cjs/client.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.map((src) => existsSync(path.resolve(pkg, 'dist/cjs', src)))).toEqual(map.sources.map(() => true));
    expect(JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')).version).toBe(sdkVersion);
    expect(path.basename(tarball)).toBe(`tuntas-sdk-${sdkVersion}.tgz`);
  });

  for (const type of ['commonjs', 'module'] as const) {
    it(`installs in a blank ${type === 'module' ? 'ESM' : 'CommonJS'} project, compiles a typed call with tsc --strict and runs it`, {
      timeout: 180_000,
    }, async () => {
      const proj = await blankProject(`blank-${type}`, type);
      // CommonJS has no top-level await.
      const wrap = type === 'module' ? (b: string) => b : (b: string) => `async function main() {${b}}\nvoid main();`;
      writeFileSync(path.join(proj, 'main.ts'), program(wrap));
      expect(await attempt(tsc, ['-p', '.'], proj)).toEqual({ code: 0, out: '' });
      const emitted = readFileSync(path.join(proj, 'out/main.js'), 'utf8');
      expect(emitted).toContain(type === 'module' ? `from '@tuntas/sdk'` : `require("@tuntas/sdk")`);

      const { trackingId } = await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
      const out = await run('node', ['--enable-source-maps', 'out/main.js', s.t.url, s.keys.status, trackingId], proj);
      expect(JSON.parse(out)).toEqual({
        trackingId,
        status: 'RECEIVED',
        kind: 'API_KEY',
        scopes: ['READ_STATUS'],
        code: 'UNAUTHENTICATED',
        typed: true,
        version: sdkVersion,
      });

      // The types are real: a wrong argument and a misspelt filter do not compile.
      writeFileSync(
        path.join(proj, 'main.ts'),
        `import { createTuntasClient } from '@tuntas/sdk';\nconst c = createTuntasClient({ url: 'x' });\nvoid c.complaintStatus(42);\nc.subscribeToStatusChanges({ trackingId: 'a', agencyId: 'b' }, () => {});\n`,
      );
      const bad = await attempt(tsc, ['-p', '.', '--noEmit'], proj);
      expect(bad.code).not.toBe(0);
      expect(bad.out).toMatch(/main\.ts\(3,[0-9]+\): error TS2345/);
      expect(bad.out).toMatch(/main\.ts\(4,[0-9]+\): error TS2/);
    });
  }
});
