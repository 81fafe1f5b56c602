// Live status survives a server restart, over graphql-ws and over SSE: the service is stopped under an
// open watchComplaint; while it is down another instance (same database) registers the report; the
// service comes back on the same address; the SDK reconnects, subscribes again, refetches (so the
// registration missed meanwhile shows) and then receives the next change as an event.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTuntasClient,
  type ComplaintStatusChangedEvent,
  type ComplaintStatusView,
  type TuntasClient,
  type TuntasClientOptions,
} from '../src/index.js';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import type { Database } from '../../src/db/database.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { divisionIds } from '../../test/lifecycle/steps.js';
import { reportInput } from './support.js';

let testDb: TestDatabase;
let db: Database;
let first: TestApp;
const apps: TestApp[] = [];
const clients: TuntasClient[] = [];
let keys: { status: string; forward: string };

const CREATE_KEY = `mutation($name: String!, $scopes: [ApiKeyScope!]!) {
  createApiKey(name: $name, scopes: $scopes) { __typename ... on CreatedApiKey { key } }
}`;

async function start(port?: number): Promise<TestApp> {
  const t = await startTestApp({ database: { db, testDb }, port, seed: port === undefined && apps.length === 0 });
  apps.push(t);
  return t;
}

function client(url: string, opts: Partial<TuntasClientOptions> = {}) {
  const c = createTuntasClient({ url, webSocketImpl: WebSocket, retry: false, reconnect: { minDelayMs: 100, maxDelayMs: 400 }, ...opts });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await testDb.open();
  first = await start();
  const admin = await first.login('admin@disporbudpar.demo');
  const key = async (name: string, scopes: string[]) =>
    (await first.gql(CREATE_KEY, { name, scopes }, { token: admin })).data.createApiKey.key as string;
  keys = { status: await key('Portal status', ['READ_STATUS']), forward: await key('Aplikasi desa', ['FORWARD_COMPLAINTS']) };
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  for (const t of apps) await t.close();
  await db?.close();
  await testDb?.drop();
});

/** Waits until `done()` (bounded by the test's timeout). */
async function until(done: () => boolean) {
  while (!done()) await new Promise((r) => setTimeout(r, 25));
}

describe.each(['ws', 'sse'] as const)('a server restart under watchComplaint over %s', (transport) => {
  it('reconnects, refetches what changed while it was down, then gets the next event', { timeout: 120_000 }, async () => {
    let service = apps.find((a) => a.app.server.listening)!;
    const port = Number(new URL(service.url).port);
    const url = service.url;

    const { trackingId } = await client(url, { apiKey: keys.forward }).receiveComplaint(reportInput());

    // Status reads the watch makes (the first one, and one per resubscription), counted at the fetch.
    const reads: string[] = [];
    const countingFetch: typeof fetch = async (input, init) => {
      const op = typeof init?.body === 'string' ? (JSON.parse(init.body) as { operationName?: string }).operationName : undefined;
      if (op === 'ComplaintStatus') reads.push(op);
      return fetch(input, init);
    };
    let resubscribed = 0;
    let reconnecting = 0;
    const portal = client(url, { apiKey: keys.status, fetch: countingFetch });
    const watch = portal.watchComplaint(trackingId, {
      transport,
      onResubscribed: () => resubscribed++,
      onReconnecting: () => reconnecting++,
    });
    const views: ComplaintStatusView[] = [];
    let failure: unknown;
    const following = (async () => {
      for await (const v of watch) views.push(v);
    })().catch((e: unknown) => (failure = e));

    await watch.ready;
    await until(() => views.length === 1 || !!failure);
    expect(failure).toBeUndefined();
    expect(views[0]).toMatchObject({ trackingId, status: 'RECEIVED', version: 1 });

    // Stop the service. Meanwhile a second instance on the same database registers the report.
    await service.close();
    await until(() => reconnecting > 0);
    const other = await start();
    const adminElsewhere = client(other.url);
    await adminElsewhere.login('admin@disporbudpar.demo', DEMO_PASSWORD);
    const complaint = (await adminElsewhere.staff.complaintByTrackingId(trackingId))!;
    const registered = await adminElsewhere.staff.registerComplaint({ id: complaint.id, expectedVersion: complaint.version });
    expect(registered).toMatchObject({ status: 'REGISTERED', version: 2 });

    // The service comes back where it was; the watch finds the registration by refetching.
    service = await start(port);
    await until(() => views.length === 2 || !!failure);
    expect(failure).toBeUndefined();
    expect(resubscribed).toBe(1);
    expect(views[1]).toMatchObject({ trackingId, status: 'REGISTERED', version: 2 });
    expect(views[1]!.registeredAt).not.toBeNull();
    expect(reads).toHaveLength(2);

    // The next change arrives as an event on the restarted service and is applied without a read.
    const head = client(service.url);
    await head.login('kepala@disporbudpar.demo', DEMO_PASSWORD);
    const div = await divisionIds(service);
    await head.staff.disposeComplaint({
      id: complaint.id,
      expectedVersion: 2,
      input: { divisionIds: [div.OLAHRAGA!], instructions: ['TINDAK_LANJUTI'], note: 'Cek lapangan.' },
    });
    await until(() => views.length === 3 || !!failure);
    expect(views[2]).toMatchObject({ trackingId, status: 'DISPOSED', version: 3, registeredAt: views[1]!.registeredAt });
    expect(reads).toHaveLength(2);

    watch.unsubscribe();
    await following;
    expect(failure).toBeUndefined();
    await other.close();
  });
});

