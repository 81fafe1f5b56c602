// Health endpoints, the GraphiQL console (served from the installed package, never from a CDN; in
// production only for a signed-in ADMIN or COORDINATOR) and request ids.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const HTML = { accept: 'text/html' };

let t: TestApp;
let prod: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  prod = await startTestApp({ env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await t?.close();
  await prod?.close();
});

describe('health', () => {
  it('/healthz answers 200 while the process is up', async () => {
    const r = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when the database is reachable and migrated', async () => {
    const r = await fetch(t.url.replace('/graphql', '/readyz'));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ready', pending: [], backup: { schedule: null } });
  });
});

describe("GraphiQL (the administrators' console, src/console/)", () => {
  it('is served outside production, from the installed package with no external script or style', async () => {
    const r = await fetch(t.url, { headers: HTML });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toContain('<title>tuntas — Konsol Administrator</title>');
    expect(html).toMatch(/graphiql\.[0-9a-f]{16}\.js/);
    // Nothing loaded from elsewhere: an office network may have no internet.
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/i);
  });

  it('opens in production on the sign-in page; a Bearer header of a role below ADMIN gets the refusal page', async () => {
    const anonymous = await fetch(prod.url, { headers: HTML });
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain('id="form-masuk"');
    const head = await prod.login('kepala@disporbudpar.demo');
    const asHead = await fetch(prod.url, { headers: { ...HTML, authorization: `Bearer ${head}` } });
    expect(asHead.status).toBe(403);
    const refusal = await asHead.text();
    expect(refusal).toContain('Akses ditolak');
    expect(refusal).toContain('(HEAD)');
    expect(refusal).not.toContain('graphiql');
  });

  it.each(['admin@disporbudpar.demo', 'koordinator@lapor.demo'])('is opened in production by a signed-in %s', async (email) => {
    const token = await prod.login(email);
    const access = await fetch(prod.url.replace('/graphql', '/console/access'), { headers: { authorization: `Bearer ${token}` } });
    expect(access.status).toBe(200);
    expect(await access.json()).toMatchObject({ allowed: true });
    const r = await fetch(prod.url, { headers: { ...HTML, authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('<title>tuntas — Konsol Administrator</title>');
  });
});

describe('request ids', () => {
  it('gives every request an id in the x-request-id response header, and keeps one the client sent', async () => {
    const a = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const b = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'));
    const mine = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'lb-123' },
      body: '{"query":"{ __typename }"}',
    });
    expect(mine.headers.get('x-request-id')).toBe('lb-123');
  });
});

describe('graceful shutdown', () => {
  it('answers /readyz 503 while draining and lets the running request finish', async () => {
    const d = await startTestApp();
    const { port } = new URL(d.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let received = '';
    socket.on('data', (c) => (received += c));
    const body = '{"query":"{ __typename }"}';
    // A request whose body has not fully arrived is running: shutdown must wait for it.
    const started = new Promise((r) => d.app.server.once('request', r));
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    await started;
    const closing = d.app.close();
    // The rest of the body, and a readiness probe pipelined behind it on the same connection.
    socket.write(`${body.slice(5)}GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await closing;
    await new Promise((r) => (socket.destroyed ? r(null) : socket.once('close', r)));
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(responses[0]).toContain('"__typename":"Query"');
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(responses[1]).toContain('"status":"draining"');
    await d.close();
  });
});

describe('shutdown grace period', () => {
  it('keeps serving with /readyz at 503 for SHUTDOWN_GRACE_SECONDS, then stops', async () => {
    const g = await startTestApp({ env: { SHUTDOWN_GRACE_SECONDS: '2' } });
    const readyz = g.url.replace('/graphql', '/readyz');
    expect((await fetch(readyz)).status).toBe(200);
    const closed = g.close();
    // Inside the grace period: not ready, but requests are still answered.
    await new Promise((r) => setTimeout(r, 300));
    const during = await fetch(readyz);
    expect(during.status).toBe(503);
    expect(await during.json()).toMatchObject({ status: 'draining' });
    const login = await g.gql(`mutation { login(email: "x@y.z", password: "p") { __typename } }`);
    expect(login.data.login.__typename).toBe('LoginFailedError');
    await closed;
    await expect(fetch(readyz)).rejects.toThrow();
  });
});
