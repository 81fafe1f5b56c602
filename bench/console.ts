// `npm run bench -- console`: bytes on the wire when an administrator opens the console in Chromium
// (Debian's /usr/bin/chromium or CHROMIUM_PATH, via playwright-core and the DevTools protocol's
// encodedDataLength), first visit and a later visit in the same browser profile (cache warm), against
// Yoga's inline GraphiQL page as it was served before (one uncompressed, uncached HTML document).
// Prints numbers and ratios; asserts nothing. Runs on embedded PGlite in production mode.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { chromium, type Page } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { startTestApp } from '../test/support/app.js';
import type { Socket } from 'node:net';
import os from 'node:os';

process.env.TEST_DB ??= 'pglite';
const t = await startTestApp({ env: { NODE_ENV: 'development', REQUIRE_SECOND_FACTOR_ROLES: 'COORDINATOR' } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});

// Bytes the server wrote (headers included) on every connection: this also counts the editor workers,
// which the page's DevTools session does not see (they load in their own targets).
const sockets = new Set<Socket>();
t.app.server.on('connection', (s: Socket) => sockets.add(s));
const written = () => [...sockets].reduce((n, s) => n + s.bytesWritten, 0);

/** Opens the console, signs in, waits for GraphiQL and its editor workers; returns bytes received. */
async function visit(page: Page): Promise<{ bytes: number; requests: number; fromCache: number; server: number }> {
  const before = written();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  let fromCache = 0;
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) =>
    urls.set(e.requestId, `${e.request.method} ${e.request.url.replace(/^https?:\/\/[^/]+/, '')}`),
  );
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests++;
    if (process.env.BENCH_VERBOSE) console.log(`  ${String(e.encodedDataLength).padStart(9)}  ${urls.get(e.requestId)?.slice(0, 90)}`);
  });
  cdp.on('Network.requestServedFromCache', () => fromCache++);
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) fromCache++;
  });
  await page.goto(t.url);
  await page.fill('#email', 'admin@disporbudpar.demo');
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#tombol-masuk');
  await page.locator('.graphiql-container').first().waitFor({ timeout: 120_000 });
  // The docs (introspection) and the editor workers have loaded once the schema is known.
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return { bytes, requests, fromCache, server: written() - before };
}

const context = await browser.newContext();
const first = await visit(await context.newPage());
const second = await visit(await context.newPage());
await browser.close();
await t.close();

// Before: Yoga's renderGraphiQL page, the whole bundle inline, uncompressed and uncached on every load.
const before = Buffer.byteLength(renderGraphiQL({ title: 'tuntas' }));
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(`before (inline GraphiQL, every load): ${mb(before)} (${mb(gzipSync(renderGraphiQL({ title: 'tuntas' })).length)} if gzipped)`);
for (const [name, v] of [
  ['first load', first],
  ['later load', second],
] as const) {
  console.log(
    `console, ${name}: ${mb(v.server)} written by the server (page documents: ${mb(v.bytes)} in ${v.requests} responses, ${v.fromCache} from cache)`,
  );
}
console.log(`first / before: ${(first.server / before).toFixed(3)}; later / before: ${(second.server / before).toFixed(4)}`);