describe.each(['ws', 'sse'] as const)('subscribeToStatusChanges across a server restart over %s', (transport) => {
  it('resumes from the last event it delivered: what was published while it was down comes first, once, in order', { timeout: 120_000 }, async () => {
    let service = apps.find((a) => a.app.server.listening)!;
    const port = Number(new URL(service.url).port);
    const { trackingId } = await client(service.url, { apiKey: keys.forward }).receiveComplaint(reportInput());

    const events: ComplaintStatusChangedEvent[] = [];
    let reconnecting = 0;
    let resubscribed = 0;
    let failure: unknown;
    const portal = client(service.url, { apiKey: keys.status });
    const sub = portal.subscribeToStatusChanges(
      { trackingId },
      {
        onEvent: (e) => events.push(e),
        onError: (e) => (failure = e),
        onReconnecting: () => reconnecting++,
        onResubscribed: () => resubscribed++,
      },
      { transport },
    );
    await sub.ready;

    // One event while connected: the position the SDK will resume from.
    const admin = client(service.url);
    await admin.login('admin@disporbudpar.demo', DEMO_PASSWORD);
    const complaint = (await admin.staff.complaintByTrackingId(trackingId))!;
    await admin.staff.registerComplaint({ id: complaint.id, expectedVersion: complaint.version });
    await until(() => events.length === 1 || !!failure);
    expect(events[0]).toMatchObject({ trackingId, status: 'REGISTERED', version: 2 });

    // Down; meanwhile a second instance on the same database disposes the report.
    await service.close();
    await until(() => reconnecting > 0);
    const other = await start();
    const head = client(other.url);
    await head.login('kepala@disporbudpar.demo', DEMO_PASSWORD);
    const div = await divisionIds(other);
    await head.staff.disposeComplaint({
      id: complaint.id,
      expectedVersion: 2,
      input: { divisionIds: [div.OLAHRAGA!], instructions: ['TINDAK_LANJUTI'], note: 'Cek lapangan.' },
    });

    // Back on the same address: the disposition missed while down arrives as an event, no refetch needed.
    service = await start(port);
    await until(() => events.length === 2 || !!failure);
    expect(failure).toBeUndefined();
    expect(resubscribed).toBe(1);
    expect(events.map((e) => [e.status, e.version])).toEqual([
      ['REGISTERED', 2],
      ['DISPOSED', 3],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    // Nothing else arrives (no duplicate of the event it resumed from).
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toHaveLength(2);
    sub.unsubscribe();
    await other.close();
  });
});
