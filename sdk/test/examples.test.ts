// The examples in sdk/examples, built and run against a real service:
// - the browser status page, bundled with esbuild from the built package and opened in headless
//   Chromium (Debian's `chromium`, driven by playwright-core): a status lookup and live events over
//   WebSocket and over Server-Sent Events;
// - the Node service that follows an agency's live status, type-checked, bundled and run as a process.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionIds } from '../../test/lifecycle/steps.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import type { TuntasClient } from '../src/index.js';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

const root = process.cwd();
const examples = path.join(root, 'sdk/examples');
const exec = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let s: SdkTestApp;
let admin: TuntasClient;
let head: TuntasClient;
let div: Record<string, string>;
let out: string;
let page: Server | undefined;
let pageUrl: string;
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'tuntas-sdk-examples-'));
  // The status page is served from its own origin: the service must answer its cross-origin calls,
  // so that origin is the one CORS_ORIGINS allows (none is allowed by default).
  const server = createServer((req, res) => {
    const file = new URL(req.url ?? '/', 'http://x').pathname === '/main.js' ? 'main.js' : 'index.html';
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html; charset=utf-8' });
    res.end(readFileSync(path.join(out, 'page', file)));
  });
  page = server;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  s = await startSdkApp({ CORS_ORIGINS: new URL(pageUrl).origin });
  // The examples use the package as a portal gets it: its built dist/, through package.json exports.
  await exec('node', ['sdk/scripts/build.mjs'], { cwd: root });
  admin = s.client();
  await admin.login('admin@disporbudpar.demo', DEMO_PASSWORD);
  head = s.client();
  await head.login('kepala@disporbudpar.demo', DEMO_PASSWORD);
  div = await divisionIds(s.t);
}, 180_000);
afterAll(async () => {
  if (page) await new Promise((r) => page!.close(r));
  await s?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Forwards a report, then returns helpers that move it through registration and disposition as staff. */
async function newReport() {
  const { trackingId } = await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
  const c = (await admin.staff.complaintByTrackingId(trackingId))!;
  return {
    trackingId,
    register: () => admin.staff.registerComplaint({ id: c.id, expectedVersion: 1 }),
    dispose: () =>
      head.staff.disposeComplaint({
        id: c.id,
        expectedVersion: 2,
        input: { divisionIds: [div.OLAHRAGA!], instructions: ['TINDAK_LANJUTI'], note: 'Cek lapangan.' },
      }),
  };
}

it('the examples type-check against the built package', { timeout: 120_000 }, async () => {
  const r = await exec(path.join(root, 'node_modules/.bin/tsc'), ['-p', examples]).then(
    (x) => ({ code: 0, out: x.stdout + x.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  expect(r).toEqual({ code: 0, out: '' });
});

// Not skipped when Chromium is missing: .ci/run installs it (apt-get install chromium).
describe('browser status page (headless Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    // Bundled the way a portal would: esbuild, browser platform, the package's `import` build.
    await build({
      entryPoints: [path.join(examples, 'status-page/main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile: path.join(out, 'page/main.js'),
      logLevel: 'warning',
    });
    copyFileSync(path.join(examples, 'status-page/index.html'), path.join(out, 'page/index.html'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the bundle carries Server-Sent Events (no dynamic import a bundler could drop)', () => {
    const bundle = readFileSync(path.join(out, 'page/main.js'), 'utf8');
    expect(bundle).toContain('text/event-stream');
    expect(bundle).not.toContain('NO_SSE');
  });

  for (const transport of ['ws', 'sse'] as const) {
    it(`looks a report up and follows it live over ${transport}`, { timeout: 120_000 }, async () => {
      const report = await newReport();
      const tab = await browser.newPage();
      const problems: string[] = [];
      tab.on('pageerror', (e) => problems.push(e.message));
      tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      const query = new URLSearchParams({ api: s.t.url, transport, trackingId: report.trackingId });
      await tab.goto(`${pageUrl}?${query}`);

      await tab.waitForFunction((id) => document.getElementById('lookup')!.textContent!.startsWith(`${id}: RECEIVED`), report.trackingId);
      expect(await tab.textContent('#transport')).toBe(transport === 'ws' ? 'WebSocket' : 'Server-Sent Events');
      await tab.waitForSelector('#live[data-state="ready"][data-version="1"]');

      await report.register();
      await tab.waitForSelector('#live[data-status="REGISTERED"][data-version="2"]');
      await report.dispose();
      await tab.waitForSelector('#live[data-status="DISPOSED"][data-version="3"]');
      expect(await tab.textContent('#live')).toContain(`${report.trackingId}: DISPOSED (putaran 1, versi 3)`);
      expect(problems).toEqual([]);
      await tab.close();
    });
  }
});

describe('Node service following an agency', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('prints the agency’s complaints, then each change as it happens', { timeout: 120_000 }, async () => {
    const bundle = path.join(examples, 'agency-follower/dist/main.mjs');
    // Dependencies stay imports (resolved from node_modules at run time), as in a deployed service.
    await build({
      entryPoints: [path.join(examples, 'agency-follower/main.ts')],
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      sourcemap: true,
      logLevel: 'warning',
    });

    const report = await newReport();
    child = spawn('node', ['--enable-source-maps', bundle], {
      env: { ...process.env, TUNTAS_URL: s.t.url, TUNTAS_API_KEY: s.keys.complaints, TUNTAS_TRANSPORT: 'ws' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const lines: Record<string, unknown>[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(JSON.parse(l) as Record<string, unknown>));
    const until = async (pred: (l: Record<string, unknown>) => boolean) => {
      while (!lines.some(pred)) {
        if (child!.exitCode !== null) throw new Error(`the service exited ${child!.exitCode}: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    await until((l) => l.type === 'synced');
    expect(lines[0]).toEqual({ type: 'following', agency: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata', transport: 'ws' });
    expect(lines).toContainEqual({ type: 'status', source: 'start', trackingId: report.trackingId, status: 'RECEIVED', version: 1 });

    await report.register();
    await until((l) => l.trackingId === report.trackingId && l.version === 2);
    expect(lines.at(-1)).toEqual({
      type: 'status',
      source: 'event',
      trackingId: report.trackingId,
      status: 'REGISTERED',
      version: 2,
      action: 'REGISTER',
      actorRole: 'ADMIN',
    });
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    expect(child.exitCode).toBe(0);
    expect(stderr).toBe('');
  });
});
