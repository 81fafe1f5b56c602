// The caps on open subscriptions per client address and per API key hold across instances: two
// instances on one PostgreSQL database and one Redis count the same subscriptions, closing one frees
// its slot on every instance, and the slots of an instance that stopped renewing (crashed) expire.
// Always PostgreSQL + Redis, like the other several-instance tests.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { SubscriptionCaps } from '../../src/security/subscription-caps.js';
import { demoAgency, makeComplaint } from '../reads/fixtures.js';
import { STATUS_SUB, subscribeSse, subscribeWs, until, wsClient, type Subscription } from '../realtime/live.js';
import { startTestApp, type Auth, type TestApp } from '../support/app.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tuntas-test-${randomBytes(6).toString('hex')}:`;

let pg: TestDatabase;
const dbs: Database[] = [];
let a: TestApp;
let b: TestApp;
let trackingId: string;
beforeAll(async () => {
  pg = await createPostgresDatabase();
  // Every test request comes from 127.0.0.1: one address, three subscriptions; one key, two.
  const env = {
    DATABASE_URL: pg.url!,
    REDIS_URL,
    REDIS_CHANNEL_PREFIX: prefix,
    MAX_SUBSCRIPTIONS_PER_ADDRESS: '3',
    MAX_SUBSCRIPTIONS_PER_API_KEY: '2',
  };
  dbs.push(await pg.open(), await pg.open());
  a = await startTestApp({ env, database: { db: dbs[0]! } });
  b = await startTestApp({ env, database: { db: dbs[1]! }, seed: false });
  ({ trackingId } = await makeComplaint(a.db.prisma, await demoAgency(a.db.prisma), {}));
}, 120_000);
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all(dbs.map((d) => d.close()));
  await pg?.drop();
});

const open: Subscription[] = [];
const live = () => a.app.services.live.count + b.app.services.live.count;
const follow = (app: TestApp, auth?: Auth) => {
  const sub = subscribeSse(app.url, STATUS_SUB, { filter: { trackingId } }, auth);
  open.push(sub);
  return sub;
};
/** Opens a subscription and waits until the instances count it as live. */
async function accepted(app: TestApp, auth?: Auth): Promise<Subscription> {
  const before = live();
  const sub = follow(app, auth);
  await until(`subscription ${before + 1} accepted`, () => live() === before + 1 || sub.errors !== null);
  expect(sub.errors).toBeNull();
  return sub;
}
/** Expects the subscription refused with RATE_LIMITED before any event (over SSE: HTTP 429 with the typed error). */
async function refused(sub: Subscription) {
  await until('the refusal', () => sub.errors !== null);
  const response = (sub.errors![0] as { response?: Response }).response;
  if (response instanceof Response) {
    expect(response.status).toBe(429);
    expect(await response.text()).toContain('RATE_LIMITED');
  } else {
    expect(JSON.stringify(sub.errors)).toContain('RATE_LIMITED');
  }
  expect(sub.events).toEqual([]);
}
async function closeAll() {
  for (const s of open.splice(0)) s.close();
  await until('no subscription left on either instance', () => live() === 0);
}

describe('subscription caps across instances (PostgreSQL + Redis)', () => {
  it('per address: 2 on A and 1 on B fill the cap of 3 for both; closing one on A frees a slot on B', async () => {
    try {
      const first = await accepted(a);
      await accepted(a);
      await accepted(b);
      await refused(follow(b));
      const ws = wsClient(a.url);
      try {
        await refused(subscribeWs(ws, STATUS_SUB, { filter: { trackingId } }));
      } finally {
        await ws.dispose();
      }
      expect(live()).toBe(3);

      first.close();
      await until('the closed one gone from A', () => a.app.services.live.count === 1);
      // Its slot is free for B (its release reaches Redis just after the stream ends).
      await until('a slot on B', async () => {
        const sub = follow(b);
        await until('an answer', () => sub.errors !== null || live() === 3);
        return sub.errors === null;
      });
      expect(live()).toBe(3);
    } finally {
      await closeAll();
    }
  });

  it('per API key: 1 on A and 1 on B fill the key’s cap of 2 while its address still has room', async () => {
    const admin = { token: await a.login('admin@disporbudpar.demo') };
    const created = await a.gql(
      `mutation { createApiKey(name: "Portal Kecamatan", scopes: [READ_STATUS]) { ... on CreatedApiKey { key } } }`,
      {},
      admin,
    );
    const key = { apiKey: created.data.createApiKey.key as string };
    try {
      await accepted(a, key);
      await accepted(b, key);
      await refused(follow(a, key));
      // The address (2 of 3) is not what refused it: an anonymous caller from it still gets one.
      await accepted(b);
    } finally {
      await closeAll();
    }
  });
});

describe('leases in Redis', () => {
  const caps = { maxSubscriptionsPerConnection: 10, maxSubscriptionsPerAddress: 2, maxSubscriptionsPerApiKey: 10 };
  const owner = (connection: string) => ({ connection, address: '198.51.100.1', apiKey: null });

  it('are renewed while their instance runs, and expire after the ttl once it stops (a crash)', async () => {
    const leasePrefix = `tuntas-test-${randomBytes(6).toString('hex')}:`;
    const redisX = new Redis(REDIS_URL);
    const redisY = new Redis(REDIS_URL);
    const x = new SubscriptionCaps(caps, { redis: redisX, prefix: leasePrefix, ttlMs: 600 });
    const y = new SubscriptionCaps(caps, { redis: redisY, prefix: leasePrefix, ttlMs: 600 });
    try {
      expect(await x.acquire(owner('x1'))).not.toBeNull();
      expect(await x.acquire(owner('x2'))).not.toBeNull();
      expect(await y.acquire(owner('y1'))).toBeNull();
      // Three ttls later X's renewals still hold both slots.
      await new Promise((r) => setTimeout(r, 1_800));
      expect(await y.acquire(owner('y1'))).toBeNull();
      // X dies without releasing anything: its leases run out.
      redisX.disconnect();
      await until('the crashed instance’s slots expire', async () => (await y.acquire(owner('y1'))) !== null);
    } finally {
      await Promise.all([x.close(), y.close()]);
      redisX.disconnect();
      await redisY.quit();
    }
  });

  it('while Redis is unreachable, this instance’s memory still caps', async () => {
    const down = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    down.on('error', () => undefined);
    const z = new SubscriptionCaps(caps, { redis: down, prefix: 'unused:', ttlMs: 600 });
    try {
      const first = await z.acquire(owner('z1'));
      expect(first).not.toBeNull();
      expect(await z.acquire(owner('z2'))).not.toBeNull();
      expect(await z.acquire(owner('z3'))).toBeNull();
      first!.release();
      expect(await z.acquire(owner('z3'))).not.toBeNull();
    } finally {
      await z.close();
      down.disconnect();
    }
  });
});
