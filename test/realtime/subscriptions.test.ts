// Live status over SSE and WebSocket on one instance (in-memory pub/sub): who may subscribe to what,
// which events reach whom, that nothing is published for a rolled-back transition, and that clients
// who leave leave nothing behind.
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import type { UserViewer } from '../../src/auth/viewer.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { staffActor } from '../../src/complaints/actor.js';
import { runTransition } from '../../src/sop/runner.js';
import { sharedExecutions } from '../../src/realtime/fan-out.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { receive, REGISTER } from '../complaints/fixtures.js';
import { DEADLINE_SUB, disposeDirectly, STATUS_SUB, subscribeSse, subscribeWs, until, wsClient, type Subscription } from './live.js';

let t: TestApp;
let admin: { token: string };
let agencyId: string;
let otherAgencyId: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = { token: await t.login('admin@disporbudpar.demo') };
  const agency = await t.db.prisma.agency.findFirstOrThrow({ where: { code: 'DISPORBUDPAR' } });
  agencyId = encodeGlobalID('Agency', agency.id);
  const other = await t.db.prisma.agency.create({ data: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Kabupaten Demo' } });
  otherAgencyId = encodeGlobalID('Agency', other.id);
  await t.db.prisma.user.create({
    data: {
      email: 'admin@dinkes.demo',
      name: 'Admin Dinkes',
      role: 'ADMIN',
      passwordHash: await hashPassword(DEMO_PASSWORD),
      agencyId: other.id,
    },
  });
});
afterAll(() => t?.close());

const live = () => t.app.services.live.count;
const clients: ReturnType<typeof wsClient>[] = [];
function ws(auth?: { token: string } | { apiKey: string }) {
  const c = wsClient(t.url, auth);
  clients.push(c);
  return c;
}
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
});

async function register(c: { id: string; version: number }) {
  const r = await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
  expect(r.data?.registerComplaint?.status).toBe('REGISTERED');
  return r.data.registerComplaint as { id: string; version: number };
}

async function apiKey(scopes: string[]) {
  const r = await t.gql(
    `mutation($s: [ApiKeyScope!]!) { createApiKey(name: "portal", scopes: $s) { ... on CreatedApiKey { key } ... on Error { code } } }`,
    { s: scopes },
    admin,
  );
  return { apiKey: r.data.createApiKey.key as string };
}

/** Opens subscriptions and waits until the server holds all of them (so no event can slip past). */
async function opened<T extends Subscription[]>(...subs: T): Promise<T> {
  await until(`${subs.length} subscriptions`, () => live() >= subs.length + baseline);
  return subs;
}
let baseline = 0;

async function failed(sub: Subscription) {
  await sub.ended;
  expect(sub.events).toEqual([]);
  return sub.errors?.[0]?.extensions?.code as string;
}

