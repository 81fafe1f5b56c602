// GET /open311/v2/{discovery,services,requests,requests/ID}.{json,xml}: read-only GeoReport v2.
// Public status fields by default (OPEN311_REQUIRE_API_KEY=true: a READ_COMPLAINTS key, as api_key
// or X-API-Key, limited to its agency), rate limited per client address; errors in the spec's format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveViewer } from '../auth/resolve-viewer.js';
import type { ComplaintKind } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { CONTENT_TYPES, type Format, render, renderErrors, xmlDocument } from './format.js';
import { CHANGESET, CLOSED_STATUSES, GEOREPORT_SPEC, REQUEST_SELECT, SERVICE_NAMES, services, toServiceRequest } from './georeport.js';
import type { RateLimiter } from './rate-limit.js';

export const OPEN311_PREFIX = '/open311/v2/';
const DAY_MS = 86_400_000;
export const MAX_SPAN_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;

class Open311Error extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const bad = (message: string) => new Open311Error(400, message);

function parseDate(name: string, raw: string | null): Date | null {
  if (raw === null || raw === '') return null;
  // The spec's dates: ISO 8601 with a time zone (Z or ±HH:MM); a bare date is read as UTC midnight.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(raw)) {
    throw bad(`${name} must be an ISO 8601 date-time with a time zone, e.g. 2026-11-01T00:00:00+07:00`);
  }
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw bad(`${name} is not a valid date`);
  return d;
}

