// Sends due webhook deliveries, signed per the Standard Webhooks specification (standardwebhooks
// library: webhook-id, webhook-timestamp, webhook-signature = v1,<HMAC-SHA256>). A delivery is leased
// to one instance (FOR UPDATE SKIP LOCKED) while it is sent. 2xx: delivered. 410 Gone: the endpoint is
// disabled. Anything else (5xx, timeout, closed connection, redirect): retried on the schedule below,
// over more than 24 hours; after the last attempt the endpoint is disabled with the reason.
import { Webhook } from 'standardwebhooks';
import { recordAdminEvent, SYSTEM_ACTOR } from '../audit/events.js';
import type { AppServices } from '../services.js';
import { addressProblem } from './url.js';

/** Wait after the n-th failed attempt (Standard Webhooks' suggested schedule): 27 h 35 min in all. */
export const RETRY_SCHEDULE_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 10 * 3600_000];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
const LEASE_MS = 120_000;
const BATCH = 50;

interface DueDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

export function signedHeaders(secret: string, eventId: string, body: string, at = new Date()): Record<string, string> {
  const signature = new Webhook(secret).sign(eventId, at, body);
  return {
    'content-type': 'application/json',
    'user-agent': 'tuntas-webhooks/1',
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

async function attempt(services: AppServices, d: DueDelivery): Promise<AttemptResult> {
  const started = performance.now();
  const { config } = services;
  const problem = await addressProblem(d.url, {
    production: config.nodeEnv === 'production',
    allowPrivate: config.webhookAllowPrivateUrls,
  });
  if (problem) return { statusCode: null, error: `URL ${problem}`, latencyMs: 0 };
  const body = JSON.stringify(d.payload);
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: signedHeaders(d.secret, d.eventId, body),
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
    });
    // Drain (bounded by the timeout) so the connection can be reused; the body is not kept.
    await res.arrayBuffer().catch(() => undefined);
    return { statusCode: res.status, error: res.ok ? null : `HTTP ${res.status}`, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const error = e.name === 'TimeoutError' ? `timed out after ${config.webhookTimeoutMs} ms` : (e.cause?.code ?? e.message);
    return { statusCode: null, error, latencyMs: Math.round(performance.now() - started) };
  }
}

/** Claims and sends one batch of due deliveries; returns how many were attempted. */
export async function deliverWebhookBatch(services: AppServices): Promise<number> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const due = await prisma.$queryRaw<DueDelivery[]>`
    UPDATE "WebhookDelivery" d SET "leaseUntil" = ${new Date(now.getTime() + LEASE_MS)}
    FROM "WebhookEndpoint" e
    WHERE e.id = d."endpointId" AND d.id IN (
      SELECT d2.id FROM "WebhookDelivery" d2 JOIN "WebhookEndpoint" e2 ON e2.id = d2."endpointId" AND e2.active
      WHERE d2.status = 'PENDING' AND d2."nextAttemptAt" <= ${now} AND (d2."leaseUntil" IS NULL OR d2."leaseUntil" < ${now})
      ORDER BY d2."nextAttemptAt", d2."createdAt" LIMIT ${BATCH}
      FOR UPDATE OF d2 SKIP LOCKED)
    RETURNING d.id, d."endpointId", d."eventId", d.payload, d.attempts, e.url, e.secret`;
  await Promise.all(due.map(async (d) => record(services, d, await attempt(services, d))));
  return due.length;
}

async function record(services: AppServices, d: DueDelivery, r: AttemptResult): Promise<void> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const attempts = d.attempts + 1;
  const ok = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
  const gone = r.statusCode === 410;
  const exhausted = !ok && !gone && attempts >= MAX_ATTEMPTS;
  await prisma.$transaction([
    prisma.webhookAttempt.create({ data: { deliveryId: d.id, at: now, statusCode: r.statusCode, latencyMs: r.latencyMs, error: r.error } }),
    prisma.webhookDelivery.update({
      where: { id: d.id },
      data: {
        attempts,
        leaseUntil: null,
        lastStatusCode: r.statusCode,
        lastError: r.error,
        ...(ok
          ? { status: 'DELIVERED', deliveredAt: now }
          : gone || exhausted
            ? { status: 'FAILED' }
            : { nextAttemptAt: new Date(now.getTime() + RETRY_SCHEDULE_MS[attempts - 1]!) }),
      },
    }),
  ]);
  if (gone || exhausted) {
    const reason = gone
      ? `the endpoint answered 410 Gone at ${now.toISOString()}`
      : `no successful delivery after ${attempts} attempts over more than 24 hours (last: ${r.error ?? r.statusCode})`;
    await disableEndpoint(services, d.endpointId, reason);
  }
}

/** Disables an endpoint with its reason; its pending deliveries fail with it (redeliver after re-enabling). */
export async function disableEndpoint(services: AppServices, endpointId: string, reason: string): Promise<void> {
  const now = services.clock.now();
  const disabled = await services.db.prisma.$transaction(async (tx) => {
    const changed = await tx.webhookEndpoint.updateMany({
      where: { id: endpointId, active: true },
      data: { active: false, disabledAt: now, disabledReason: reason },
    });
    if (changed.count === 0) return false;
    await tx.webhookDelivery.updateMany({
      where: { endpointId, status: 'PENDING' },
      data: { status: 'FAILED', lastError: `endpoint disabled: ${reason}` },
    });
    const endpoint = await tx.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: { agencyId: true } });
    await recordAdminEvent(tx, SYSTEM_ACTOR, {
      action: 'WEBHOOK_ENDPOINT_DISABLED',
      agencyId: endpoint.agencyId,
      entity: 'WebhookEndpoint',
      entityId: endpointId,
      before: { active: true },
      after: { active: false, disabledReason: reason },
    });
    return true;
  });
  if (disabled) services.log.warn({ endpointId, reason }, 'webhook endpoint disabled');
}