describe('complaintStatusChanged', () => {
  it('the public follows one report by tracking ID over SSE; the ADMIN follows the agency over WebSocket; status fields only', async () => {
    const c = await receive(t, admin);
    baseline = live();
    const [pub, staff] = await opened(
      subscribeSse(t.url, STATUS_SUB, { filter: { trackingId: c.trackingId } }),
      subscribeWs(ws(admin), STATUS_SUB, { filter: { agencyId } }),
    );
    const reg = await register(c);
    for (const sub of [pub, staff]) {
      const e = await sub.next();
      expect(e).toMatchObject({
        complaintId: c.id,
        trackingId: c.trackingId,
        agencyId,
        agencyName: 'Dinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
        previousStatus: 'RECEIVED',
        status: 'REGISTERED',
        action: 'REGISTER',
        round: 1,
        version: reg.version,
        actorRole: 'ADMIN',
      });
      expect(JSON.stringify(e)).not.toMatch(/Budi|0812|Kasubbag/);
    }
    pub.close();
    staff.close();
    await until('subscriptions closed', () => live() === baseline);
  });

  it('a subscription to one agency does not see another agency’s reports; the coordinator sees every agency', async () => {
    const coordinator = { token: await t.login('koordinator@lapor.demo') };
    const otherAdmin = { token: await t.login('admin@dinkes.demo') };
    const other = await receive(t, otherAdmin);
    const own = await receive(t, admin);
    baseline = live();
    const [staff, all] = await opened(
      subscribeWs(ws(admin), STATUS_SUB, { filter: { agencyId } }),
      subscribeWs(ws(coordinator), STATUS_SUB, { filter: { agencyId: otherAgencyId } }),
    );
    // The other agency's change comes first; the ADMIN's first event must still be their own.
    const r = await t.gql(REGISTER, { id: other.id, v: other.version }, otherAdmin);
    expect(r.data.registerComplaint.status).toBe('REGISTERED');
    await register(own);
    expect((await staff.next()).complaintId).toBe(own.id);
    expect((await all.next()).complaintId).toBe(other.id);
    staff.close();
    all.close();
  });

  it('a DIVISION user sees only complaints disposed to their division', async () => {
    const kepemudaan = { token: await t.login('kepemudaan@disporbudpar.demo') };
    const olahraga = { token: await t.login('olahraga@disporbudpar.demo') };
    const forKepemudaan = await receive(t, admin);
    const forOlahraga = await receive(t, admin);
    const laterForKepemudaan = await receive(t, admin);
    await disposeDirectly(t.db.prisma, forKepemudaan.id, ['KEPEMUDAAN']);
    await disposeDirectly(t.db.prisma, forOlahraga.id, ['OLAHRAGA']);
    await disposeDirectly(t.db.prisma, laterForKepemudaan.id, ['KEPEMUDAAN']);
    baseline = live();
    const [queueK, queueO, single] = await opened(
      subscribeWs(ws(kepemudaan), STATUS_SUB, { filter: { myDivisionQueue: true } }),
      subscribeSse(t.url, STATUS_SUB, { filter: { myDivisionQueue: true } }, olahraga),
      subscribeWs(ws(kepemudaan), STATUS_SUB, { filter: { complaintId: forKepemudaan.id } }),
    );
    await register(forKepemudaan);
    await register(forOlahraga);
    await register(laterForKepemudaan);
    // Events arrive in order, so the first event each one gets proves the earlier ones were held back.
    expect((await queueO.next()).complaintId).toBe(forOlahraga.id);
    expect((await queueK.next()).complaintId).toBe(forKepemudaan.id);
    expect((await queueK.next()).complaintId).toBe(laterForKepemudaan.id);
    expect((await single.next()).complaintId).toBe(forKepemudaan.id);
    for (const s of [queueK, queueO, single]) s.close();
  });

  it('publishes nothing for a rolled-back transition', async () => {
    const c = await receive(t, admin);
    // The receipt's own event goes out first (its writer waits for that at most 1 s; a loaded machine
    // can take longer), so that the first event the subscription below sees is the one under test.
    await until('the receipt published', async () => (await t.db.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0);
    baseline = live();
    const [sub] = await opened(subscribeWs(ws(admin), STATUS_SUB, { filter: { complaintId: c.id } }));
    const user = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@disporbudpar.demo' } });
    const viewer: UserViewer = {
      kind: 'user',
      id: user.id,
      name: user.name,
      email: user.email,
      role: 'ADMIN',
      agencyId: user.agencyId,
      divisionId: null,
    };
    const id = Buffer.from(c.id, 'base64').toString().split(':')[1]!;
    await expect(
      runTransition(t.app.services, staffActor(viewer), {
        complaintId: id,
        expectedVersion: c.version,
        action: 'REGISTER',
        summary: () => ({ id: 'never', en: 'never' }),
        apply: async (tx) => {
          await tx.complaint.update({ where: { id }, data: { title: 'written, then rolled back' } });
          throw new Error('fails after writing');
        },
      }),
    ).rejects.toThrow('fails after writing');
    const row = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.version, row.title]).toEqual(['RECEIVED', c.version, 'Lampu lapangan olahraga kecamatan mati']);
    const reg = await register(c);
    const first = await sub.next();
    expect([first.action, first.version]).toEqual(['REGISTER', reg.version]);
    expect(sub.events).toHaveLength(1);
    sub.close();
  });

  it('service keys: READ_STATUS by tracking ID only, READ_COMPLAINTS by its agency', async () => {
    const status = await apiKey(['READ_STATUS']);
    const complaints = await apiKey(['READ_COMPLAINTS']);
    const c = await receive(t, admin);
    baseline = live();
    const refused = subscribeWs(ws(status), STATUS_SUB, { filter: { agencyId } });
    expect(await failed(refused)).toBe('FORBIDDEN');
    const otherAgency = subscribeSse(t.url, STATUS_SUB, { filter: { agencyId: otherAgencyId } }, complaints);
    expect(await failed(otherAgency)).toBe('FORBIDDEN');
    const [byTracking, byAgency] = await opened(
      subscribeSse(t.url, STATUS_SUB, { filter: { trackingId: c.trackingId } }, status),
      subscribeWs(ws(complaints), STATUS_SUB, { filter: { agencyId } }),
    );
    await register(c);
    expect((await byTracking.next()).status).toBe('REGISTERED');
    expect((await byAgency.next()).status).toBe('REGISTERED');
    byTracking.close();
    byAgency.close();
  });

  it('refuses before any event: FORBIDDEN, UNAUTHENTICATED, and INVALID_INPUT for a malformed filter', async () => {
    const division = { token: await t.login('olahraga@disporbudpar.demo') };
    const notDisposed = await receive(t, admin);
    const cases: [Subscription, string][] = [
      [subscribeWs(ws(division), STATUS_SUB, { filter: { agencyId: otherAgencyId } }), 'FORBIDDEN'],
      [subscribeWs(ws(division), STATUS_SUB, { filter: { agencyId } }), 'FORBIDDEN'],
      [subscribeSse(t.url, STATUS_SUB, { filter: { agencyId: otherAgencyId } }, admin), 'FORBIDDEN'],
      [subscribeWs(ws(admin), STATUS_SUB, { filter: { myDivisionQueue: true } }), 'FORBIDDEN'],
      [subscribeSse(t.url, STATUS_SUB, { filter: { agencyId } }), 'UNAUTHENTICATED'],
      [subscribeWs(ws(), STATUS_SUB, { filter: { complaintId: notDisposed.id } }), 'UNAUTHENTICATED'],
      [subscribeWs(ws(), DEADLINE_SUB, { filter: { trackingId: notDisposed.trackingId } }), 'UNAUTHENTICATED'],
      [subscribeWs(ws(admin), STATUS_SUB, { filter: {} }), 'INVALID_INPUT'],
      [subscribeSse(t.url, STATUS_SUB, { filter: { agencyId, trackingId: notDisposed.trackingId } }, admin), 'INVALID_INPUT'],
      [subscribeWs(ws(admin), STATUS_SUB, { filter: { complaintId: agencyId } }), 'INVALID_INPUT'],
      [subscribeWs(ws(admin), STATUS_SUB, { filter: { complaintId: 'not-a-global-id' } }), 'INVALID_INPUT'],
      [subscribeWs(ws(admin), STATUS_SUB, { filter: { myDivisionQueue: false } }), 'INVALID_INPUT'],
      [subscribeWs(ws(), STATUS_SUB, { filter: { trackingId: 'LAP-does-not-exist' } }), 'INVALID_INPUT'],
      [
        subscribeWs(ws(admin), STATUS_SUB, { filter: { agencyId: encodeGlobalID('Agency', '00000000-0000-4000-8000-000000000000') } }),
        'INVALID_INPUT',
      ],
      // Not disposed to this division: answered exactly like an unknown complaint.
      [subscribeWs(ws(division), STATUS_SUB, { filter: { complaintId: notDisposed.id } }), 'INVALID_INPUT'],
      [subscribeWs(ws(division), STATUS_SUB, { filter: { trackingId: notDisposed.trackingId } }), 'INVALID_INPUT'],
    ];
    const codes = await Promise.all(cases.map(([s]) => failed(s)));
    expect(codes).toEqual(cases.map(([, code]) => code));
    const bad = cases[8]![0];
    expect(bad.errors?.[0]?.extensions?.issues?.[0]?.field).toBe('filter');
    // Nothing was left subscribed, and a later change reaches none of them.
    await until('no subscriptions', () => live() === 0);
    await register(notDisposed);
    expect(cases.every(([s]) => s.events.length === 0)).toBe(true);
  });
});

