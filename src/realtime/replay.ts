// Replay for subscriptions: a client that passes the last event id it saw first receives what was
// published after it (from the outbox, within its retention, in stream order), then live events.
// The live listener is registered before the outbox is read, and a live event already replayed is
// dropped, so nothing falls between the two and nothing arrives twice.
import { InvalidInputError } from '../errors.js';
import { deliveredEvent } from '../outbox/live.js';
import type { AppServices } from '../services.js';
import type { Delivered, SopTopic } from '../sop/events.js';
import { isUuid } from '../uuid.js';

const MAX_REPLAY = 10_000;

/** The stream position of a known event; INVALID_INPUT for an unknown one or one pruned since. */
export async function replayPosition(services: AppServices, lastEventId: string): Promise<bigint> {
  const row = isUuid(lastEventId)
    ? await services.db.prisma.outboxEvent.findUnique({ where: { eventId: lastEventId }, select: { liveSeq: true } })
    : null;
  if (!row || row.liveSeq === null) {
    throw new InvalidInputError([
      {
        field: 'lastEventId',
        message: 'unknown event, or older than the retention period: refetch what you display, then subscribe without it',
      },
    ]);
  }
  return row.liveSeq;
}

export function withReplay<T extends Delivered<object>>(
  services: AppServices,
  topic: SopTopic,
  after: bigint,
  source: AsyncIterable<T>,
): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      // Asking for the first live event registers the listener before the outbox is read.
      let pending: Promise<IteratorResult<T>> | null = it.next();
      try {
        let last = after;
        const rows = await services.db.prisma.outboxEvent.findMany({
          where: { topic, liveSeq: { gt: after } },
          orderBy: { liveSeq: 'asc' },
          take: MAX_REPLAY,
          select: { eventId: true, liveSeq: true, payload: true },
        });
        for (const r of rows) {
          last = r.liveSeq!;
          yield deliveredEvent(r) as T;
        }
        for (;;) {
          const next = await (pending ?? it.next());
          pending = null;
          if (next.done) return;
          if (BigInt(next.value.seq) > last) {
            last = BigInt(next.value.seq);
            yield next.value;
          }
        }
      } finally {
        await it.return?.();
      }
    },
  };
}
