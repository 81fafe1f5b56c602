// The transactional outbox write: events go into OutboxEvent in the transaction of the change they
// describe (the runner, and the sweeper for deadline events, call this), in the order given. The
// dispatcher (src/outbox/) publishes them to live subscriptions, webhooks and e-mail after commit.
import type { Prisma } from '../generated/prisma/client.js';
import type { ComplaintDeadlineEvent, ComplaintStatusChanged } from './events.js';
import type { Tx } from './services.js';

export type OutboxEntry =
  | { topic: 'complaint:status'; event: ComplaintStatusChanged }
  | { topic: 'complaint:deadline'; event: ComplaintDeadlineEvent };

export async function recordEvents(tx: Tx, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.outboxEvent.createMany({
    data: entries.map((e) => ({
      topic: e.topic,
      complaintId: e.event.complaintId,
      agencyId: e.event.agencyId,
      payload: e.event as unknown as Prisma.InputJsonValue,
    })),
  });
}
