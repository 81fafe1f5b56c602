// Turns committed outbox events into work for the other consumers, once per event: one webhook
// delivery per matching endpoint and one e-mail per staff member whose turn it is. Rows are claimed
// with FOR UPDATE SKIP LOCKED (several instances share the work) and the (endpoint, event) and
// (user, event) keys are unique, so each is created once.
import type { Prisma } from '../generated/prisma/client.js';
import { deadlineAudience, statusAudience, type Audience } from '../notifications/hand-over.js';
import { emailBody, noticeFor } from '../notifications/wording.js';
import type { AppServices } from '../services.js';
import type { ComplaintDeadlineEvent, ComplaintStatusChanged, SopTopic } from '../sop/events.js';
import type { Tx } from '../sop/services.js';
import type { ComplaintStatus } from '../sop/vocabulary.js';
import { EVENT_TYPE_OF_TOPIC, webhookBody } from '../webhooks/payload.js';

const BATCH = 200;

interface OutboxRow {
  id: bigint;
  eventId: string;
  createdAt: Date;
  topic: SopTopic;
  agencyId: string;
  complaintId: string;
  payload: unknown;
}

/** Fans out one batch; returns how many events it handled. */
export async function fanOutBatch(services: AppServices): Promise<number> {
  const { prisma } = services.db;
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT id, "eventId", topic, "agencyId", "complaintId", payload, "createdAt" FROM "OutboxEvent"
        WHERE "fannedOutAt" IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      await createWebhookDeliveries(tx, rows, services.clock.now());
      if (services.config.smtpUrl) await createEmails(services, tx, rows);
      await tx.outboxEvent.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { fannedOutAt: services.clock.now() } });
      return rows.length;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

async function createWebhookDeliveries(tx: Tx, rows: OutboxRow[], now: Date): Promise<void> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { active: true, OR: [{ agencyId: null }, { agencyId: { in: [...new Set(rows.map((r) => r.agencyId))] } }] },
    select: { id: true, agencyId: true, eventTypes: true, createdAt: true },
  });
  if (endpoints.length === 0) return;
  const data: Prisma.WebhookDeliveryCreateManyInput[] = [];
  for (const r of rows) {
    const type = EVENT_TYPE_OF_TOPIC[r.topic];
    for (const e of endpoints) {
      // An endpoint gets the events committed after it was created, not an older backlog.
      if ((e.agencyId === null || e.agencyId === r.agencyId) && e.eventTypes.includes(type) && e.createdAt <= r.createdAt) {
        data.push({
          endpointId: e.id,
          eventId: r.eventId,
          eventType: type,
          nextAttemptAt: now,
          payload: webhookBody(r.topic, r.eventId, r.payload) as never,
        });
      }
    }
  }
  if (data.length > 0) await tx.webhookDelivery.createMany({ data, skipDuplicates: true });
}

/** The next time daily digests go out (EMAIL_DIGEST_HOUR, Asia/Jakarta = UTC+7, no daylight saving). */
export function nextDigestAt(now: Date, hour: number): Date {
  const t = new Date(now);
  t.setUTCHours((hour - 7 + 24) % 24, 0, 0, 0);
  if (t <= now) t.setUTCDate(t.getUTCDate() + 1);
  return t;
}

async function createEmails(services: AppServices, tx: Tx, rows: OutboxRow[]): Promise<void> {
  const now = services.clock.now();
  const data: Prisma.EmailNotificationCreateManyInput[] = [];
  const host = new URL(services.config.consoleUrl).hostname || 'tuntas';
  for (const r of rows) {
    const current = await tx.complaint.findUnique({ where: { id: r.complaintId }, select: { status: true, round: true } });
    if (!current) continue;
    const audience =
      r.topic === 'complaint:status'
        ? statusAudience(r.payload as ComplaintStatusChanged)
        : deadlineAudience(r.payload as ComplaintDeadlineEvent, current.status as ComplaintStatus);
    if (!audience) continue;
    const users = await recipients(tx, r, audience, current.round);
    if (users.length === 0) continue;
    const prefs = new Map(
      (await tx.notificationPreference.findMany({ where: { userId: { in: users.map((u) => u.id) } } })).map((p) => [p.userId, p.email]),
    );
    const notice = noticeFor(audience.kind, r.payload as ComplaintStatusChanged | ComplaintDeadlineEvent, services.config.consoleUrl);
    for (const u of users) {
      const mode = prefs.get(u.id) ?? 'IMMEDIATE';
      if (mode === 'NONE') continue;
      const digest = mode === 'DAILY_DIGEST';
      data.push({
        userId: u.id,
        eventId: r.eventId,
        messageId: `<${r.eventId}.${u.id}@${host}>`,
        toAddress: u.email,
        subject: notice.subject,
        // A digest keeps the paragraph; the whole e-mail is put together when the digest goes out.
        body: digest ? notice.text : emailBody(u.name, [notice.text]),
        digest,
        nextAttemptAt: digest ? nextDigestAt(now, services.config.emailDigestHour) : now,
      });
    }
  }
  if (data.length > 0) await tx.emailNotification.createMany({ data, skipDuplicates: true });
}

async function recipients(tx: Tx, r: OutboxRow, a: Audience, round: number): Promise<{ id: string; email: string; name: string }[]> {
  let divisionIds: string[] = [];
  if (a.divisions) {
    const disposed = (await tx.dispositionDivision.findMany({ where: { complaintId: r.complaintId }, select: { divisionId: true } })).map(
      (d) => d.divisionId,
    );
    if (a.divisions === 'PENDING_RESULT') {
      const reported = new Set(
        (await tx.followUpResult.findMany({ where: { complaintId: r.complaintId, round }, select: { divisionId: true } })).map(
          (d) => d.divisionId,
        ),
      );
      divisionIds = disposed.filter((d) => !reported.has(d));
    } else {
      divisionIds = disposed;
    }
  }
  const or: Prisma.UserWhereInput[] = [];
  if (a.roles.length > 0) or.push({ role: { in: a.roles } });
  if (divisionIds.length > 0) or.push({ role: 'DIVISION', divisionId: { in: divisionIds } });
  if (or.length === 0) return [];
  return tx.user.findMany({
    where: { active: true, agencyId: r.agencyId, OR: or },
    select: { id: true, email: true, name: true },
    orderBy: { email: 'asc' },
  });
}
