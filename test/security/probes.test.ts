// The attacker's probes of issue 11, each replayed over HTTP against a real server and database: one
// cheap request must not stall the service, and nothing may leak around the edges.
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveInput, RECEIVE } from '../complaints/fixtures.js';
import { demoAgency, EMAIL, gid, makeComplaint, otherAgency, type AgencyFixture } from '../reads/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { __typename ... on Error { code } } }`;
let addressSeq = 0;
/** A fresh client address per test (TRUST_PROXY=1: the address the proxy appended is the client's). */
const fromAddress = () => ({ 'x-forwarded-for': `203.0.113.${++addressSeq}` });

const lines: string[] = [];
const captured = pino(
  { level: 'info' },
  new Writable({
    write: (chunk, _e, cb) => {
      lines.push(String(chunk));
      cb();
    },
  }),
);

let t: TestApp;
let prod: TestApp;
let limited: TestApp;
let dishub: AgencyFixture;
let demo: AgencyFixture;

async function post(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...fromAddress(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { res, json };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** The first error's code (an unexpected validation failure carries its message, to show why). */
const code = (r: { json: any }) => {
  const e = r.json.errors?.[0];
  return e?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? `GRAPHQL_VALIDATION_FAILED: ${e.message}` : e?.extensions?.code;
};

beforeAll(async () => {
  t = await startTestApp({
    env: {
      TRUST_PROXY: '1',
      MAX_SUBSCRIPTIONS_PER_ADDRESS: '5',
      CORS_ORIGINS: 'https://portal.example.go.id',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    },
    appOptions: { log: captured },
  });
  prod = await startTestApp({ env: { NODE_ENV: 'production', TRUST_PROXY: '1' }, database: { db: t.db }, seed: false });
  limited = await startTestApp({
    env: { RATE_LIMIT_PER_ADDRESS: '3', RATE_LIMIT_EXPENSIVE: '2', TRUST_PROXY: '1' },
    database: { db: t.db },
    seed: false,
  });
  demo = await demoAgency(t.db.prisma);
  dishub = await otherAgency(t.db.prisma);
}, 120_000);
afterAll(async () => {
  await limited?.close();
  await prod?.close();
  await t?.close();
});

describe('one request cannot stall the service', () => {
  it('20,000 aliases of complaintStatus, no login: refused before execution with QUERY_TOO_COMPLEX', async () => {
    const query = `{ ${Array.from({ length: 20_000 }, (_, i) => `a${i}: complaintStatus(trackingId: "X") { status }`).join(' ')} }`;
    const r = await post(t, { query });
    expect(code(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.json.data).toBeUndefined();
  });

  it('agencies{divisions{agency{divisions{…}}}} 8 levels, signed in: QUERY_TOO_COMPLEX', async () => {
    const token = await t.login(EMAIL.coordinator);
    let inner = 'code';
    for (let i = 0; i < 8; i++) inner = i % 2 === 1 ? `divisions { ${inner} }` : `agency { ${inner} }`;
    const r = await post(t, { query: `{ agencies { ${inner} } }` }, bearer(token));
    expect(code(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.json.data).toBeUndefined();
  });

  it('limits depth, aliases, directives, tokens and cost; staff get more room than anonymous callers', async () => {
    const status = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: complaintStatus(trackingId: "X") { status }`).join(' ')} }`;
    expect(code(await post(t, { query: status(15) }))).toBeUndefined();
    expect(code(await post(t, { query: status(16) }))).toBe('QUERY_TOO_COMPLEX');
    const token = await t.login(EMAIL.admin);
    expect(code(await post(t, { query: status(16) }, bearer(token)))).toBeUndefined();
    // Valid operations that any server without limits answers (no repeated directive on one
    // location, no field the anonymous caller may not read): only the limits refuse them.
    const directives = (n: number) => `{ ${Array.from({ length: n }, () => '... @include(if: true) { __typename }').join(' ')} }`;
    expect(code(await post(t, { query: directives(50) }))).toBeUndefined();
    const tooMany = await post(t, { query: directives(51) });
    expect(code(tooMany)).toBe('QUERY_TOO_COMPLEX');
    expect(tooMany.json.errors?.[0]?.message).toMatch(/directive/i);
    const tokens = `{ complaintStatus(trackingId: "X") { ${Array.from({ length: 300 }, () => '... { status }').join(' ')} } }`;
    const tooLong = await post(t, { query: tokens });
    expect(code(tooLong)).toBe('QUERY_TOO_COMPLEX');
    expect(tooLong.json.errors?.[0]?.message).toMatch(/token/i);
    expect(code(await post(t, { query: tokens }, bearer(token)))).toBeUndefined();
    // Cost: pages multiply what is inside them.
    const cheap = `{ complaints(first: 5) { edges { node { id history { summary } } } } }`;
    const costly = `{ complaints(first: 100) { edges { node { id history { summary } divisions { name agency { divisions { name children { name } } } } } } } }`;
    expect(code(await post(t, { query: cheap }, bearer(token)))).toBeUndefined();
    const r = await post(t, { query: costly }, bearer(token));
    expect(code(r)).toBe('QUERY_TOO_COMPLEX');
    expect(r.json.errors?.[0]?.message).toMatch(/cost/i);
  });

  // Parsed documents and their validation are remembered per caller tier (src/security/plugin.ts):
  // what was accepted for one caller must not be reused for another, nor for other variables.
  it('a document accepted for staff is still refused to an anonymous caller, however often staff sent it', async () => {
    const token = await t.login(EMAIL.admin);
    const query = `{ ${Array.from({ length: 17 }, (_, i) => `b${i}: complaintStatus(trackingId: "Y") { status }`).join(' ')} }`;
    for (let i = 0; i < 3; i++) expect(code(await post(t, { query }, bearer(token)))).toBeUndefined();
    for (let i = 0; i < 2; i++) expect(code(await post(t, { query }))).toBe('QUERY_TOO_COMPLEX');
    expect(code(await post(t, { query }, bearer(token)))).toBeUndefined();
  });

  it('a page size given by a variable is costed for every request, not once per document', async () => {
    const token = await t.login(EMAIL.admin);
    const query = `query($n: Int!) { complaints(first: $n) { edges { node { id history { summary } divisions { name agency { divisions { name children { name } } } } } } } }`;
    expect(code(await post(t, { query, variables: { n: 5 } }, bearer(token)))).toBeUndefined();
    expect(code(await post(t, { query, variables: { n: 5 } }, bearer(token)))).toBeUndefined();
    const big = await post(t, { query, variables: { n: 100 } }, bearer(token));
    expect(code(big)).toBe('QUERY_TOO_COMPLEX');
    expect(big.json.data).toBeUndefined();
    expect(code(await post(t, { query, variables: { n: 5 } }, bearer(token)))).toBeUndefined();
  });
});

describe('production', () => {
  it('answers introspection only to signed-in staff, and gives no "Did you mean" suggestions', async () => {
    const anon = await post(prod, { query: `{ __schema { queryType { name } } }` });
    expect(code(anon)).toBe('FORBIDDEN');
    expect(anon.json.data).toBeUndefined();
    const token = await prod.login(EMAIL.auditor);
    const staff = await post(prod, { query: `{ __schema { queryType { name } } }` }, bearer(token));
    expect(staff.json.data.__schema.queryType.name).toBe('Query');
    const typo = await post(prod, { query: `{ complaintStatu(trackingId: "X") { status } }` });
    expect(typo.json.errors[0].message).not.toMatch(/Did you mean/);
    const dev = await post(t, { query: `{ complaintStatu(trackingId: "X") { status } }` });
    expect(dev.json.errors[0].message).toMatch(/Did you mean/);
  });
});

describe('login', () => {
  it('counts parallel guesses before checking the password: 25 at once verify at most LOGIN_MAX_FAILURES of them', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, () => post(t, { query: LOGIN, variables: { e: EMAIL.liaison, p: 'wrong-guess' } })),
    );
    const kinds = results.map((r) => r.json.data.login.__typename);
    expect(kinds.filter((k) => k === 'LoginFailedError').length).toBeLessThanOrEqual(5);
    expect(kinds.filter((k) => k === 'RateLimitedError').length).toBeGreaterThanOrEqual(20);
  });

  it('9 wrong and 1 right in parallel: no more than 5 passwords are checked in all', async () => {
    const all = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(t, { query: LOGIN, variables: { e: EMAIL.pariwisata, p: i === 9 ? 'tuntas-demo-2026' : `wrong-${i}` } }),
      ),
    );
    const kinds = all.map((r) => r.json.data.login.__typename);
    expect(kinds.filter((k) => k !== 'RateLimitedError').length).toBeLessThanOrEqual(5);
    await t.db.prisma.loginThrottle.deleteMany({});
  });

  it('TRUST_PROXY=1 uses the address the proxy saw, not the leftmost X-Forwarded-For the client wrote', async () => {
    const app = await startTestApp({
      env: { TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES: '100' },
      database: { db: t.db },
      seed: false,
    });
    try {
      const kinds: string[] = [];
      for (let i = 0; i < 5; i++) {
        // The client forges a new leftmost entry each time; the proxy appends the real 198.51.100.7.
        const r = await post(
          app,
          { query: LOGIN, variables: { e: EMAIL.kebudayaan, p: 'wrong' } },
          { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.7` },
        );
        kinds.push(r.json.data.login.__typename);
      }
      expect(kinds.slice(0, 3)).toEqual(['LoginFailedError', 'LoginFailedError', 'LoginFailedError']);
      expect(kinds.slice(3)).toEqual(['RateLimitedError', 'RateLimitedError']);
      // Someone else behind another address is not locked out by the forged entries.
      const other = await post(
        app,
        { query: LOGIN, variables: { e: EMAIL.kebudayaan, p: 'tuntas-demo-2026' } },
        { 'x-forwarded-for': '10.9.9.0, 198.51.100.8' },
      );
      expect(other.json.data.login.__typename).toBe('AuthPayload');
    } finally {
      await app.close();
      await t.db.prisma.loginThrottle.deleteMany({});
    }
  });
});

async function signToken(opts: { sub: string; exp: boolean; alg?: 'HS256' | 'HS512' }) {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ role: 'ADMIN' })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(opts.sub)
    .setIssuer('tuntas')
    .setIssuedAt(now);
  if (opts.exp) jwt = jwt.setExpirationTime(now + 3600);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

describe('credentials sent are credentials checked', () => {
  const STATUS = `{ complaintStatus(trackingId: "NOPE") { status } }`;

  it('a made-up or revoked API key on complaintStatus is UNAUTHENTICATED, not anonymous', async () => {
    expect(code(await post(t, { query: STATUS }))).toBeUndefined();
    const madeUp = await post(t, { query: STATUS }, { 'x-api-key': `tnt_${'a'.repeat(12)}_${'b'.repeat(32)}` });
    expect(code(madeUp)).toBe('UNAUTHENTICATED');
    expect(madeUp.res.status).toBe(401);
    expect(code(await post(t, { query: STATUS }, { 'x-api-key': 'garbage' }))).toBe('UNAUTHENTICATED');
    const admin = await t.login(EMAIL.admin);
    const created = await t.gql(
      `mutation { createApiKey(name: "p", scopes: [READ_STATUS]) { ... on CreatedApiKey { key apiKey { id } } } }`,
      {},
      { token: admin },
    );
    const { key, apiKey } = created.data.createApiKey;
    expect(code(await post(t, { query: STATUS }, { 'x-api-key': key }))).toBeUndefined();
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }`, { id: apiKey.id }, { token: admin });
    expect(code(await post(t, { query: STATUS }, { 'x-api-key': key }))).toBe('UNAUTHENTICATED');
    expect(code(await post(t, { query: STATUS }, bearer('not.a.token')))).toBe('UNAUTHENTICATED');
  });

  it('a token signed with the real secret but without exp, or with another algorithm, is refused', async () => {
    const sub = demo.users[EMAIL.admin]!.id;
    expect(code(await post(t, { query: `{ me { email } }` }, bearer(await signToken({ sub, exp: true }))))).toBeUndefined();
    expect(code(await post(t, { query: `{ me { email } }` }, bearer(await signToken({ sub, exp: false }))))).toBe('UNAUTHENTICATED');
    expect(code(await post(t, { query: `{ me { email } }` }, bearer(await signToken({ sub, exp: true, alg: 'HS512' }))))).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('visibility around the edges', () => {
  it('node/nodes with another agency’s Agency, Division or ApiKey id answer null', async () => {
    const coordinator = await t.login(EMAIL.coordinator);
    const key = await t.gql(
      `mutation($a: ID!) { createApiKey(name: "dishub", scopes: [READ_STATUS], agencyId: $a) { ... on CreatedApiKey { apiKey { id } } ... on Error { code message } } }`,
      { a: gid('Agency', dishub.id) },
      { token: coordinator },
    );
    const keyId = key.data.createApiKey.apiKey.id;
    const ids = [gid('Agency', dishub.id), gid('Division', dishub.divisions.LALU_LINTAS!), keyId];
    const admin = await t.login(EMAIL.admin);
    const r = await post(t, { query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids } }, bearer(admin));
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.nodes).toEqual([null, null, null]);
    for (const id of ids) {
      const one = await post(t, { query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id } }, bearer(admin));
      expect(one.json.data.node).toBeNull();
    }
    // Their own agency's are still there, and the coordinator sees every one.
    const own = await post(
      t,
      { query: `query($id: ID!) { node(id: $id) { id } }`, variables: { id: gid('Agency', demo.id) } },
      bearer(admin),
    );
    expect(own.json.data.node).not.toBeNull();
    const all = await post(t, { query: `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, variables: { ids } }, bearer(coordinator));
    expect(all.json.data.nodes.every((n: unknown) => n !== null)).toBe(true);
  });

  it('reporterAccessLog of a complaint dispatched from another agency does not show that agency’s people', async () => {
    const c = await makeComplaint(t.db.prisma, dishub, { confidential: true });
    await t.db.prisma.reporterAccessLog.create({
      data: { complaintId: c.id, userId: dishub.users['kepala@dishub.demo']!.id, role: 'HEAD', at: new Date() },
    });
    await t.db.prisma.complaint.update({ where: { id: c.id }, data: { agencyId: demo.id } });
    const head = await t.login(EMAIL.head);
    const r = await post(
      t,
      {
        query: `query($id: ID!) { reporterAccessLog(complaintId: $id) { role user { name email nip agency { name } } } }`,
        variables: { id: gid('Complaint', c.id) },
      },
      bearer(head),
    );
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.reporterAccessLog).toEqual([{ role: 'HEAD', user: null }]);
  });

  it('receiveComplaint with another agency’s tracking ID names that complaint only to the COORDINATOR', async () => {
    const c = await makeComplaint(t.db.prisma, dishub, {});
    const admin = await t.login(EMAIL.admin);
    const r = await t.gql(RECEIVE, { input: receiveInput({ trackingId: c.trackingId }) }, { token: admin });
    expect(r.data.receiveComplaint.__typename).toBe('DuplicateTrackingIdError');
    expect(r.data.receiveComplaint.existingComplaintId).toBeNull();
    const coordinator = await t.login(EMAIL.coordinator);
    const k = await t.gql(
      RECEIVE,
      { input: receiveInput({ trackingId: c.trackingId, agencyId: gid('Agency', demo.id) }) },
      { token: coordinator },
    );
    expect(k.data.receiveComplaint.existingComplaintId).toBe(gid('Complaint', c.id));
  });
});

describe('bad input is INVALID_INPUT, never a 500', () => {
  it.each([
    ['a NUL byte', { title: 'Lampu\u0000mati' }, 'input.title'],
    ['a lone surrogate', { content: 'Lampu \uD800 mati' }, 'input.content'],
    ['year 0000', { submittedAt: '0000-01-01T00:00:00Z' }, 'submittedAt'],
    ['30 February', { submittedAt: '2026-02-30T00:00:00Z' }, 'submittedAt'],
  ])('%s', async (_what, overrides, field) => {
    const admin = await t.login(EMAIL.admin);
    const r = await post(t, { query: RECEIVE, variables: { input: receiveInput(overrides) } }, bearer(admin));
    const err = r.json.errors?.[0] ?? r.json.data?.receiveComplaint;
    expect(err.extensions?.code ?? err.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(err)).toContain(field);
    expect(await t.db.prisma.complaint.count({ where: { title: { contains: 'Lampu' } } })).toBe(0);
  });

  it('a NUL byte written into the document, and wrong-type or malformed global IDs', async () => {
    const admin = await t.login(EMAIL.admin);
    const literal = await post(t, { query: `{ complaintStatus(trackingId: "A\\u0000B") { status } }` });
    expect(code(literal)).toBe('INVALID_INPUT');
    const unknown = '754678fb-8041-4c82-a840-1087133f4810';
    for (const id of [
      gid('Agency', demo.id),
      gid('Complaint', 'not-a-uuid'),
      gid('Holiday', unknown),
      gid('ApiKey', unknown),
      gid('Nope', unknown),
      'bm9wZQ==',
      '%%%',
    ]) {
      const r = await post(
        t,
        { query: `query($id: ID!) { complaint(id: $id) { id } node(id: $id) { id } }`, variables: { id } },
        bearer(admin),
      );
      expect(r.res.status).toBeLessThan(500);
      for (const e of r.json.errors ?? []) expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  });
});

describe('uploads', () => {
  it('a string where a file goes (File in JSON variables, found by the fuzz test) is INVALID_INPUT, not a 500', async () => {
    const admin = await t.login(EMAIL.admin);
    for (const f of [' ', { name: 'x.csv' }]) {
      const r = await post(
        t,
        { query: `mutation($f: File!) { importComplaints(file: $f, dryRun: true) { __typename } }`, variables: { f } },
        bearer(admin),
      );
      expect(r.res.status).toBeLessThan(500);
      expect(code(r)).toBe('INVALID_INPUT');
      expect(r.json.errors[0].extensions.issues[0].field).toBe('file');
    }
  });
});

describe('browsers', () => {
  it('refuses cross-site form-encoded and multipart POSTs (no preflight), and does not run them', async () => {
    const form = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent(LOGIN)}&variables=${encodeURIComponent(JSON.stringify({ e: EMAIL.auditor, p: 'x' }))}`,
    });
    expect(form.status).toBe(403);
    const fd = new FormData();
    fd.set('operations', JSON.stringify({ query: '{ __typename }' }));
    fd.set('map', '{}');
    const multipart = await fetch(t.url, { method: 'POST', body: fd });
    expect(multipart.status).toBe(403);
    expect(await t.db.prisma.loginThrottle.count({ where: { key: `account:${EMAIL.auditor}` } })).toBe(0);
  });

  it('CORS: only the configured origins, never an echo of any Origin', async () => {
    const evil = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.go.id', 'access-control-request-method': 'POST' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example.go.id');
    const prodEvil = await fetch(prod.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(prodEvil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('logs', () => {
  it('never carry a query string’s variables or password; client errors are one line without a stack', async () => {
    lines.length = 0;
    const q = encodeURIComponent(LOGIN);
    const v = encodeURIComponent(JSON.stringify({ e: EMAIL.auditor, p: 'S3cret-Passw0rd!' }));
    const r = await fetch(`${t.url}?query=${q}&variables=${v}`, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(r.status).toBe(405);
    await post(t, { query: `{ nope }` });
    await post(t, '{not json');
    // Bad input a client sent (a NUL byte, a global ID of the wrong type): a client error, no stack.
    await post(t, { query: `{ complaintStatus(trackingId: "A\\u0000B") { status } }` });
    const admin = await t.login(EMAIL.admin);
    await post(t, { query: `query($id: ID!) { complaint(id: $id) { id } }`, variables: { id: gid('Agency', demo.id) } }, bearer(admin));
    await new Promise((res) => setTimeout(res, 50));
    const log = lines.join('');
    expect(log).toContain('"url":"/graphql"');
    expect(log).not.toContain('S3cret');
    expect(log).not.toContain('variables=');
    expect(log).not.toMatch(/"stack"/);
    expect(log).not.toMatch(/\.ts:\d+|node_modules/);
  });
});

describe('live subscriptions', () => {
  it('caps open subscriptions per client address', async () => {
    const { trackingId } = await makeComplaint(t.db.prisma, demo, {});
    const controllers: AbortController[] = [];
    const open = async () => {
      const ac = new AbortController();
      controllers.push(ac);
      const res = await fetch(t.url, {
        method: 'POST',
        signal: ac.signal,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-forwarded-for': '198.51.100.99' },
        body: JSON.stringify({
          query: `subscription($t: String!) { complaintStatusChanged(filter: { trackingId: $t }) { status } }`,
          variables: { t: trackingId },
        }),
      });
      const reader = res.body!.getReader();
      const first = await Promise.race([
        reader.read().then((c) => new TextDecoder().decode(c.value)),
        new Promise<string>((r) => setTimeout(() => r(''), 1500)),
      ]);
      return first;
    };
    try {
      const firsts: string[] = [];
      for (let i = 0; i < 6; i++) firsts.push(await open());
      expect(firsts.slice(0, 5).every((f) => !f.includes('RATE_LIMITED'))).toBe(true);
      expect(firsts[5]).toContain('RATE_LIMITED');
    } finally {
      for (const ac of controllers) ac.abort();
    }
    // Closed streams free their places.
    for (let i = 0; i < 50 && t.app.services.live.count > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(t.app.services.live.count).toBe(0);
  });
});

describe('rate limits', () => {
  it('over the per-address limit: HTTP 429, Retry-After and RATE_LIMITED', async () => {
    const h = { 'x-forwarded-for': '192.0.2.1' };
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < 4; i++) last = await post(limited, { query: '{ __typename }' }, h);
    expect(last!.res.status).toBe(429);
    expect(Number(last!.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(code(last!)).toBe('RATE_LIMITED');
    expect(last!.json.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('a status answer held in the response cache is still counted and refused over the limit', async () => {
    const h = { 'x-forwarded-for': '192.0.2.2' };
    const query = `query($t: String!) { complaintStatus(trackingId: $t) { status } }`;
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let i = 0; i < 4; i++) answers.push(await post(limited, { query, variables: { t: 'LAP-RATE-0001' } }, h));
    // The second and third are cache hits (answered before parsing); the fourth is over the limit.
    expect(answers.slice(0, 3).map((a) => [a.res.status, a.json.data?.complaintStatus])).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
    expect(answers[3]!.res.status).toBe(429);
    expect(code(answers[3]!)).toBe('RATE_LIMITED');
    // Another address is not limited and gets the cached answer.
    const other = await post(limited, { query, variables: { t: 'LAP-RATE-0001' } }, { 'x-forwarded-for': '192.0.2.3' });
    expect(other.res.status).toBe(200);
    expect(other.json).toEqual({ data: { complaintStatus: null } });
  });

  it('expensive operations are limited per user, whatever address they come from', async () => {
    const token = await signToken({ sub: demo.users[EMAIL.head]!.id, exp: true });
    const counts = () => post(limited, { query: '{ complaintCounts { total } }' }, bearer(token));
    const first = await counts();
    expect(code(first)).toBeUndefined();
    await counts();
    const third = await counts();
    expect(third.res.status).toBe(429);
    expect(code(third)).toBe('RATE_LIMITED');
  });
});
