// Serving /metrics: on the main port only with `Authorization: Bearer <METRICS_TOKEN>`, and/or on a
// separate port (METRICS_PORT) that an operator keeps off the public network.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './metrics.js';

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export async function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: Metrics, token: string | null): Promise<void> {
  if (token !== null && !tokenMatches(req.headers.authorization, token)) {
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' });
    res.end('metrics: Authorization: Bearer <METRICS_TOKEN> required\n');
    return;
  }
  try {
    const body = await metrics.metricsText();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('metrics: collection failed (database unreachable?)\n');
  }
}

export async function startMetricsServer(metrics: Metrics, port: number, host: string, token: string | null): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] === '/metrics') return void serveMetrics(req, res, metrics, token);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
