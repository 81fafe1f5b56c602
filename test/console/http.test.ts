// The console over HTTP: a small page, hashed assets compressed by Accept-Encoding and cacheable for a
// year, the access check, and introspection still closed to anonymous callers in production.
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let prod: TestApp;
let base: string;
let assets: string[];
beforeAll(async () => {
  prod = await startTestApp({ env: { NODE_ENV: 'production' } });
  base = prod.url.replace('/graphql', '');
  const html = await (await fetch(prod.url, { headers: { accept: 'text/html' } })).text();
  assets = [...html.matchAll(/"(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  // The GraphiQL bundle and its workers are named in the page's configuration.
  const config = JSON.parse(/<script type="application\/json" id="tuntas-console">(.*?)<\/script>/s.exec(html)![1]!);
  assets.push(config.graphiql.js, config.graphiql.css, ...Object.values(config.workers as Record<string, string>));
  assets = [...new Set(assets)];
});
afterAll(async () => {
  await prod?.close();
});

/** Bytes on the wire of one GET (fetch would decode; the length header is what was sent). */
async function wire(path: string, encoding: string) {
  const r = await fetch(base + path, { headers: { 'accept-encoding': encoding, accept: 'text/html' } });
  await r.arrayBuffer();
  return { r, bytes: Number(r.headers.get('content-length')) };
}

describe('console page', () => {
  it('is small, never cached, and allows scripts from this origin only', async () => {
    const { r, bytes } = await wire('/graphql', 'gzip, deflate, br');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(bytes).toBeLessThan(20_000);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('content-security-policy')).not.toContain('unsafe-eval');
  });

  it('still answers GraphQL clients with JSON on the same address', async () => {
    const r = await prod.gql('{ __typename }');
    expect(r.data).toEqual({ __typename: 'Query' });
  });
});

describe('console assets', () => {
  it('have content-hashed names, are cacheable for a year as immutable, and come brotli- or gzip-compressed', async () => {
    expect(assets.length).toBeGreaterThanOrEqual(8);
    let brotli = 0;
    for (const path of assets) {
      expect(path).toMatch(/\.[0-9a-f]{16}\.(js|css|ico)$/);
      const br = await wire(path, 'gzip, deflate, br');
      expect(br.r.status).toBe(200);
      expect(br.r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(br.r.headers.get('vary')).toBe('Accept-Encoding');
      expect(br.r.headers.get('content-encoding')).toBe('br');
      brotli += br.bytes;
      const gz = await wire(path, 'gzip');
      expect(gz.r.headers.get('content-encoding')).toBe('gzip');
      const plain = await wire(path, 'identity');
      expect(plain.r.headers.get('content-encoding')).toBeNull();
      expect(plain.bytes).toBeGreaterThan(br.bytes);
    }
    // Everything a first visit can load, compressed: well under 3 MB (uncompressed it is over 9 MB).
    expect(brotli).toBeLessThan(3_000_000);
  });

  it('answers 404 for a name that is not one of them (an old hash after an upgrade, say)', async () => {
    const r = await fetch(`${base}/console/assets/graphiql.0000000000000000.js`);
    expect(r.status).toBe(404);
  });
});

describe('console access', () => {
  it('is for ADMIN and COORDINATOR in production; others get a reason in Bahasa Indonesia', async () => {
    const access = (token?: string) =>
      fetch(`${base}/console/access`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await access(await prod.login('admin@disporbudpar.demo'))).toMatchObject({
      status: 200,
      body: { allowed: true, role: 'ADMIN' },
    });
    const auditor = await access(await prod.login('auditor@disporbudpar.demo'));
    expect(auditor.status).toBe(403);
    expect(auditor.body.message).toMatch(/hanya untuk Administrator.*AUDITOR/);
    expect((await access()).status).toBe(401);
    expect((await access('not-a-token')).status).toBe(401);
  });

  it('leaves introspection closed to anonymous callers in production, open to signed-in staff', async () => {
    const anonymous = await prod.gql('{ __schema { description queryType { name } } }');
    expect(anonymous.errors?.[0]?.message).toMatch(/Introspection/);
    const token = await prod.login('koordinator@lapor.demo');
    // GraphiQL's own introspection query, as the console's docs explorer sends it, fits the staff limits.
    const graphiql = getIntrospectionQuery({
      schemaDescription: true,
      inputValueDeprecation: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
    });
    const staff = await prod.gql(graphiql, {}, { token });
    expect(staff.errors).toBeUndefined();
    expect(staff.data.__schema.description).toMatch(/^tuntas: penanganan pengaduan/);
  });
});