describe('complaintDeadlineEvent', () => {
  it('reaches staff and READ_COMPLAINTS keys of the agency, not the READ_STATUS keys', async () => {
    const readStatus = await apiKey(['READ_STATUS']);
    const readComplaints = await apiKey(['READ_COMPLAINTS']);
    const c = await receive(t, admin);
    const refused = subscribeWs(ws(readStatus), DEADLINE_SUB, { filter: { trackingId: c.trackingId } });
    expect(await failed(refused)).toBe('FORBIDDEN');
    baseline = live();
    const [key, head] = await opened(
      subscribeSse(t.url, DEADLINE_SUB, { filter: { agencyId } }, readComplaints),
      subscribeWs(ws({ token: await t.login('kepala@disporbudpar.demo') }), DEADLINE_SUB, { filter: { complaintId: c.id } }),
    );
    const row = await t.db.prisma.complaint.findFirstOrThrow({ where: { trackingId: c.trackingId } });
    const base = {
      trackingId: c.trackingId,
      divisionIds: [] as string[],
      deadline: 'FOLLOW_UP' as const,
      round: 1,
      version: 1,
      eventId: randomUUID(),
    };
    const at = t.clock.now().toISOString();
    // Another agency's event first: filtered out for both.
    t.app.services.pubsub.publish('complaint:deadline', {
      ...base,
      complaintId: '00000000-0000-4000-8000-000000000001',
      agencyId: '00000000-0000-4000-8000-000000000002',
      kind: 'WARNING',
      dueAt: at,
      at,
      seq: '1000000',
    });
    t.app.services.pubsub.publish('complaint:deadline', {
      ...base,
      complaintId: row.id,
      agencyId: row.agencyId,
      kind: 'OVERDUE',
      dueAt: at,
      at,
      seq: '1000001',
    });
    for (const s of [key, head]) {
      expect(await s.next()).toMatchObject({ complaintId: c.id, kind: 'OVERDUE', deadline: 'FOLLOW_UP', dueAt: at });
    }
    key.close();
    head.close();
  });
});

