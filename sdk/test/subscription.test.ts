// Live status changes through the SDK, over graphql-ws and over SSE, from real transitions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import {
  graphql,
  NetworkError,
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

/** A port that was free a moment ago and that nothing listens on now. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

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

/** Once `ready` resolved the server listens: a registration right after must be delivered (no sleep, no probe). */
async function expectRegistrationEvent(got: ComplaintStatusChangedEvent[], ready: Promise<void>) {
  await ready;
  const admin = s.client({ token: s.adminToken });
  const { receiveComplaint: c } = await admin.request(RECEIVE, { input: reportInput() });
  const { registerComplaint: r } = await admin.request(REGISTER, { id: c.id, v: c.version });
  await until(() => got.some((e) => e.trackingId === c.trackingId && e.action === 'REGISTER'));
  expect(got.find((e) => e.trackingId === c.trackingId && e.action === 'REGISTER')).toEqual({
    eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
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
    let readyCalls = 0;
    const sub = client.subscribeToStatusChanges(
      { agencyId },
      { onEvent: (e) => got.push(e), onError: (e: TuntasError) => (failure = e), onReady: () => readyCalls++ },
    );
    try {
      await expectRegistrationEvent(got, sub.ready);
      expect(readyCalls).toBe(1);
    } finally {
      sub.unsubscribe();
    }
  });

  it('a lastEventId the service no longer keeps: it subscribes without it, live from now (both transports)', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      const got: ComplaintStatusChangedEvent[] = [];
      failure = undefined;
      const client = s.client({ apiKey: s.keys.complaints });
      const sub = client.subscribeToStatusChanges(
        { agencyId },
        { onEvent: (e) => got.push(e), onError: (e: TuntasError) => (failure = e) },
        { transport, lastEventId: '00000000-0000-4000-8000-000000000000' },
      );
      try {
        await expectRegistrationEvent(got, sub.ready);
        expect(failure).toBeUndefined();
      } finally {
        sub.unsubscribe();
      }
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
    await expectRegistrationEvent(got, stream.ready);
    stop = true;
    // One more event lets the loop see `stop` and break, which must end the subscription.
    await s.client({ apiKey: s.keys.forward }).receiveComplaint(reportInput());
    await reading;
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('a bad key fails the subscription with UnauthenticatedError, at once and for good (graphql-ws and SSE)', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      let reconnecting = 0;
      const client = s.client({ apiKey: 'tnt_bogus_key', reconnect: { minDelayMs: 10, maxDelayMs: 10 } });
      const stream = client.subscribeToStatusChanges({ agencyId }, { transport, onReconnecting: () => reconnecting++ });
      await expect(stream.ready).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(stream.next()).rejects.toBeInstanceOf(UnauthenticatedError);
      expect(reconnecting).toBe(0);
    }
  });

  it('gives up after `reconnect.retries` attempts when nothing listens, with a NetworkError', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      const attempts: number[] = [];
      const client = s.client({
        url: `http://127.0.0.1:${await closedPort()}/graphql`,
        reconnect: { retries: 2, minDelayMs: 10, maxDelayMs: 20 },
      });
      const stream = client.subscribeToStatusChanges(
        { trackingId: 'LAP-1' },
        { transport, onReconnecting: (i) => attempts.push(i.attempt) },
      );
      await expect(stream.next()).rejects.toBeInstanceOf(NetworkError);
      expect(attempts).toEqual([1, 2]);
    }
  });

  it('dispose() ends running subscriptions: loops finish, nothing reconnects (graphql-ws and SSE)', async () => {
    for (const transport of ['ws', 'sse'] as const) {
      let reconnecting = 0;
      const client = s.client({ apiKey: s.keys.complaints, reconnect: { minDelayMs: 10, maxDelayMs: 10 } });
      const stream = client.subscribeToStatusChanges({ agencyId }, { transport, onReconnecting: () => reconnecting++ });
      await stream.ready;
      const next = stream.next();
      await client.dispose();
      expect(await next).toEqual({ value: undefined, done: true });
      await new Promise((r) => setTimeout(r, 100));
      expect(reconnecting).toBe(0);
    }
  });

  it('the server signals "subscribed" only to clients that ask (other graphql-ws clients see plain events)', async () => {
    const url = s.t.url.replace(/^http/, 'ws');
    const results: unknown[][] = [[], []];
    const clients = [true, false].map((ask, i) => {
      const c = createWsClient({ url, webSocketImpl: WebSocket, connectionParams: { apiKey: s.keys.complaints } });
      c.subscribe(
        {
          query: `subscription($f: LiveComplaintFilter!) { complaintStatusChanged(filter: $f) { trackingId version } }`,
          variables: { f: { agencyId } },
          ...(ask ? { extensions: { subscribedSignal: true } } : {}),
        },
        { next: (r) => results[i]!.push(r), error: (e) => (failure = e), complete: () => undefined },
      );
      return c;
    });
    try {
      await until(() => results[0]!.length > 0);
      expect(results[0]).toEqual([{ extensions: { subscribed: true } }]);
      // The other client has no signal to wait for: forward reports until it sees one.
      const forward = s.client({ apiKey: s.keys.forward });
      await until(
        () => results[1]!.length > 0,
        () => forward.receiveComplaint(reportInput()),
      );
      const event = { data: { complaintStatusChanged: { trackingId: expect.any(String), version: 1 } } };
      expect(results[0]!.slice(1)).toEqual(results[0]!.slice(1).map(() => event));
      expect(results[0]!.length).toBeGreaterThan(1);
      expect(results[1]).toEqual(results[1]!.map(() => event));
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });
});
