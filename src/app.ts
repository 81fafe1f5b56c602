// Builds the service: database (migrated), Yoga on node:http, health endpoints, graceful shutdown.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { resolveViewer } from './auth/resolve-viewer.js';
import { TokenService } from './auth/tokens.js';
import { isUser } from './auth/viewer.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { applyMigrations, pendingMigrations } from './db/migrate.js';
import type { Context } from './graphql/context.js';
import { getSchema } from './graphql/schema.js';
import { createLogger } from './logger.js';
import { LiveSubscriptions } from './realtime/live-subscriptions.js';
import { createRealtimePubSub, type RealtimePubSub } from './realtime/pubsub.js';
import { attachWebSocket, type LiveConnection, type WebSocketTransport } from './realtime/websocket.js';
import { DomainError } from './errors.js';
import { createCalendarProvider } from './deadlines/calendar-provider.js';
import { seedDemoDeadlines } from './deadlines/demo-seed.js';
import { seedReferenceData } from './deadlines/reference-data.js';
import { coverageWarning, missingHolidayYears, nationalHolidayYears } from './holidays/coverage.js';
import { createDeadlineSweeper, type DeadlineSweeper } from './deadlines/sweeper.js';
import { seedDemoData } from './seed/demo.js';
import { createStatusCache, type StatusCache } from './status/cache.js';
import { useSharedLiveExecution } from './realtime/fan-out.js';
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
}

export interface App {
  services: AppServices;
  sweeper: DeadlineSweeper;
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

