// Listening (with the start-up log line) and graceful shutdown: not ready first, a grace period for
// the load balancer, live subscriptions ended, running requests drained (bounded), then the pub/sub
// and the database closed.
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { DeadlineSweeper } from '../deadlines/sweeper.js';
import type { OutboxDispatcher } from '../outbox/dispatcher.js';
import type { LiveSubscriptions } from '../realtime/live-subscriptions.js';
import type { RealtimePubSub } from '../realtime/pubsub.js';
import type { WebSocketTransport } from '../realtime/websocket.js';
import type { HttpServer } from './http.js';

export function listen(
  http: HttpServer,
  db: Database,
  log: Logger,
  started: number,
  port: number,
  host: string,
  metricsUrl?: string,
): Promise<string> {
  const { server } = http;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address() as AddressInfo;
      const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${addr.port}/graphql`;
      log.info(
        {
          url,
          startupMs: Math.round(performance.now() - started),
          // performance.now() counts from process start: includes loading the code.
          sinceProcessStartMs: Math.round(performance.now()),
          // CPU time used so far: what start-up costs regardless of how busy the machine is.
          cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
          database: db.kind,
          ...(metricsUrl ? { metricsUrl } : {}),
          ...(db.origin ? { databaseOrigin: db.origin } : {}),
        },
        'tuntas listening',
      );
      resolve(url);
    });
  });
}

export interface ShutdownParts {
  config: Config;
  log: Logger;
  http: HttpServer;
  sweeper: DeadlineSweeper;
  outbox: OutboxDispatcher;
  live: LiveSubscriptions;
  websocket: WebSocketTransport;
  realtime: RealtimePubSub;
  /** Rate-limit store connections. */
  security: { close(): Promise<void> };
  db: Database;
  /** Close the database too (not when the caller passed in its own). */
  ownsDatabase: boolean;
}

export async function shutdown(p: ShutdownParts): Promise<void> {
  p.http.drain();
  await p.sweeper.stop();
  if (p.config.shutdownGraceSeconds > 0) {
    // /readyz already answers 503; keep serving until the load balancer has noticed.
    p.log.info({ seconds: p.config.shutdownGraceSeconds }, 'draining: not ready, still serving');
    await new Promise((r) => setTimeout(r, p.config.shutdownGraceSeconds * 1000));
  }
  const { server } = p.http;
  // Stop accepting, let running requests finish (bounded), then close the database cleanly.
  const stopped = new Promise<void>((r) => server.close(() => r()));
  // Live subscriptions never finish by themselves: complete them (SSE streams end), and say
  // goodbye to WebSocket clients, before waiting for the HTTP requests to drain.
  p.live.endAll();
  await p.websocket.close();
  server.closeIdleConnections();
  const deadline = Date.now() + 10_000;
  while (p.http.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  server.closeAllConnections();
  await stopped;
  // Undelivered events stay in the outbox for another instance or the next start.
  await p.outbox.stop();
  await p.realtime.close();
  await p.security.close();
  if (p.ownsDatabase) await p.db.close();
  p.log.info('tuntas stopped');
}
