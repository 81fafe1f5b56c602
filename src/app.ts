// Builds the service from its parts: the database (src/server/database.ts), the services, the GraphQL
// server (graphql-server.ts), HTTP with health and WebSocket (http.ts), and listening and graceful
// shutdown (lifecycle.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { createConsoleRoute } from './console/http.js';
import { createOpen311Handler } from './open311/handler.js';
import { createOutboxDispatcher, type OutboxDispatcher } from './outbox/dispatcher.js';
import { LiveSubscriptions } from './realtime/live-subscriptions.js';
import { createRealtimePubSub, type RealtimePubSub } from './realtime/pubsub.js';
import { attachWebSocket, type WebSocketTransport } from './realtime/websocket.js';
import { openMigratedDatabase, seedStartupData } from './server/database.js';
import { createSecurity } from './security/plugin.js';
import { createGraphQLServer, createMaskError, maskResult } from './server/graphql-server.js';
import { createHttpServer } from './server/http.js';
import { listen, shutdown } from './server/lifecycle.js';
import type { AppServices } from './services.js';
import { createServiceBackups, type ServiceBackups } from './backup/service-backups.js';
import { countCachedOperation, countErrors, metricsPlugin } from './metrics/graphql-plugin.js';
import { startMetricsServer } from './metrics/http.js';
import { Metrics } from './metrics/metrics.js';
import { useSharedLiveExecution } from './realtime/fan-out.js';
import { createStatusCache, type StatusCache } from './status/cache.js';

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** An already open database (tests share one between two app instances). */
  db?: Database;
  /**
   * The database the caller began opening for this app, which owns it as if it had opened it itself:
   * main.ts starts PGlite (its Wasm compiles on other threads) while the rest of the code loads.
   */
  opening?: Promise<Database>;
  onQuery?: (sql: string) => void;
  /** Run the deadline sweeper on a timer; default: outside tests (tests call sweeper.sweepOnce). */
  sweep?: boolean;
  /** WebSocket ping interval (default 12 s; tests shorten it). */
  webSocketKeepAliveMs?: number;
  /** The bundled holiday list (default src/calendar/holidays-id.tsv; tests pass a file with a new year). */
  bundledHolidaysFile?: string | URL;
  /** Run the outbox dispatcher (default true; a test may drive outbox.runOnce itself). */
  dispatch?: boolean;
}

export interface App {
  services: AppServices;
  sweeper: DeadlineSweeper;
  metrics: Metrics;
  backups: ServiceBackups;
  /** METRICS_PORT: the separate metrics server's URL, once listening. */
  metricsUrl?: string;
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
  // An in-memory database lives as long as the process: so does its secret (no file named "memory:").
  if (dataDir.startsWith('memory://')) return randomBytes(48).toString('base64url');
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
  // Status response cache (src/status/cache.ts): every committed status change invalidates it.
  let statusCache: StatusCache;
  try {
    statusCache = await createStatusCache({
      redisUrl: config.redisUrl,
      prefix: config.redisChannelPrefix,
      ttlSeconds: config.statusCacheSeconds,
      log,
    });
  } catch (err) {
    await realtime.close();
    if (!opts.db) await db.close();
    throw err;
  }
  const calendars = createCalendarProvider();
  // The dispatcher needs the services, and the services' runner tells it about commits.
  let dispatcher: OutboxDispatcher | undefined;
  const services: AppServices = {
    config,
    db,
    clock,
    log,
    tokens: new TokenService(secret, config.jwtTtlSeconds, clock),
    calendars,
    deadlines: createDeadlineKeeper({ calendars, config }),
    pubsub: realtime.pubsub,
    live: new LiveSubscriptions(realtime.pubsub),
    outbox: { committed: () => dispatcher?.committed() },
  };
  // Every committed complaint change empties the status cache before its writer answers (and again
  // when its events are published, in case the writer's process died in between).
  const outbox = createOutboxDispatcher(services, { onCommitted: () => statusCache.invalidate() });
  dispatcher = outbox;
  await seedStartupData(services, { bundledHolidaysFile: opts.bundledHolidaysFile });

