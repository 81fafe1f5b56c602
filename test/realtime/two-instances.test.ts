// Two instances of the service on one PostgreSQL database and one Redis: a change made on A reaches
// subscribers on B (WebSocket) and on A (SSE). Always PostgreSQL, like the migration races: several
// instances is a PostgreSQL deployment.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { receive, REGISTER } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { createPostgresDatabase, type TestDatabase } from '../support/database.js';
import { disposeDirectly, STATUS_SUB, subscribeSse, subscribeWs, until, wsClient } from './live.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// A channel namespace of its own, so parallel runs on one Redis never see each other's events.
const prefix = `tuntas-test-${randomBytes(6).toString('hex')}:`;

let pg: TestDatabase;
const dbs: Database[] = [];
let a: TestApp;
let b: TestApp;
let redis: Redis;
beforeAll(async () => {
  pg = await createPostgresDatabase();
  const env = { DATABASE_URL: pg.url!, REDIS_URL, REDIS_CHANNEL_PREFIX: prefix };
  dbs.push(await pg.open(), await pg.open());
  a = await startTestApp({ env, database: { db: dbs[0]! } });
  b = await startTestApp({ env, database: { db: dbs[1]! }, seed: false });
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await Promise.all(dbs.map((d) => d.close()));
  await pg?.drop();
  redis?.disconnect();
});

const subscribersOnRedis = async () => ((await redis.pubsub('NUMSUB', `${prefix}complaint:status`)) as [string, number])[1];

describe('several instances (PostgreSQL + Redis)', () => {
  it('a change on A reaches a WebSocket subscriber on B and an SSE subscriber on A; another division gets nothing', async () => {
    expect([a.app.realtime.pubsub.kind, b.app.realtime.pubsub.kind]).toEqual(['redis', 'redis']);
    const admin = { token: await a.login('admin@disporbudpar.demo') };
    const kepemudaan = { token: await b.login('kepemudaan@disporbudpar.demo') };
    const olahraga = { token: await b.login('olahraga@disporbudpar.demo') };
    const forKepemudaan = await receive(a, admin);
    const forOlahraga = await receive(a, admin);
    await disposeDirectly(a.db.prisma, forKepemudaan.id, ['KEPEMUDAAN']);
    await disposeDirectly(a.db.prisma, forOlahraga.id, ['OLAHRAGA']);

    const wsK = wsClient(b.url, kepemudaan);
    const wsO = wsClient(b.url, olahraga);
    const onB = subscribeWs(wsK, STATUS_SUB, { filter: { myDivisionQueue: true } });
    const otherDivisionOnB = subscribeWs(wsO, STATUS_SUB, { filter: { myDivisionQueue: true } });
    const sseOnA = subscribeSse(a.url, STATUS_SUB, { filter: { trackingId: forKepemudaan.trackingId } });
    try {
      await until(
        'subscribers on both instances and on Redis',
        async () => b.app.services.live.count === 2 && a.app.services.live.count === 1 && (await subscribersOnRedis()) === 2,
      );
      const r = await a.gql(REGISTER, { id: forKepemudaan.id, v: forKepemudaan.version }, admin);
      const version = r.data.registerComplaint.version;
      const [onBEvent, onAEvent] = await Promise.all([onB.next(1_000), sseOnA.next(1_000)]);
      for (const e of [onBEvent, onAEvent]) {
        expect(e).toMatchObject({
          complaintId: forKepemudaan.id,
          status: 'REGISTERED',
          previousStatus: 'RECEIVED',
          version,
          actorRole: 'ADMIN',
        });
      }
      // The other division's own complaint changes next: its first event must be that one.
      await a.gql(REGISTER, { id: forOlahraga.id, v: forOlahraga.version }, admin);
      expect((await otherDivisionOnB.next(1_000)).complaintId).toBe(forOlahraga.id);
      expect(otherDivisionOnB.events.map((e) => e.complaintId)).toEqual([forOlahraga.id]);
    } finally {
      onB.close();
      otherDivisionOnB.close();
      sseOnA.close();
      await Promise.all([wsK.dispose(), wsO.dispose()]);
    }
    await until(
      'listeners gone on both instances and on Redis',
      async () =>
        a.app.realtime.pubsub.listenerCount() === 0 && b.app.realtime.pubsub.listenerCount() === 0 && (await subscribersOnRedis()) === 0,
    );
  });
});
