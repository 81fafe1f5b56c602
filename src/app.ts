// Builds the service from its parts: the database (src/server/database.ts), the services, the GraphQL
// server (graphql-server.ts), HTTP with health and WebSocket (http.ts), and listening and graceful
// shutdown (lifecycle.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import path from 'node:path';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { TokenService } from './auth/tokens.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createCalendarProvider } from './deadlines/calendar-provider.js';
import { createDeadlineKeeper } from './deadlines/recompute.js';
import { createDeadlineSweeper, type DeadlineSweeper } from './deadlines/sweeper.js';
import type { Context } from './graphql/context.js';
import { createLogger } from './logger.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './outbox/dispatcher.js';
import { LiveSubscriptions } from './realtime/live-subscriptions.js';
import { createRealtimePubSub, type RealtimePubSub } from './realtime/pubsub.js';
import { attachWebSocket, type WebSocketTransport } from './realtime/websocket.js';
import { openMigratedDatabase, seedStartupData } from './server/database.js';
import { clientAddress, createGraphQLServer } from './server/graphql-server.js';
import { createHttpServer } from './server/http.js';
import { listen, shutdown } from './server/lifecycle.js';
import type { AppServices } from './services.js';

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests share one between two app instances). */
  db?: Database;
  onQuery?: (sql: string) => void;
  /** Run the deadline sweeper on a timer; default: outside tests (tests call sweeper.sweepOnce). */
  sweep?: boolean;
  /** WebSocket ping interval (default 12 s; tests shorten it). */
  webSocketKeepAliveMs?: number;
  /** Run the outbox dispatcher (default true; a test may drive outbox.runOnce itself). */
  dispatch?: boolean;
}

export interface App {
  services: AppServices;
  sweeper: DeadlineSweeper;
  /** Delivers the outbox: live subscriptions, webhooks, e-mail. */
  outbox: OutboxDispatcher;
  server: Server;
  /** Live subscriptions: open WebSocket connections and the event target's listeners. */
  realtime: { pubsub: RealtimePubSub; websocket: WebSocketTransport };
  yoga: YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/** A generated secret kept in the data folder, so embedded-mode tokens survive restarts. */
function embeddedJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function createApp(config: Config, opts: AppOptions = {}): Promise<App> {
  const log = opts.log ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  const started = performance.now();

  const db = await openMigratedDatabase(config, log, opts);
  const secret = config.jwtSecret ?? embeddedJwtSecret(config.dataDir);
  let realtime: RealtimePubSub;
  try {
    realtime = await createRealtimePubSub({ redisUrl: config.redisUrl, channelPrefix: config.redisChannelPrefix, log });
  } catch (err) {
    if (!opts.db) await db.close();
    throw err;
  }
  const calendars = createCalendarProvider();
  // The dispatcher needs the services, and the services' runner tells it about commits.
  let outbox: OutboxDispatcher | undefined;
  const services: AppServices = {
    config,
    db,
    clock,
    log,
    tokens: new TokenService(secret, config.jwtTtlSeconds, clock),
    calendars,
    deadlines: createDeadlineKeeper({ calendars, config }),
    pubsub: realtime.pubsub,
    live: new LiveSubscriptions(),
    outbox: { committed: () => outbox?.committed() },
  };
  outbox = createOutboxDispatcher(services);
  await seedStartupData(services);

  const yoga = createGraphQLServer(services);
  const sweeper = createDeadlineSweeper(services);
  if (opts.sweep ?? config.nodeEnv !== 'test') sweeper.start(config.sweepIntervalSeconds);
  if (opts.dispatch ?? true) outbox.start();

  const http = createHttpServer(yoga, db, log);
  const websocket = attachWebSocket(http.server, yoga, services, {
    keepAliveMs: opts.webSocketKeepAliveMs,
    clientAddress: (req) => clientAddress(req, config.trustProxy),
  });

  let closing: Promise<void> | undefined;
  return {
    services,
    sweeper,
    outbox,
    server: http.server,
    realtime: { pubsub: realtime, websocket },
    yoga,
    listen: (port = config.port, host = config.host) => listen(http, db, log, started, port, host),
    close() {
      closing ??= shutdown({ config, log, http, sweeper, outbox, live: services.live, websocket, realtime, db, ownsDatabase: !opts.db });
      return closing;
    },
  };
}
