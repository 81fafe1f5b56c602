// Live status changes through the SDK, over graphql-ws and over SSE, from real transitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  graphql,
  UnauthenticatedError,
  type ComplaintStatusChangedEvent,
  type ReceiveComplaintInput,
  type TuntasError,
} from '../src/index.js';
import { reportInput, startSdkApp, type SdkTestApp } from './support.js';

let s: SdkTestApp;
let agencyId: string;
beforeAll(async () => {
  s = await startSdkApp();
  const agency = await s.t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  agencyId = Buffer.from(`Agency:${agency.id}`).toString('base64');
});
afterAll(() => s?.close());

const RECEIVE = graphql<
  { receiveComplaint: { __typename: string; id: string; trackingId: string; version: number } },
  { input: ReceiveComplaintInput }
>(
  `mutation Receive($input: ReceiveComplaintInput!) { receiveComplaint(input: $input) { __typename ... on Complaint { id trackingId version } } }`,
);
const REGISTER = graphql<{ registerComplaint: { __typename: string; version: number } }, { id: string; v: number }>(
  `mutation Register($id: ID!, $v: Int!) { registerComplaint(id: $id, expectedVersion: $v) { __typename ... on Complaint { version } } }`,
);

/** The first error the subscription reported; waiting for events stops at once when there is one. */
let failure: unknown;

/** Waits (no time limit but the test's) until `done()`, calling `tick` between looks. */
async function until(done: () => boolean, tick: () => Promise<unknown> = async () => {}) {
  while (!done()) {
    if (failure) throw failure;
    await tick();
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The subscription is live once an event for a freshly forwarded probe report arrives (the server
 * does not acknowledge a subscription); then a real registration must be delivered.
 */
async function expectRegistrationEvent(got: ComplaintStatusChangedEvent[]) {
  const forward = s.client({ apiKey: s.keys.forward });
  await until(
    () => got.length > 0,
    () => forward.receiveComplaint(reportInput()),
  );

  const admin = s.client({ token: s.adminToken });
  const { receiveComplaint: c } = await admin.request(RECEIVE, { input: reportInput() });
  const { registerComplaint: r } = await admin.request(REGISTER, { id: c.id, v: c.version });
  await until(() => got.some((e) => e.trackingId === c.trackingId && e.action === 'REGISTER'));
  expect(got.find((e) => e.trackingId === c.trackingId && e.action === 'REGISTER')).toEqual({
    complaintId: c.id,
    trackingId: c.trackingId,
    agencyId,
    agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
    action: 'REGISTER',
    previousStatus: 'RECEIVED',
    status: 'REGISTERED',
    round: 1,
    version: r.version,
    at: expect.any(String),
    actorRole: 'ADMIN',
  });
}

describe('subscribeToStatusChanges', () => {
  it('over graphql-ws (callback) with a READ_COMPLAINTS key receives a real registration', async () => {
    const got: ComplaintStatusChangedEvent[] = [];
    failure = undefined;
    const client = s.client({ apiKey: s.keys.complaints });
    const sub = client.subscribeToStatusChanges({ agencyId }, { onEvent: (e) => got.push(e), onError: (e: TuntasError) => (failure = e) });
    try {
      await expectRegistrationEvent(got);
    } finally {
      sub.unsubscribe();
    }
  });

  it('over SSE (async iterator) receives a real registration; leaving the loop ends it', async () => {
    const got: ComplaintStatusChangedEvent[] = [];
    failure = undefined;
    const client = s.client({ apiKey: s.keys.complaints });
    const stream = client.subscribeToStatusChanges({ agencyId }, { transport: 'sse' });
    let stop = false;
    const reading = (async () => {
      for await (const e of stream) {
        got.push(e);
        if (stop) break;
      }
    })().catch((e: unknown) => {
      failure = e;
    });
    await expectRegistrationEvent(got);
    stop = true;
    // One more event lets the loop see `stop` and break, which must end the subscription.
    await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
    await reading;
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('a bad key fails the subscription with UnauthenticatedError (graphql-ws and SSE)', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      const client = s.client({ apiKey: 'tnt_bogus_key' });
      const stream = client.subscribeToStatusChanges({ agencyId }, { transport });
      await expect(stream.next()).rejects.toBeInstanceOf(UnauthenticatedError);
    }
  });
});
