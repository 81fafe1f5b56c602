// The administrators' console in a real browser: Debian's Chromium (/usr/bin/chromium, or
// CHROMIUM_PATH) driven by playwright-core, nothing downloaded, against a real server and database.
// Production: sign in (with the second factor), run the "DaftarLaporan" tab, sign out, nothing left
// in the browser's storage; an AUDITOR is refused with a readable page. Development: one complaint
// through SOP steps 1–3 with the ready tabs, and a typed error for a step out of order.
// Screenshots go to test-artifacts/console/ (gitignored).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDeadlines } from '../../src/deadlines/demo-seed.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { startTestApp, type TestApp } from '../support/app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/console/', import.meta.url));
const DB = process.env.TEST_DB ?? 'pglite';
// Generous: two shared cores, and the first GraphiQL load compresses 9 MB once per installation.
const WAIT = { timeout: 90_000 };

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'id-ID' });
  const page = await context.newPage();
  // Script errors and refused resources (a CSP violation, a missing asset) fail the test.
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused resource is reported below with its address; Chromium's console line has none.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  // Signing out reloads the page, which aborts what was still loading (net::ERR_ABORTED): not a fault.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    // The access check answers 403 to a role the console refuses: that is the refusal page's cue.
    if (r.status() >= 400 && !(r.status() === 403 && r.url().endsWith('/console/access'))) problems.push(`${r.status()}: ${r.url()}`);
  });
  return { page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${DB}-${name}.png` });

async function signIn(page: Page, email: string, code?: () => Promise<string>) {
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('#tombol-masuk');
  if (code) {
    await page.locator('#code').waitFor({ state: 'visible', ...WAIT });
    await page.fill('#code', await code());
    await page.click('#tombol-masuk');
  }
}

async function waitForConsole(page: Page) {
  await page.locator('.graphiql-container').first().waitFor(WAIT);
  await page.locator('.graphiql-tab', { hasText: 'Masuk' }).first().waitFor(WAIT);
}

/** Switches tab (a synthetic click: GraphiQL's tabs are draggable, and a pointer click may drag). */
async function openTab(page: Page, title: string) {
  await page.locator('.graphiql-tab', { hasText: title }).locator('button').first().dispatchEvent('click');
  await expect.poll(() => page.locator('.graphiql-tab-active').textContent(), WAIT).toContain(title);
}

/** Replaces the variables editor's text (one line: the editor auto-indents new lines). */
async function setVariables(page: Page, variables: Record<string, unknown>) {
  await page.locator('[data-uri$="-variables.json"]').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(JSON.stringify(variables));
}

/** Runs the active tab's operation with the play button; returns the server's answer. */
async function run(page: Page, operationName: string): Promise<any> {
  const answer = page.waitForResponse(
    (r) =>
      r.url().endsWith('/graphql') &&
      r.request().method() === 'POST' &&
      (r.request().postData() ?? '').includes(`"operationName":"${operationName}"`),
    WAIT,
  );
  await page.click('.graphiql-execute-button');
  return (await answer).json();
}

const responsePane = (page: Page) => page.locator('.graphiql-response');

/** Everything tuntas or GraphiQL left in the page's storage (keys and values). */
const stored = (page: Page) =>
  page.evaluate(() => [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)));

describe('console in production', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production' } });
    // The demo complaints (what an embedded first start seeds), so the list has something to show.
    expect(await seedDemoDeadlines(t.app.services)).toBeGreaterThan(0);
    // The ADMIN enrols the second factor first (production requires it), so the page asks for a code.
    const token = await t.login('admin@disporbudpar.demo');
    secret = (await t.gql(`mutation { beginSecondFactorEnrolment { ... on SecondFactorEnrolment { secret } } }`, {}, { token })).data
      .beginSecondFactorEnrolment.secret;
    const confirmed = await t.gql(
      `mutation($code: String!) { confirmSecondFactorEnrolment(code: $code) { __typename } }`,
      { code: await generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) }) },
      { token },
    );
    expect(confirmed.errors, JSON.stringify(confirmed.errors)).toBeUndefined();
    expect(confirmed.data.confirmSecondFactorEnrolment.__typename).toBe('SecondFactorRecoveryCodes');
    // The next time step: a code is accepted once.
    t.clock.advance(30_000);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an ADMIN signs in with the second factor, runs DaftarLaporan, signs out; nothing stays in storage', async () => {
    const { page, problems } = await newPage();
    await page.goto(t.url);
    await expect(page.locator('h1')).toBeDefined();
    expect(await page.locator('#masuk h1').textContent()).toBe('Konsol Administrator tuntas');
    await shot(page, 'prod-1-sign-in');
    await signIn(page, 'admin@disporbudpar.demo', () => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) }));
    await waitForConsole(page);
    expect(await page.locator('#pengguna').textContent()).toContain('(ADMIN)');
    // The ready tabs, in SOP order.
    const tabs = await page.locator('.graphiql-tab').evaluateAll((els) => els.map((e) => e.querySelector('button')?.textContent?.trim()));
    expect(tabs).toEqual(
      expect.arrayContaining([
        'Masuk',
        'DaftarLaporan',
        'Langkah1_Terima',
        'Langkah3_Disposisi',
        'UmpanBalik',
        'BukuRegister',
        'StatusPublik',
      ]),
    );

    await openTab(page, 'DaftarLaporan');
    await setVariables(page, { first: 10 });
    const list = await run(page, 'DaftarLaporan');
    expect(list.errors).toBeUndefined();
    const complaints = list.data.complaints.edges.map((e: any) => e.node);
    expect(complaints.length).toBeGreaterThan(0);
    await expect.poll(() => responsePane(page).textContent(), WAIT).toContain(complaints[0].trackingId);
    await shot(page, 'prod-2-daftar-laporan');
    // The token went out as a header GraphiQL never shows, and nothing was written to storage.
    expect(await stored(page)).toEqual([]);

    await page.click('#keluar');
    await page.locator('#email').waitFor({ state: 'visible', ...WAIT });
    await expect.poll(() => page.locator('.graphiql-container').count()).toBe(0);
    expect(await stored(page)).toEqual([]);
    await shot(page, 'prod-3-signed-out');
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('an AUDITOR is refused with a readable page', async () => {
    const { page, problems } = await newPage();
    await page.goto(t.url);
    await signIn(page, 'auditor@disporbudpar.demo');
    await page.locator('#ditolak').waitFor({ state: 'visible', ...WAIT });
    expect(await page.locator('#ditolak h1').textContent()).toBe('Akses ditolak');
    const reason = await page.locator('#alasan').textContent();
    expect(reason).toContain('AUDITOR');
    expect(reason).toContain('Administrator');
    expect(await page.locator('.graphiql-container').count()).toBe(0);
    await shot(page, 'prod-4-auditor-refused');
    await page.click('#kembali');
    await page.locator('#email').waitFor({ state: 'visible', ...WAIT });
    expect(await stored(page)).toEqual([]);
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  }, 300_000);
});

describe('console in development', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No second factor here: this walk is about the SOP tabs.
    t = await startTestApp({ env: { NODE_ENV: 'development', REQUIRE_SECOND_FACTOR_ROLES: 'COORDINATOR' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('walks one complaint through steps 1–3 with the ready tabs, and shows a typed error for a step out of order', async () => {
    const { page, problems } = await newPage();
    await page.goto(t.url);
    await signIn(page, 'admin@disporbudpar.demo');
    await waitForConsole(page);

    // Step 1: receive.
    await openTab(page, 'Langkah1_Terima');
    const trackingId = `KONSOL-${DB}-${Date.now()}`;
    const now = t.clock.now().toISOString();
    await setVariables(page, {
      input: {
        trackingId,
        kind: 'LAPORAN',
        channel: 'WEB',
        title: 'Lampu lapangan padam',
        content: 'Sejak seminggu.',
        submittedAt: now,
        dispatchedAt: now,
      },
    });
    const received = (await run(page, 'Langkah1_Terima')).data.hasil;
    expect(received).toMatchObject({ trackingId, status: 'RECEIVED' });
    await expect.poll(() => responsePane(page).textContent(), WAIT).toContain('RECEIVED');

    // Step 2: register.
    await openTab(page, 'Langkah2_Catat');
    await setVariables(page, { id: received.id, expectedVersion: received.version });
    const registered = (await run(page, 'Langkah2_Catat')).data.hasil;
    expect(registered).toMatchObject({ status: 'REGISTERED' });
    expect(registered.registerNumber).toBeTruthy();
    await shot(page, 'dev-1-registered');

    // Out of order: the response (step 7) before the disposition is a typed error, not a crash.
    await openTab(page, 'Langkah7_Tanggapan');
    await setVariables(page, { id: received.id, expectedVersion: registered.version, input: { postedAt: now } });
    const refused = await run(page, 'Langkah7_Tanggapan');
    expect(refused.errors).toBeUndefined();
    expect(refused.data.hasil.__typename).toBe('IllegalTransitionError');
    // The console asks for Indonesian (Accept-Language: id-ID): the message comes from the catalogue in Indonesian.
    expect(refused.data.hasil.message).toMatch(/^Tidak dapat /);
    await expect.poll(() => responsePane(page).textContent(), WAIT).toContain('IllegalTransitionError');
    await shot(page, 'dev-2-out-of-order');

    // Step 3: the head disposes it, after signing in as the head.
    await page.click('#keluar');
    await page.locator('#email').waitFor({ state: 'visible', ...WAIT });
    expect(await stored(page)).toEqual([]);
    const head = await t.login('kepala@disporbudpar.demo');
    const divisions = (await t.gql(`{ agencies { divisions { id code } } }`, {}, { token: head })).data.agencies[0].divisions;
    const division = divisions.find((d: { code: string }) => d.code === 'KEPEMUDAAN') ?? divisions[0];
    await signIn(page, 'kepala@disporbudpar.demo');
    await waitForConsole(page);
    await openTab(page, 'Langkah3_Disposisi');
    await setVariables(page, {
      id: received.id,
      expectedVersion: registered.version,
      input: { divisionIds: [division.id], instructions: ['TINDAK_LANJUTI'], priority: 'BIASA', note: 'Segera tindak lanjuti' },
    });
    const disposed = (await run(page, 'Langkah3_Disposisi')).data.hasil;
    expect(disposed).toMatchObject({ status: 'DISPOSED', version: registered.version + 1 });
    await expect.poll(() => responsePane(page).textContent(), WAIT).toContain('DISPOSED');
    await shot(page, 'dev-3-disposed');
    expect(problems, problems.join('\n')).toEqual([]);
    await page.context().close();
  }, 300_000);
});
