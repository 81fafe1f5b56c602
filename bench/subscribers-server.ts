// The instance under test for bench/subscribers.ts, in its own process so its memory and CPU are its
// own: PGlite in memory with the demo data (BENCH_DATABASE=pglite), or a throw-away PostgreSQL
// database (BENCH_DATABASE=postgres, at BENCH_DATABASE_URL / TEST_DATABASE_URL: the RSS is then the
// service's own), loopback only. It runs as production does: production settings and logging (to
// the parent's choice of stdout), events published by the outbox dispatcher through the pub/sub
// (Redis when REDIS_URL is given, as with several instances), nothing wrapped. The only change: all
// subscribers come from one address, so the per-address subscription cap is raised to the run's size.
// Answers the parent's questions over IPC.
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { seedDemoData } from '../src/seed/demo.js';
import { benchDatabase } from './postgres.js';

const subscribers = String(Number(process.env.BENCH_MAX_SUBSCRIBERS ?? 10_000) + 100);
const pgDb = process.env.BENCH_DATABASE === 'postgres' ? await benchDatabase() : undefined;
// A throw-away database (createApp seeds the demo data on an empty embedded one; PostgreSQL is seeded here).
const db = await openDatabase({ databaseUrl: pgDb?.url ?? null, dataDir: 'memory://' });
const app = await createApp(
  loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    SEED_DEMO: 'true',
    MAX_SUBSCRIPTIONS_PER_ADDRESS: subscribers,
    MAX_SUBSCRIPTIONS_PER_API_KEY: subscribers,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_CHANNEL_PREFIX: `bench-${randomBytes(4).toString('hex')}:` } : {}),
  }),
  { db, sweep: false },
);
if (pgDb) await seedDemoData(db.prisma);
const url = await app.listen(0, '127.0.0.1');

type Ask = { id: number; ask: 'stats' | 'memory' | 'cpu' | 'published' | 'close'; eventId?: string };
process.on('message', async (msg: Ask) => {
  if (msg.ask === 'published') {
    // When the dispatcher took the event to publish it (after its change committed): the start of
    // the delivery latency, from the outbox row itself.
    const row = await db.prisma.outboxEvent.findUnique({ where: { eventId: msg.eventId! }, select: { publishedAt: true } });
    process.send!({ id: msg.id, at: row?.publishedAt?.getTime() });
  } else if (msg.ask === 'cpu') {
    const c = process.cpuUsage();
    process.send!({ id: msg.id, ms: (c.user + c.system) / 1000 });
  } else if (msg.ask === 'stats' || msg.ask === 'memory') {
    if (msg.ask === 'memory') globalThis.gc?.();
    const m = process.memoryUsage();
    process.send!({
      id: msg.id,
      live: app.services.live.count,
      clients: app.realtime.websocket.clientCount(),
      listeners: app.realtime.pubsub.listenerCount(),
      rss: m.rss,
      heapUsed: m.heapUsed,
    });
  } else {
    await app.close();
    await db.close();
    await pgDb?.drop();
    process.send!({ id: msg.id });
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: url });