  const metrics = new Metrics({
    prisma: db.prisma,
    now: () => clock.now(),
    backupDir: config.backupDir,
    cacheSeconds: config.metricsCacheSeconds,
  });
  const backups = createServiceBackups(services, {
    onResult: (ok) => metrics.backups.inc({ result: ok ? 'ok' : 'failed' }),
    ownsDataDir: !opts.db,
  });

  const security = createSecurity(services);
  // One masking for everything a client is sent: Yoga's answers, pushed live results, WebSocket errors.
  const maskError = createMaskError(log);
  // Metrics observe everything; the status cache answers only after the security plugins (rate limits)
  // have run; the live fan-out shares one execution per event among equal subscriptions.
  const yoga = createGraphQLServer(services, security, {
    observers: [metricsPlugin(metrics)],
    maskError,
    afterSecurity: [
      statusCache.plugin({
        viewerOf: security.viewerOf,
        onHit: (name, seconds) => countCachedOperation(metrics, name, seconds),
      }),
      // Results pushed to WebSocket subscribers are masked and their errors counted once per shared execution.
      useSharedLiveExecution({
        mask: (result) => {
          const masked = maskResult(maskError, result);
          countErrors(metrics, masked.errors);
          return masked;
        },
      }),
    ],
  });
  const sweeper = createDeadlineSweeper(services, { onSweep: (o) => metrics.observeSweep(o, clock.now()) });
  if (opts.sweep ?? config.nodeEnv !== 'test') sweeper.start(config.sweepIntervalSeconds);
  try {
    await backups.start();
  } catch (err) {
    await sweeper.stop();
    await outbox.stop();
    await realtime.close();
    if (!opts.db) await db.close();
    throw err;
  }
  if (opts.dispatch ?? true) outbox.start();

  const open311 = createOpen311Handler(services, {
    // OPEN311_REQUESTS_PER_MINUTE per address, counted in the shared store (Redis across instances when set).
    limiter: {
      consume: async (key) => {
        const wait = await security.rateLimits.consume('open311', key);
        return wait > 0 ? { ok: false as const, retryAfterSeconds: wait } : { ok: true as const };
      },
    },
    clientAddress: security.clientAddress,
  });
  const http = createHttpServer(services, yoga, security, { metrics, backups, routes: [createConsoleRoute(services), open311] });
  const websocket = attachWebSocket(http.server, yoga, services, {
    keepAliveMs: opts.webSocketKeepAliveMs,
    clientAddress: security.clientAddress,
    maskError,
  });
  // Revoked credentials (published by whichever instance made the change): end the holder's live
  // subscriptions and WebSocket connections here too. Sockets first: their subscriptions then end
  // without a "complete" (the client sees 4401 Unauthorized, not a normal end).
  const stopRevocations = realtime.onCredentialsRevoked((notice) => {
    const ended = websocket.revoke(notice) + services.live.endFor(notice);
    if (ended > 0) log.info({ ...notice, ended }, 'live subscriptions ended: credentials revoked');
  });

  let closing: Promise<void> | undefined;
  let metricsServer: Server | undefined;
  const app: App = {
    services,
    sweeper,
    metrics,
    backups,
    outbox,
    server: http.server,
    realtime: { pubsub: realtime, websocket },
    yoga,
    async listen(port = config.port, host = config.host) {
      // METRICS_PORT: /metrics on its own port (e.g. reachable only from the monitoring network).
      if (config.metricsPort !== null && !metricsServer) {
        metricsServer = await startMetricsServer(metrics, config.metricsPort, host, config.metricsToken);
        app.metricsUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${(metricsServer.address() as AddressInfo).port}/metrics`;
      }
      return listen(http, db, log, started, port, host, app.metricsUrl);
    },
    close() {
      stopRevocations();
      closing ??= (async () => {
        await backups.stop();
        await shutdown({
          config,
          log,
          http,
          sweeper,
          outbox,
          live: services.live,
          websocket,
          realtime,
          security,
          db,
          ownsDatabase: !opts.db,
        });
        await statusCache.close();
        if (metricsServer) await new Promise<void>((r) => metricsServer!.close(() => r()));
      })();
      return closing;
    },
  };
  return app;
}