  const db =
    opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onQuery: opts.onQuery }));
  try {
    const report = await db.withSession((s) => applyMigrations(s));
    log.info({ applied: report.applied, alreadyApplied: report.alreadyApplied, database: db.kind }, 'migrations checked');
  } catch (err) {
    if (!opts.db) await db.close();
    throw err;
  }

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
  const publish = realtime.pubsub.publish.bind(realtime.pubsub);
  realtime.pubsub.publish = ((topic: string, ...payload: unknown[]) => {
    if (topic === 'complaint:status') statusCache.invalidate();
    return (publish as (t: string, ...p: unknown[]) => void)(topic, ...payload);
  }) as typeof realtime.pubsub.publish;
  // End of the status cache set-up.
  const services: AppServices = {
    config,
    db,
    clock,
    log,
    tokens: new TokenService(secret, config.jwtTtlSeconds, clock),
    calendars: createCalendarProvider(),
    pubsub: realtime.pubsub,
    live: new LiveSubscriptions(),
  };

  const reference = await seedReferenceData(db.prisma);
  if (reference.holidays + reference.timeStandards > 0) log.info(reference, 'reference data seeded');
  const missingYears = missingHolidayYears(await nationalHolidayYears(db.prisma), clock.now());
  if (missingYears.length > 0) log.warn({ missingYears }, coverageWarning(missingYears)!);

  if (config.seedDemo && db.kind === 'pglite') {
    const seeded = await seedDemoData(db.prisma);
    if (seeded) {
      await seedDemoDeadlines(services);
      log.info('demo data seeded (empty embedded database)');
    }
  }

  const production = config.nodeEnv === 'production';
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    plugins: [statusCache.plugin, useSharedLiveExecution()],
    logging: log.child({ component: 'yoga' }),
    maskedErrors: {
      // A domain error not declared in a field's result union (FORBIDDEN from a workflow role check,
      // for one) still reaches the client with its code; anything else is masked and logged.
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: original.code },
          });
        }
        // Malformed global IDs, cursors or page sizes, caught by Pothos before any resolver ran.
        if (original instanceof Error && original.name === 'PothosValidationError') {
          return new GraphQLError(original.message, {
            ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
            extensions: { code: 'INVALID_INPUT' },
          });
        }
        if (original instanceof GraphQLError || (error instanceof GraphQLError && !error.originalError)) return error as Error;
        log.error({ err: original }, 'unexpected error');
        return new GraphQLError(message, {
          ...(error instanceof GraphQLError ? { path: error.path } : {}),
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      },
    },
    // Outside production GraphiQL is open; in production only for a signed-in ADMIN or COORDINATOR.
    graphiql: production
      ? async (request) => {
          const viewer = await resolveViewer(services, { authorization: request.headers.get('authorization') });
          return isUser(viewer) && (viewer.role === 'ADMIN' || viewer.role === 'COORDINATOR') && GRAPHIQL;
        }
      : GRAPHIQL,
    // GraphiQL from the installed package (scripts and styles inlined), not from a CDN, so it works on
    // an offline office network. Loaded on first use: it is 9 MB of JavaScript.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    context: async (initial) => {
      // A WebSocket operation: the connection resolved its viewer once, at connection_init.
      const live = (initial as { live?: LiveConnection }).live;
      if (live) {
        // The logger is made on first use: thousands of idle subscribers need none.
        let connectionLog: Logger | undefined;
        return {
          services,
          viewer: live.viewer,
          requestId: live.connectionId,
          clientAddress: live.clientAddress,
          get log() {
            return (connectionLog ??= log.child({ connectionId: live.connectionId }));
          },
        };
      }
      const { request, req } = initial;
      const requestId = request.headers.get('x-request-id') || randomUUID();
      const viewer = await resolveViewer(services, {
        authorization: request.headers.get('authorization'),
        apiKey: request.headers.get('x-api-key'),
      });
      // The request logger is made on first use: most reads (all cache hits) never log.
      let requestLog: Logger | undefined;
      return {
        services,
        viewer,
        requestId,
        clientAddress: clientAddress(req, config.trustProxy),
        get log() {
          return (requestLog ??= log.child({ requestId }));
        },
      };
    },
  });

  const sweeper = createDeadlineSweeper(services);
  if (opts.sweep ?? config.nodeEnv !== 'test') sweeper.start(config.sweepIntervalSeconds);

  let inFlight = 0;
  let draining = false;
  const server = createServer(async (req, res) => {
    if (req.url === '/healthz') return json(res, 200, { status: 'ok' });
    if (req.url === '/readyz') {
      if (draining) return json(res, 503, { status: 'draining' });
      try {
        const pending = await db.withSession((s) => pendingMigrations(s));
        return json(res, pending.length ? 503 : 200, { status: pending.length ? 'migrations pending' : 'ready', pending });
      } catch {
        return json(res, 503, { status: 'database unreachable' });
      }
    }
    inFlight++;
    res.on('close', () => inFlight--);
    const requestId = (req.headers['x-request-id'] as string | undefined) || randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const t0 = performance.now();
    res.on('finish', () =>
      log.info({ requestId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - t0) }, 'request'),
    );
    return yoga(req, res);
  });

  const websocket = attachWebSocket(server, yoga, services, {
    keepAliveMs: opts.webSocketKeepAliveMs,
    clientAddress: (req) => clientAddress(req, config.trustProxy),
  });

  let closing: Promise<void> | undefined;
  const app: App = {
    services,
    sweeper,
    server,
    realtime: { pubsub: realtime, websocket },
    yoga,
    listen(port = config.port, host = config.host) {
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
              ...(db.origin ? { databaseOrigin: db.origin } : {}),
            },
            'tuntas listening',
          );
          resolve(url);
        });
      });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        await sweeper.stop();
        if (config.shutdownGraceSeconds > 0) {
          // /readyz already answers 503; keep serving until the load balancer has noticed.
          log.info({ seconds: config.shutdownGraceSeconds }, 'draining: not ready, still serving');
          await new Promise((r) => setTimeout(r, config.shutdownGraceSeconds * 1000));
        }
        // Stop accepting, let running requests finish (bounded), then close the database cleanly.
        const stopped = new Promise<void>((r) => server.close(() => r()));
        // Live subscriptions never finish by themselves: complete them (SSE streams end), and say
        // goodbye to WebSocket clients, before waiting for the HTTP requests to drain.
        services.live.endAll();
        await websocket.close();
        server.closeIdleConnections();
        const deadline = Date.now() + 10_000;
        while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        server.closeAllConnections();
        await stopped;
        await realtime.close();
        await statusCache.close();
        if (!opts.db) await db.close();
        log.info('tuntas stopped');
      })();
      return closing;
    },
  };
  return app;
}

const GRAPHIQL = { title: 'tuntas — LAPOR! complaint handling' };

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? (req.headers['x-forwarded-for'] as string | undefined)?.split(',')[0]?.trim() : undefined;
  return forwarded || req.socket.remoteAddress || 'unknown';
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
