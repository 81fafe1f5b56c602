// The HTTP server: /healthz (process up), /readyz (database reachable, migrations applied, not
// draining), request ids and request logging, everything else to GraphQL.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pendingMigrations } from '../db/migrate.js';
import { DOCUMENTS_PATH, serveDocument } from '../documents/http.js';
import { logRequest } from '../security/logging.js';
import type { AppServices } from '../services.js';
import type { ServiceBackups } from '../backup/service-backups.js';
import { serveMetrics } from '../metrics/http.js';
import { Metrics } from '../metrics/metrics.js';
import type { Security } from '../security/plugin.js';
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

export function createHttpServer(
  services: AppServices,
  yoga: GraphQLServer,
  security: Security,
  ops: { metrics: Metrics; backups: ServiceBackups; routes?: HttpRoute[] },
): HttpServer {
  const { db, log, config } = services;
  const { metrics, backups } = ops;
  let inFlight = 0;
  let draining = false;
  const server = createServer(async (req, res) => {
    const t0 = performance.now();
    const route = Metrics.route(req.url);
    res.on('finish', () => {
      metrics.httpRequests.inc({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method ?? 'GET', route }, (performance.now() - t0) / 1000);
    });
    if (req.url === '/healthz') return json(res, 200, { status: 'ok' });
    if (route === '/metrics' && config.metricsToken !== null) return serveMetrics(req, res, metrics, config.metricsToken);
    if (req.url === '/readyz') {
      if (draining) return json(res, 503, { status: 'draining' });
      try {
        const pending = await db.withSession((s) => pendingMigrations(s));
        return json(res, pending.length ? 503 : 200, {
          status: pending.length ? 'migrations pending' : 'ready',
          pending,
          backup: backups.status(),
        });
      } catch {
        return json(res, 503, { status: 'database unreachable' });
      }
    }
    inFlight++;
    res.on('close', () => inFlight--);
    const requestId = (req.headers['x-request-id'] as string | undefined) || randomUUID();
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    // The path only, never the query string (it can carry variables, even a password).
    res.on('finish', () => logRequest(log, req, res, { requestId, ms: Math.round(performance.now() - t0) }));
    // Signed download links (src/documents/http.ts): the link itself is the credential.
    if (req.url?.startsWith(DOCUMENTS_PATH)) {
      return serveDocument(services, req, res).catch((err) => {
        log.error({ err, requestId }, 'document download failed');
        if (!res.headersSent) json(res, 500, { status: 'internal error' });
        else res.destroy();
      });
    }
    if (security.refuseOversized(req, res)) return;
    for (const route of ops.routes ?? []) if (await route(req, res)) return;
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
