// The per-topic fan-out's queues (live-subscriptions.ts): one pub/sub listener per topic, each
// subscriber its own ordered queue with its own filter; a subscriber that stops taking events is ended
// once more than MAX_UNDELIVERED wait for it, without costing the others anything.
import { createPubSub } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import type { TuntasPubSub } from './events.js';
import { LiveOverflowError, LiveSubscriptions, MAX_UNDELIVERED } from './live-subscriptions.js';

// Only what the queues read: an id to filter on.
type Ev = { eventId: string; complaintId: string };
const event = (n: number) => ({ eventId: String(n), complaintId: n % 2 ? 'odd' : 'even' }) as never;
const settle = () => new Promise((r) => setImmediate(r));

describe('LiveSubscriptions.follow', () => {
  it('delivers in order through each subscriber own filter, with one listener for the topic', async () => {
    const pubsub = createPubSub() as unknown as TuntasPubSub;
    const live = new LiveSubscriptions(pubsub);
    const odd = live.follow('complaint:status', (e: Ev) => e.complaintId === 'odd');
    const all = live.follow('complaint:status', () => true);
    expect(live.count).toBe(2);
    for (let n = 1; n <= 4; n++) pubsub.publish('complaint:status', event(n));
    await settle();
    const ids = async (it: AsyncIterator<Ev>, k: number) => {
      const out: string[] = [];
      for (let i = 0; i < k; i++) out.push((await it.next()).value.eventId);
      return out;
    };
    expect(await ids(odd, 2)).toEqual(['1', '3']);
    expect(await ids(all, 4)).toEqual(['1', '2', '3', '4']);
    await odd.return!();
    await all.return!();
    expect(live.count).toBe(0);
  });

  it('ends a subscriber more than MAX_UNDELIVERED events behind with LiveOverflowError; the others go on', async () => {
    const pubsub = createPubSub() as unknown as TuntasPubSub;
    const live = new LiveSubscriptions(pubsub);
    const slow = live.follow('complaint:status', () => true);
    const keen = live.follow('complaint:status', () => true);
    const taken: string[] = [];
    const reading = (async () => {
      for await (const e of keen as AsyncIterable<Ev>) {
        taken.push(e.eventId);
        if (taken.length === MAX_UNDELIVERED + 5) break;
      }
    })();
    for (let n = 1; n <= MAX_UNDELIVERED + 5; n++) {
      pubsub.publish('complaint:status', event(n));
      if (n % 100 === 0) await settle();
    }
    await reading;
    expect(taken).toHaveLength(MAX_UNDELIVERED + 5);
    expect(taken.at(-1)).toBe(String(MAX_UNDELIVERED + 5));
    await expect(slow.next()).rejects.toBeInstanceOf(LiveOverflowError);
    expect(await slow.next()).toEqual({ done: true, value: undefined });
    expect(live.count).toBe(0);
  });

  it('endAll completes a waiting subscriber', async () => {
    const live = new LiveSubscriptions(createPubSub() as unknown as TuntasPubSub);
    const it = live.follow('complaint:deadline', () => true);
    const pending = it.next();
    live.endAll();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(live.count).toBe(0);
  });
});
