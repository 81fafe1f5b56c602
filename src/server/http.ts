// The HTTP server: /healthz (process up), /readyz (database reachable, migrations applied, not
// draining), request ids and request logging, everything else to GraphQL.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';
import type { GraphQLServer } from './graphql-server.js';

export interface HttpServer {
  server: Server;
  /** Requests being served now (shutdown waits for them). */
  inFlight(): number;
  /** From now on /readyz answers 503, so the load balancer stops sending traffic. */
  drain(): void;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A plain-HTTP resource next to GraphQL (Open311); answers false when the path is not its own. */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export function createHttpServer(yoga: GraphQLServer, db: Database, log: Logger, routes: HttpRoute[] = []): HttpServer {
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
    for (const route of routes) if (await route(req, res)) return;
    return yoga(req, res);
  });
  return {
    server,
    inFlight: () => inFlight,
    drain: () => {
      draining = true;
    },
  };
}
