// The instance under test for bench/subscribers.ts, in its own process so its memory and CPU are its
// own: PGlite in memory with the demo data, or the throw-away PostgreSQL database the parent made
// (BENCH_DATABASE_URL: the RSS is then the service's own), loopback only. It runs as production does:
// the compiled service (dist/, plain Node: no TypeScript loader in the process), production settings
// and logging (to the parent's choice of stdout), events published by the outbox dispatcher through
// the pub/sub (Redis when REDIS_URL is given, as with several instances), nothing wrapped. The only
// change: all subscribers come from one address, so the per-address subscription cap is raised to the
// run's size. Plain JavaScript for that reason. Answers the parent's questions over IPC.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { createApp, loadConfig, openDatabase, seedDemoData } from '../dist/bundle/library.js';

const subscribers = String(Number(process.env.BENCH_MAX_SUBSCRIBERS ?? 10_000) + 100);
const pgUrl = process.env.BENCH_DATABASE_URL || null;
// A throw-away database, with the demo organisation and users seeded below.
const db = await openDatabase({ databaseUrl: pgUrl, dataDir: 'memory://' });
const app = await createApp(
  loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    MAX_SUBSCRIPTIONS_PER_ADDRESS: subscribers,
    MAX_SUBSCRIPTIONS_PER_API_KEY: subscribers,
    ...(process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, REDIS_CHANNEL_PREFIX: `bench-${randomBytes(4).toString('hex')}:` }
      : {}),
  }),
  { db, sweep: false },
);
// Production never seeds the demo by itself (config.seedDemo): the organisation and users are seeded here.
await seedDemoData(db.prisma);
const url = await app.listen(0, '127.0.0.1');

// BENCH_CPU_PROF=<dir>: a CPU profile of each phase the parent names (connecting, the change), from
// one 'cpu' question with its name to the next.
const profileDir = process.env.BENCH_CPU_PROF;
const inspector = profileDir ? new Session() : null;
let profiling = null;
/** @param {string} name */
async function toggleProfile(name) {
  if (!inspector) return;
  if (profiling === null) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    profiling = name;
  } else {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(`${profileDir}/${profiling}.cpuprofile`, JSON.stringify(profile));
    inspector.disconnect();
    profiling = null;
  }
}

/** @param {{ id: number; ask: 'stats' | 'memory' | 'cpu' | 'published' | 'close'; eventId?: string; profile?: string }} msg */
process.on('message', async (msg) => {
  if (msg.ask === 'published') {
    // When the dispatcher took the event to publish it (after its change committed): the start of
    // the delivery latency, from the outbox row itself.
    const row = await db.prisma.outboxEvent.findUnique({ where: { eventId: msg.eventId }, select: { publishedAt: true } });
    process.send({ id: msg.id, at: row?.publishedAt?.getTime() });
  } else if (msg.ask === 'cpu') {
    // Read before a profile is written, after one is started: the figure leaves the profiler's own work out.
    let c = process.cpuUsage();
    if (msg.profile && profiling === null) {
      await toggleProfile(msg.profile);
      c = process.cpuUsage();
    } else if (msg.profile) await toggleProfile(msg.profile);
    process.send({ id: msg.id, ms: (c.user + c.system) / 1000 });
  } else if (msg.ask === 'stats' || msg.ask === 'memory') {
    if (msg.ask === 'memory') globalThis.gc?.();
    const m = process.memoryUsage();
    process.send({
      id: msg.id,
      live: app.services.live.count,
      clients: app.realtime.websocket.clientCount(),
      listeners: app.realtime.pubsub.listenerCount(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
    });
    // BENCH_HEAP_SNAPSHOT=<dir>: where the memory goes (after the figures: writing one grows the RSS).
    if (msg.ask === 'memory' && process.env.BENCH_HEAP_SNAPSHOT) {
      writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}/subscribers-${app.services.live.count}.heapsnapshot`);
    }
  } else {
    await app.close();
    await db.close();
    process.send({ id: msg.id });
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: url });
