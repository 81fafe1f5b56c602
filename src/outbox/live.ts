// The live consumer of the outbox: publishes committed events to the realtime pub/sub (Redis fans
// them out to every instance's subscriptions) in one global order. Each row gets its position in the
// live stream (liveSeq) when published; subscriptions replay after a known event in that order.
import { Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import type { Delivered, SopTopic } from '../sop/events.js';

// One publisher at a time across instances, so stream positions follow publish order.
const LIVE_LOCK = 0x7475_6e01;
const BATCH = 500;

interface PublishedRow {
  eventId: string;
  liveSeq: bigint;
  topic: string;
  payload: Record<string, unknown>;
}

/** Publishes one batch; returns how many events it published. */
export async function publishLiveBatch(services: AppServices): Promise<number> {
  const { prisma } = services.db;
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LIVE_LOCK})`;
      // The inner, ordered subquery makes nextval() follow the insertion order.
      const rows = await tx.$queryRaw<PublishedRow[]>(Prisma.sql`
        UPDATE "OutboxEvent" o SET "liveSeq" = s.seq, "publishedAt" = now()
        FROM (
          SELECT c.id, nextval('"OutboxEvent_liveSeq_seq"') AS seq FROM (
            SELECT id FROM "OutboxEvent" WHERE "publishedAt" IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
          ) c ORDER BY c.id
        ) s
        WHERE o.id = s.id
        RETURNING o."eventId", o."liveSeq", o.topic, o.payload`);
      rows.sort((a, b) => (a.liveSeq < b.liveSeq ? -1 : a.liveSeq > b.liveSeq ? 1 : 0));
      // Published while the lock is held, so two instances' batches never interleave. A failed commit
      // would publish again later: subscribers drop a seq they have already seen.
      for (const r of rows) publishRow(services, r);
      return rows.length;
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

export function deliveredEvent(r: { eventId: string; liveSeq: bigint | null; payload: unknown }): Delivered<never> {
  return { ...(r.payload as object), eventId: r.eventId, seq: String(r.liveSeq) } as Delivered<never>;
}

function publishRow(services: AppServices, r: PublishedRow): void {
  const topic = r.topic as SopTopic;
  const event = deliveredEvent(r);
  (services.pubsub.publish as (t: SopTopic, e: unknown) => void)(topic, event);
}
