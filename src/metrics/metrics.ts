// The service's Prometheus metrics (prom-client), one registry per app. Labels are bounded: routes and
// operation names, never URLs or argument values; agencies by code. Database-backed gauges are read
// on scrape through cheap indexed queries and cached, so a scrape every few seconds costs nothing.
import client from 'prom-client';
import type { PrismaClient } from '../db/database.js';
import { MARKER_TASK_LIST, sqlInstant } from '../deadlines/sweeper.js';
import { Prisma } from '../generated/prisma/client.js';
import { listBackups } from '../backup/files.js';

export type Transport = 'sse' | 'websocket';

export interface MetricsDeps {
  prisma: PrismaClient;
  now: () => Date;
  /** Where backups are written (for the age of the newest). */
  backupDir: string;
  /** How long database-backed gauges are reused (default 15 s). */
  cacheSeconds?: number;
}

/** Operation names are chosen by clients: cap how many distinct ones become label values. */
const MAX_OPERATION_NAMES = 300;
const TERMINAL = ['CLOSED', 'RETURNED', 'ARCHIVED'];

export class Metrics {
  readonly registry = new client.Registry();
  private readonly operationNames = new Set<string>();

  readonly httpRequests = new client.Counter({
    name: 'tuntas_http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new client.Histogram({
    name: 'tuntas_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly operations = new client.Counter({
    name: 'tuntas_graphql_operations_total',
    help: 'GraphQL operations executed, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new client.Histogram({
    name: 'tuntas_graphql_operation_duration_seconds',
    help: 'GraphQL execution latency by operation name and type (subscriptions: until the first result)',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly errors = new client.Counter({
    name: 'tuntas_graphql_errors_total',
    help: 'Errors by code: typed results (NOT_FOUND, CONFLICT, ...) and top-level errors (INTERNAL_SERVER_ERROR is a masked bug)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly subscriptions = new client.Gauge({
    name: 'tuntas_subscriptions_open',
    help: 'Live subscriptions open on this instance, by transport',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });
  readonly sweeps = new client.Counter({
    name: 'tuntas_deadline_sweeps_total',
    help: 'Deadline sweeper runs on this instance, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly sweepDuration = new client.Histogram({
    name: 'tuntas_deadline_sweep_duration_seconds',
    help: 'Duration of a deadline sweep',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly sweepActions = new client.Counter({
    name: 'tuntas_deadline_sweep_actions_total',
    help: 'What the sweeper did: warnings, overdue, autoClosed, escalated',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  readonly lastSweep = new client.Gauge({
    name: 'tuntas_deadline_sweep_last_success_timestamp_seconds',
    help: 'When this instance last finished a sweep without error (Unix time)',
    registers: [this.registry],
  });
  readonly backups = new client.Counter({
    name: 'tuntas_backups_total',
    help: 'Scheduled backups taken by this instance, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(private readonly deps: MetricsDeps) {
    client.collectDefaultMetrics({ register: this.registry, prefix: 'tuntas_' });
    const cached = this.cached.bind(this);
    const registry = this.registry;
    new client.Gauge({
      name: 'tuntas_complaints',
      help: 'Complaints by agency (code) and status',
      labelNames: ['agency', 'status'] as const,
      registers: [registry],
      async collect() {
        const { byStatus } = await cached();
        this.reset();
        for (const r of byStatus) this.set({ agency: r.agency, status: r.status }, r.n);
      },
    });
    // Open complaints counted per agency, one gauge per kind of trouble.
    const perAgency = (name: string, help: string, pick: (g: DbGauges) => { agency: string; n: number }[]) =>
      new client.Gauge({
        name,
        help,
        labelNames: ['agency'] as const,
        registers: [registry],
        async collect() {
          const rows = pick(await cached());
          this.reset();
          for (const r of rows) this.set({ agency: r.agency }, r.n);
        },
      });
    perAgency(
      'tuntas_complaints_follow_up_overdue',
      'Open complaints whose follow-up deadline has passed without a completed follow-up, by agency',
      (g) => g.overdue,
    );
    perAgency(
      'tuntas_complaints_escalated_to_ombudsman',
      'Open complaints taken over by the Ombudsman rule, by agency',
      (g) => g.escalated,
    );
    new client.Gauge({
      name: 'tuntas_deadline_sweep_lag_seconds',
      help: 'Age of the oldest deadline item that is due but not yet acted on (0: the sweeper is keeping up)',
      registers: [registry],
      async collect() {
        this.set((await cached()).lagSeconds);
      },
    });
    new client.Gauge({
      name: 'tuntas_outbox_backlog',
      help: 'Outbox work not done yet (database-wide): events to publish live or fan out, webhook deliveries and e-mails pending',
      labelNames: ['stage'] as const,
      registers: [registry],
      async collect() {
        const { outbox } = await cached();
        this.reset();
        for (const [stage, n] of Object.entries(outbox)) this.set({ stage }, n);
      },
    });
    const backupDir = deps.backupDir;
    const now = deps.now;
    new client.Gauge({
      name: 'tuntas_backup_age_seconds',
      help: 'Age of the newest complete backup in BACKUP_DIR (-1: none)',
      registers: [registry],
      collect() {
        const newest = listBackups(backupDir)[0];
        this.set(newest ? Math.max(0, (now().getTime() - newest.at.getTime()) / 1000) : -1);
      },
    });
  }

  observeSweep(o: { report?: object; error?: unknown; seconds: number }, now: Date): void {
    this.sweeps.inc({ result: o.error ? 'failed' : 'ok' });
    this.sweepDuration.observe(o.seconds);
    if (o.report) {
      for (const [action, n] of Object.entries(o.report) as [string, number][]) if (n > 0) this.sweepActions.inc({ action }, n);
      this.lastSweep.set(now.getTime() / 1000);
    }
  }

  /** A bounded label value for a client-chosen operation name. */
  operationLabel(name: string | undefined | null): string {
    if (!name) return 'anonymous';
    const clean = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64);
    if (this.operationNames.has(clean)) return clean;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(clean);
    return clean;
  }

  /** A bounded route label: the known endpoints or "other" (never the raw URL). */
  static route(url: string | undefined): string {
    const p = (url ?? '').split('?')[0];
    return p === '/graphql' || p === '/healthz' || p === '/readyz' || p === '/metrics' ? p : 'other';
  }

  private cache: { at: number; value: Promise<DbGauges> } | undefined;

  private cached(): Promise<DbGauges> {
    const ttl = (this.deps.cacheSeconds ?? 15) * 1000;
    const t = Date.now();
    if (!this.cache || t - this.cache.at > ttl) {
      const value = readDbGauges(this.deps.prisma, this.deps.now());
      this.cache = { at: t, value };
      value.catch(() => (this.cache = undefined));
    }
    return this.cache.value;
  }

  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}

interface DbGauges {
  byStatus: { agency: string; status: string; n: number }[];
  overdue: { agency: string; n: number }[];
  escalated: { agency: string; n: number }[];
  lagSeconds: number;
  outbox: { live: number; fan_out: number; webhooks: number; emails: number };
}

async function readDbGauges(prisma: PrismaClient, now: Date): Promise<DbGauges> {
  const terminal = Prisma.join(TERMINAL.map((s) => Prisma.sql`${s}::"ComplaintStatus"`));
  // Complaint_agencyId_status_idx serves the first; the partial due indexes the lag.
  const byStatus = await prisma.$queryRaw<{ agency: string; status: string; n: number }[]>`
    SELECT a.code AS agency, c.status::text AS status, count(*)::int AS n
      FROM "Complaint" c JOIN "Agency" a ON a.id = c."agencyId" GROUP BY a.code, c.status`;
  const overdue = await prisma.$queryRaw<{ agency: string; n: number }[]>`
    SELECT a.code AS agency, count(*)::int AS n FROM "Complaint" c JOIN "Agency" a ON a.id = c."agencyId"
     WHERE c."followUpDueAt" IS NOT NULL AND c."followUpDueAt" <= ${sqlInstant(now)} AND c.status NOT IN (${terminal})
     GROUP BY a.code`;
  const escalated = await prisma.$queryRaw<{ agency: string; n: number }[]>`
    SELECT a.code AS agency, count(*)::int AS n FROM "Complaint" c JOIN "Agency" a ON a.id = c."agencyId"
     WHERE c."escalatedAt" IS NOT NULL AND c.status NOT IN (${terminal}) GROUP BY a.code`;
  let oldest: Date | null = null;
  for (const task of MARKER_TASK_LIST) {
    const at = Prisma.raw(`"${task.at}"`);
    const marker = Prisma.raw(`"${task.marker}"`);
    const [row] = await prisma.$queryRaw<{ m: Date | null }[]>`
      SELECT min(${at}) AS m FROM "Complaint" WHERE ${at} IS NOT NULL AND ${marker} IS NULL AND ${at} <= ${sqlInstant(now)}`;
    if (row?.m && (!oldest || row.m < oldest)) oldest = row.m;
  }
  const [close] = await prisma.$queryRaw<{ m: Date | null }[]>`
    SELECT min("autoCloseAt") AS m FROM "Complaint" WHERE status = 'RESPONSE_DELIVERED' AND "autoCloseAt" <= ${sqlInstant(now)}`;
  if (close?.m && (!oldest || close.m < oldest)) oldest = close.m;
  const lagSeconds = oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0;
  // The partial indexes of the outbox migration serve the first two; (status, nextAttemptAt) the others.
  const [outbox] = await prisma.$queryRaw<DbGauges['outbox'][]>`
    SELECT (SELECT count(*)::int FROM "OutboxEvent" WHERE "publishedAt" IS NULL) AS live,
           (SELECT count(*)::int FROM "OutboxEvent" WHERE "fannedOutAt" IS NULL) AS fan_out,
           (SELECT count(*)::int FROM "WebhookDelivery" WHERE status = 'PENDING') AS webhooks,
           (SELECT count(*)::int FROM "EmailNotification" WHERE status = 'PENDING') AS emails`;
  return { byStatus, overdue, escalated, lagSeconds, outbox: outbox! };
}
