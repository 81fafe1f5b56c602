import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/seed/demo.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '600' } });
});
afterAll(() => t?.close());

const LOGIN = `mutation($e: String!, $p: String!) {
  login(email: $e, password: $p) {
    __typename
    ... on AuthPayload { token expiresAt role }
    ... on RateLimitedError { retryAfterSeconds }
    ... on Error { code message }
  }
}`;

describe('login and me', () => {
  it.each(DEMO_USERS.map((u) => [u.email, u.role]))('%s logs in and me shows %s', async (email, role) => {
    const token = await t.login(email);
    const me = await t.gql(`{ me { email role } }`, {}, { token });
    expect(me.data?.me).toEqual({ email, role });
  });

  it('answers a wrong password and an unknown email with the same typed error', async () => {
    const wrongPassword = await t.gql(LOGIN, { e: 'auditor@disporbudpar.demo', p: 'nope' });
    const unknownEmail = await t.gql(LOGIN, { e: 'nobody@disporbudpar.demo', p: 'nope' });
    expect(wrongPassword.data.login).toEqual({
      __typename: 'LoginFailedError',
      code: 'LOGIN_FAILED',
      message: 'Email or password is incorrect',
    });
    expect(unknownEmail.data.login).toEqual(wrongPassword.data.login);
  });

  it('locks an account after repeated failures, even for the right password, until the lock ends', async () => {
    const email = 'pariwisata@disporbudpar.demo';
    for (let i = 0; i < 3; i++) {
      expect((await t.gql(LOGIN, { e: email, p: `wrong-${i}` })).data.login.code).toBe('LOGIN_FAILED');
    }
    const locked = await t.gql(LOGIN, { e: email, p: 'tuntas-demo-2026' });
    expect(locked.data.login.__typename).toBe('RateLimitedError');
    expect(locked.data.login.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.data.login.retryAfterSeconds).toBeLessThanOrEqual(600);
    t.clock.advance(601_000);
    const again = await t.gql(LOGIN, { e: email, p: 'tuntas-demo-2026' });
    expect(again.data.login.__typename).toBe('AuthPayload');
  });

  it('rejects empty input with INVALID_INPUT', async () => {
    const r = await t.gql(LOGIN, { e: '', p: '' });
    expect(r.data.login.code).toBe('INVALID_INPUT');
  });
});

describe('tokens', () => {
  it('answers UNAUTHENTICATED for a missing, forged or expired token', async () => {
    const missing = await t.gql(`{ me { email } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const token = await t.login('kepala@disporbudpar.demo');
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    expect((await t.gql(`{ me { email } }`, {}, { token: forged })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    t.clock.advance((t.config.jwtTtlSeconds + 1) * 1000);
    expect((await t.gql(`{ me { email } }`, {}, { token })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers FORBIDDEN for the wrong role and changes nothing', async () => {
    const token = await t.login('kepala@disporbudpar.demo');
    const before = await t.db.prisma.apiKey.count();
    const r = await t.gql(`mutation { createApiKey(name: "x", scopes: [READ_STATUS]) { __typename } }`, {}, { token });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.db.prisma.apiKey.count()).toBe(before);
  });
});

describe('API keys', () => {
  it('shows a key once, stores only its hash, authenticates with it and stops at revocation', async () => {
    const admin = await t.login('admin@disporbudpar.demo');
    const created = await t.gql(
      `mutation { createApiKey(name: "Portal Kabupaten", scopes: [READ_STATUS]) { __typename ... on CreatedApiKey { key apiKey { id prefix scopes } } } }`,
      {},
      { token: admin },
    );
    const { key, apiKey } = created.data.createApiKey;
    expect(key).toMatch(/^tnt_[0-9a-f]{12}_/);
    const row = await t.db.prisma.apiKey.findFirstOrThrow({ where: { prefix: apiKey.prefix } });
    expect(row.hash).not.toContain(key);
    expect(JSON.stringify(row)).not.toContain(key.split('_')[2]);

    // A service client is authenticated but may not read staff data.
    const asService = await t.gql(`{ me { email } }`, {}, { apiKey: key });
    expect(asService.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const listed = await t.gql(`{ apiKeys { prefix revokedAt } }`, {}, { token: admin });
    expect(listed.data.apiKeys).toContainEqual({ prefix: apiKey.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);

    const revoked = await t.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { __typename ... on ApiKey { revokedAt } } }`,
      { id: apiKey.id },
      { token: admin },
    );
    expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
    const after = await t.gql(`{ me { email } }`, {}, { apiKey: key });
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps an ADMIN to their own agency and rejects bad input without writing', async () => {
    const admin = await t.login('admin@disporbudpar.demo');
    const before = await t.db.prisma.apiKey.count();
    const empty = await t.gql(
      `mutation { createApiKey(name: " ", scopes: []) { __typename ... on InvalidInputError { issues { field } } } }`,
      {},
      { token: admin },
    );
    expect(empty.data.createApiKey.issues.map((i: any) => i.field).sort()).toEqual(['name', 'scopes']);
    // A well-formed id that names no key is a typed NotFoundError; a malformed one ("ApiKey:nope") is INVALID_INPUT.
    const unknownId = await t.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }`,
      { id: Buffer.from('ApiKey:00000000-0000-4000-8000-000000000000').toString('base64') },
      { token: admin },
    );
    expect(unknownId.data.revokeApiKey.__typename).toBe('NotFoundError');
    const malformed = await t.gql(`mutation { revokeApiKey(id: "QXBpS2V5Om5vcGU=") { __typename } }`, {}, { token: admin });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    expect(await t.db.prisma.apiKey.count()).toBe(before);
  });
});
