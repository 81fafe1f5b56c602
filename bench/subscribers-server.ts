// The instance under test for bench/subscribers.ts, in its own process so its memory is its own:
// PGlite in memory with the demo data, loopback only. Answers the parent's questions over IPC.
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';

// A throw-away in-memory database (createApp seeds the demo data on an empty embedded one).
const db = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
const app = await createApp(
  loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-01', SEED_DEMO: 'true' }),
  { db },
);
const url = await app.listen(0, '127.0.0.1');
// When each event left this process (after commit): the start of the delivery latency.
const publishedAt = new Map<string, number>();
const publish = app.services.pubsub.publish.bind(app.services.pubsub);
app.services.pubsub.publish = ((topic: 'complaint:status', event: { complaintId: string; version: number }) => {
  publishedAt.set(`${event.complaintId}@${event.version}`, Date.now());
  publish(topic, event as never);
}) as typeof app.services.pubsub.publish;

process.on('message', async (msg: { id: number; ask: 'stats' | 'memory' | 'published' | 'close'; key?: string }) => {
  if (msg.ask === 'published') {
    process.send!({ id: msg.id, at: publishedAt.get(msg.key!) });
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
    process.send!({ id: msg.id });
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: url });
