// Replay: a subscriber that was away for 10 events resubscribes with the last event id it saw and
// receives those 10, in order, then live events; an unknown id is a typed INVALID_INPUT.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { subscribeSse, subscribeWs, until, wsClient } from './live.js';

const SUB = `subscription($filter: LiveComplaintFilter!, $last: ID) {
  complaintStatusChanged(filter: $filter, lastEventId: $last) { eventId trackingId status version }
}`;

let t: TestApp;
let admin: { token: string };
let agencyId: string;

beforeAll(async () => {
  t = await startTestApp({ env: { OUTBOX_POLL_MS: '200' } });
  admin = { token: await t.login('admin@disporbudpar.demo') };
  const agency = await t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  agencyId = encodeGlobalID('Agency', agency.id);
});
afterAll(() => t?.close());

describe('replay by last event id', () => {
  it('a subscription that missed 10 events gets them in order after reconnecting, then live ones', async () => {
    const client = wsClient(t.url, admin);
    const first = subscribeWs(client, SUB, { filter: { agencyId } });
    await until('subscribed', () => t.app.services.live.count >= 1);
    const seen = await receive(t, admin);
    const e0 = await first.next(10_000);
    expect(e0.trackingId).toBe(seen.trackingId);
    first.close();
    await client.dispose();
    await until('unsubscribed', () => t.app.services.live.count === 0);

    const missed: string[] = [];
    for (let i = 0; i < 10; i++) missed.push((await receive(t, admin)).trackingId);
    await t.app.outbox.runOnce();

    // Over SSE this time: the transport does not matter.
    const again = subscribeSse(t.url, SUB, { filter: { agencyId }, last: e0.eventId }, admin);
    const replayed = [];
    for (let i = 0; i < 10; i++) replayed.push(await again.next(10_000));
    expect(replayed.map((e) => e.trackingId)).toEqual(missed);
    expect(new Set(replayed.map((e) => e.eventId)).size).toBe(10);

    const live = await receive(t, admin);
    const next = await again.next(10_000);
    expect(next.trackingId).toBe(live.trackingId);
    // Nothing twice, nothing extra.
    await t.app.outbox.runOnce();
    expect(again.events.map((e) => e.trackingId)).toEqual([...missed, live.trackingId]);
    again.close();
  });

  it('an unknown or malformed event id is INVALID_INPUT on lastEventId, before any event', async () => {
    for (const last of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const s = subscribeSse(t.url, SUB, { filter: { agencyId }, last }, admin);
      await s.ended;
      expect(s.errors?.[0]?.extensions?.code ?? s.errors?.[0]?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    }
  });
});
