// Revoked credentials end live subscriptions everywhere: two instances on one PostgreSQL database
// and one Redis. A user deactivated on A loses their WebSocket subscription on B and their SSE
// subscription on A within a second, and their token answers UNAUTHENTICATED at once; an API key
// revoked on B does the same for the key's subscriptions. Always PostgreSQL + Redis, like the other
// several-instance tests.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';
import { STATUS_SUB, subscribeSse, subscribeWs, until, wsClient, type Subscription } from '../realtime/live.js';
import { ADMIN_OPS, gid } from './ops.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tuntas-test-${randomBytes(6).toString('hex')}:`;

let pg: TestDatabase;
const dbs: Database[] = [];
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  pg = await createPostgresDatabase();
  const env = { DATABASE_URL: pg.url!, REDIS_URL, REDIS_CHANNEL_PREFIX: prefix };
  dbs.push(await pg.open(), await pg.open());
  a = await startTestApp({ env, database: { db: dbs[0]! } });
  b = await startTestApp({ env, database: { db: dbs[1]! }, seed: false });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all(dbs.map((d) => d.close()));
  await pg?.drop();
});

/** Milliseconds from now until the subscription ends (rejects after 1 s: the promise of the issue). */
function endsWithinASecond(sub: Subscription): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('subscription still open 1 s after the revocation')), 1_000);
    void sub.ended.then(() => {
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
  });
}

const KEY = `mutation($name: String!) { createApiKey(name: $name, scopes: [READ_COMPLAINTS]) { ... on CreatedApiKey { key apiKey { id } } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { ... on ApiKey { revokedAt } } }`;

describe('revoked credentials across instances (PostgreSQL + Redis)', () => {
  it('a deactivated user and a revoked key lose their SSE and WebSocket subscriptions on both instances within a second', async () => {
    const admin = { token: await a.login('admin@disporbudpar.demo') };
    const staff = { token: await b.login('kepemudaan@disporbudpar.demo') };
    const created = (await a.gql(KEY, { name: 'Portal Kecamatan' }, admin)).data.createApiKey;
    const key = { apiKey: created.key as string };
    const agency = await a.db.prisma.agency.findFirstOrThrow();
    const byAgency = { filter: { agencyId: gid('Agency', agency.id) } };

    const staffWs = wsClient(b.url, staff);
    const keyWs = wsClient(a.url, key);
    const subs = {
      staffWsOnB: subscribeWs(staffWs, STATUS_SUB, { filter: { myDivisionQueue: true } }),
      staffSseOnA: subscribeSse(a.url, STATUS_SUB, { filter: { myDivisionQueue: true } }, staff),
      keyWsOnA: subscribeWs(keyWs, STATUS_SUB, byAgency),
      keySseOnB: subscribeSse(b.url, STATUS_SUB, byAgency, key),
    };
    try {
      await until('four subscriptions, two per instance', () => a.app.services.live.count === 2 && b.app.services.live.count === 2);

      // Deactivated on A.
      const staffRow = await a.db.prisma.user.findUniqueOrThrow({ where: { email: 'kepemudaan@disporbudpar.demo' } });
      const ending = [endsWithinASecond(subs.staffWsOnB), endsWithinASecond(subs.staffSseOnA)];
      const r = await a.gql(ADMIN_OPS.deactivateUser, { id: gid('User', staffRow.id) }, admin);
      expect(r.data.deactivateUser).toMatchObject({ active: false });
      const [wsMs, sseMs] = await Promise.all(ending);
      expect(wsMs).toBeLessThan(1_000);
      expect(sseMs).toBeLessThan(1_000);
      // The next request with the token, on either instance.
      for (const app of [a, b]) {
        const me = await app.gql(`{ me { id } }`, {}, staff);
        expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      }
      // The WebSocket was closed as unauthorised, not merely completed.
      expect((subs.staffWsOnB.errors?.[0] as { code?: number } | undefined)?.code).toBe(4401);
      // The key's subscriptions are untouched.
      expect(a.app.services.live.count).toBe(1);
      expect(b.app.services.live.count).toBe(1);

      // The key revoked on B.
      const keyEnding = [endsWithinASecond(subs.keyWsOnA), endsWithinASecond(subs.keySseOnB)];
      const revoked = await b.gql(REVOKE, { id: created.apiKey.id }, { token: await b.login('admin@disporbudpar.demo') });
      expect(revoked.data.revokeApiKey.revokedAt).toBeTruthy();
      for (const ms of await Promise.all(keyEnding)) expect(ms).toBeLessThan(1_000);
      expect((await a.gql(`{ complaintCounts { total } }`, {}, key)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await until('nothing left on either instance', () => a.app.services.live.count === 0 && b.app.services.live.count === 0);
      expect(a.app.realtime.websocket.clientCount() + b.app.realtime.websocket.clientCount()).toBe(0);
    } finally {
      for (const s of Object.values(subs)) s.close();
      await Promise.all([staffWs.dispose(), keyWs.dispose()]);
    }
  }, 60_000);
});