function positive(name: string, raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw bad(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

function list(raw: string | null): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface Open311Options {
  limiter: RateLimiter;
  clientAddress: (req: IncomingMessage) => string;
}

/** Returns false when the path is not Open311's (the caller serves it). */
export function createOpen311Handler(app: AppServices, opts: Open311Options) {
  const { prisma } = app.db;

  async function agencyScope(params: URLSearchParams, req: IncomingMessage): Promise<Prisma.ComplaintWhereInput> {
    if (!app.config.open311RequireApiKey) return {};
    const apiKey = params.get('api_key') ?? (req.headers['x-api-key'] as string | undefined) ?? null;
    const viewer = apiKey ? await resolveViewer(app, { apiKey }) : null;
    if (viewer?.kind !== 'service' || !viewer.scopes.includes('READ_COMPLAINTS')) {
      throw new Open311Error(403, 'an api_key with the READ_COMPLAINTS scope is required');
    }
    return viewer.agencyId ? { agencyId: viewer.agencyId } : {};
  }

  async function requests(params: URLSearchParams, scope: Prisma.ComplaintWhereInput) {
    const ids = list(params.get('service_request_id'));
    // The spec: with service_request_id, every other parameter is ignored.
    if (ids.length) {
      if (ids.length > MAX_PAGE_SIZE) throw bad(`at most ${MAX_PAGE_SIZE} service_request_id values`);
      const rows = await prisma.complaint.findMany({ where: { AND: [scope, { trackingId: { in: ids } }] }, select: REQUEST_SELECT });
      const byId = new Map(rows.map((r) => [r.trackingId, r]));
      return ids.flatMap((id) => (byId.has(id) ? [toServiceRequest(byId.get(id)!)] : []));
    }
    const codes = list(params.get('service_code'));
    for (const c of codes)
      if (!(c in SERVICE_NAMES)) throw bad(`unknown service_code ${c} (known: ${Object.keys(SERVICE_NAMES).join(', ')})`);
    const statuses = list(params.get('status'));
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw bad(`status must be open, closed or open,closed (got ${s})`);
    let start = parseDate('start_date', params.get('start_date'));
    let end = parseDate('end_date', params.get('end_date'));
    // Default span: the last 90 days; one bound given, 90 days from it.
    if (!start && !end) end = app.clock.now();
    if (!start) start = new Date(end!.getTime() - MAX_SPAN_DAYS * DAY_MS);
    if (!end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS);
    if (end < start) throw bad('end_date is before start_date');
    if (end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS)
      throw bad(`the span from start_date to end_date may be at most ${MAX_SPAN_DAYS} days`);
    const page = positive('page', params.get('page'), 1, 1_000_000);
    const pageSize = positive('page_size', params.get('page_size'), MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const where: Prisma.ComplaintWhereInput = {
      AND: [
        scope,
        { submittedAt: { gte: start, lte: end } },
        codes.length ? { kind: { in: codes as ComplaintKind[] } } : {},
        statuses.length === 1
          ? statuses[0] === 'closed'
            ? { status: { in: [...CLOSED_STATUSES] } }
            : { status: { notIn: [...CLOSED_STATUSES] } }
          : {},
      ],
    };
    const rows = await prisma.complaint.findMany({
      where,
      select: REQUEST_SELECT,
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return rows.map(toServiceRequest);
  }

  async function serve(resource: string, format: Format, params: URLSearchParams, req: IncomingMessage, base: string) {
    if (resource === 'discovery') {
      const endpoint = {
        specification: GEOREPORT_SPEC,
        url: `${base}${OPEN311_PREFIX.slice(0, -1)}`,
        changeset: CHANGESET,
        type: 'production',
        formats: [CONTENT_TYPES.xml.split(';')[0], CONTENT_TYPES.json.split(';')[0]],
      };
      const body = {
        changeset: CHANGESET,
        contact: `${base}/`,
        key_service: app.config.open311RequireApiKey ? 'Ask the agency for an API key with the READ_COMPLAINTS scope' : 'No key needed',
        endpoints: [endpoint],
      };
      if (format === 'json') return JSON.stringify(body);
      return xmlDocument({ discovery: { ...body, endpoints: { endpoint: { ...endpoint, formats: { format: endpoint.formats } } } } });
    }
    const scope = await agencyScope(params, req);
    if (resource === 'services') {
      const rows = await prisma.complaint.findMany({
        where: { AND: [scope, { category: { not: null } }] },
        distinct: ['kind', 'category'],
        select: { kind: true, category: true },
        orderBy: [{ kind: 'asc' }, { category: 'asc' }],
        take: 1000,
      });
      const byKind = new Map<ComplaintKind, string[]>();
      for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.category!]);
      return render(format, 'services', 'service', services(byKind));
    }
    if (resource === 'requests') return render(format, 'service_requests', 'request', await requests(params, scope));
    const one = /^requests\/([^/]+)$/.exec(resource);
    if (one) {
      const id = decodeURIComponent(one[1]!);
      const row = await prisma.complaint.findFirst({ where: { AND: [scope, { trackingId: id }] }, select: REQUEST_SELECT });
      if (!row) throw new Open311Error(404, `no service request ${id}`);
      return render(format, 'service_requests', 'request', [toServiceRequest(row)]);
    }
    throw new Open311Error(404, `unknown resource ${resource}; see ${OPEN311_PREFIX}discovery.json`);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // Every request passes here: leave the others before parsing their URL.
    if (!req.url?.startsWith(OPEN311_PREFIX)) return false;
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname.slice(OPEN311_PREFIX.length);
    const m = /^(.+)\.([A-Za-z0-9]+)$/.exec(path);
    const ext = m?.[2]?.toLowerCase();
    // An unknown format is answered in XML, the spec's required format.
    const format: Format = ext === 'json' ? 'json' : 'xml';
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': CONTENT_TYPES[format], 'access-control-allow-origin': '*', ...headers });
      res.end(body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new Open311Error(405, 'this endpoint is read-only: GET only');
      if (!m || (ext !== 'json' && ext !== 'xml')) throw bad(`unknown format${ext ? ` .${ext}` : ''}: add .json or .xml to the resource`);
      const limited = await opts.limiter.consume(`open311:${opts.clientAddress(req)}`);
      if (!limited.ok) {
        const description = `too many requests; try again in ${limited.retryAfterSeconds} seconds`;
        send(429, renderErrors(format, [{ code: 429, description }]), { 'retry-after': String(limited.retryAfterSeconds) });
        return true;
      }
      const host = req.headers.host ?? 'localhost';
      const proto = (app.config.trustProxy && (req.headers['x-forwarded-proto'] as string | undefined)) || 'http';
      send(200, await serve(m[1]!, format, url.searchParams, req, `${proto}://${host}`));
    } catch (err) {
      if (!(err instanceof Open311Error)) {
        app.log.error({ err, url: req.url }, 'open311 request failed');
        send(500, renderErrors(format, [{ code: 500, description: 'internal error' }]));
      } else send(err.status, renderErrors(format, [{ code: err.status, description: err.message }]));
    }
    return true;
  };
}