describe('no leaked listeners', () => {
  it('1,000 connect/subscribe/disconnect cycles leave no subscription, listener or WebSocket client', async () => {
    await until('quiet start', () => live() === 0 && t.app.realtime.websocket.clientCount() === 0);
    const listeners = t.app.realtime.pubsub.listenerCount();
    const c = await receive(t, admin);
    for (let batch = 0; batch < 20; batch++) {
      const subs = Array.from({ length: 50 }, (_, i) => {
        if (i % 10 === 9) return { sub: subscribeSse(t.url, STATUS_SUB, { filter: { trackingId: c.trackingId } }), client: null };
        const client = wsClient(t.url, i % 2 ? admin : undefined);
        const filter = i % 2 ? { agencyId } : { trackingId: c.trackingId };
        return { sub: subscribeWs(client, STATUS_SUB, { filter }), client };
      });
      await until('batch subscribed', () => live() === 50);
      // One pub/sub listener per topic feeds every subscriber of this instance (live-subscriptions.ts).
      expect(t.app.realtime.pubsub.listenerCount()).toBe(listeners + 1);
      // Half leave politely (complete, then close); half just drop the socket.
      await Promise.all(
        subs.map(async ({ sub, client }, i) => {
          if (i % 4 === 0 || !client) sub.close();
          if (client) await client.dispose();
        }),
      );
      await until('batch gone', () => live() === 0 && t.app.realtime.websocket.clientCount() === 0);
    }
    expect(t.app.realtime.pubsub.listenerCount()).toBe(listeners);
    expect(t.app.services.live.count).toBe(0);
    expect(t.app.realtime.websocket.clientCount()).toBe(0);
    // Nor a shared execution key (fan-out.ts): each goes with its last subscriber, pushed or pulled.
    await until('no execution key held', () => sharedExecutions() === 0);
  });
});

describe('shutdown', () => {
  it('app.close() completes open SSE and WebSocket subscriptions instead of hanging on them', async () => {
    const other = await startTestApp();
    const token = { token: await other.login('admin@disporbudpar.demo') };
    const a = await other.db.prisma.agency.findFirstOrThrow();
    const sse = subscribeSse(other.url, STATUS_SUB, { filter: { agencyId: encodeGlobalID('Agency', a.id) } }, token);
    const client = wsClient(other.url, token);
    const sock = subscribeWs(client, STATUS_SUB, { filter: { agencyId: encodeGlobalID('Agency', a.id) } });
    await until('both open', () => other.app.services.live.count === 2);
    await other.close();
    await Promise.all([sse.ended, sock.ended]);
    expect(other.app.realtime.websocket.clientCount()).toBe(0);
    sse.close();
    await client.dispose();
  });
});

describe('operation limits over graphql-ws', () => {
  it('a subscription document accepted for staff is still refused to an anonymous subscriber', async () => {
    // 16 aliases: within the staff limit (30), over the public one (15).
    const query = `subscription($filter: LiveComplaintFilter!) { complaintStatusChanged(filter: $filter) { ${Array.from(
      { length: 16 },
      (_, i) => `a${i}: status`,
    ).join(' ')} } }`;
    const staff = wsClient(t.url, admin);
    const anonymous = wsClient(t.url);
    clients.push(staff, anonymous);
    const c = await receive(t, admin);
    const before = live();
    const accepted = subscribeWs(staff, query, { filter: { agencyId } });
    await until('the staff subscription is open', () => live() > before || accepted.errors !== null);
    await t.gql(REGISTER, { id: c.id, v: c.version }, admin);
    await accepted.next(5_000);
    expect(accepted.errors).toBeNull();
    const refused = subscribeWs(anonymous, query, { filter: { trackingId: c.trackingId } });
    await until('the anonymous subscription is answered', () => refused.errors !== null || live() > before + 1);
    expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(live()).toBe(before + 1);
    accepted.close();
  });
});
