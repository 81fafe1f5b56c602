// Issue 20: the Ombudsman clock runs from the report's first receipt in the regency and survives a
// return ("bukan wewenang") and re-dispatch; the receiving agency's own follow-up clock starts at its
// receipt. Real dates, the real server and database, the sweeper driven by a ManualClock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { ManualClock } from '../../src/clock.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { receive } from '../complaints/fixtures.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { gid, loginStaff, step, uuidOf, type Auth, type Staff } from '../lifecycle/steps.js';
import { DEADLINES } from './fixtures.js';

const at = (iso: string) => new Date(iso);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

// D: agency A (DISPORBUDPAR) receives the report on Wed 22 April 2026, 10:00 WIB.
const D = at('2026-04-22T10:00:00+07:00');
// A's follow-up: 5 working days, end of Wed 29 April.
const A_FOLLOW_UP_DUE = at('2026-04-29T17:00:00.000Z');
// D+8: A returns it (bukan wewenang); D+20 (Tue 12 May): the regency team dispatches it to B (DINKES).
const RETURNED = at('2026-04-30T09:00:00+07:00');
const DISPATCHED = at('2026-05-12T10:00:00+07:00');
// B's follow-up: 5 working days after 12 May, skipping Ascension (14 May) and cuti bersama (15 May).
const B_FOLLOW_UP_DUE = at('2026-05-21T17:00:00.000Z');
// D+60: end of Sun 21 June 2026 (calendar days). Under the old rule it was 60 days after the dispatch.
const OMBUDSMAN_DUE = at('2026-06-21T17:00:00.000Z');
const OLD_RULE_DUE = at('2026-07-11T17:00:00.000Z');

let t: TestApp;
let staff: Staff;
let dinkesId: string;
let dinkesAdmin: Auth;

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(D) });
  const agency = await t.db.prisma.agency.create({ data: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Kabupaten Demo' } });
  dinkesId = agency.id;
  await t.db.prisma.user.create({
    data: {
      email: 'admin@dinkes.demo',
      name: 'Admin Dinkes',
      role: 'ADMIN',
      agencyId: agency.id,
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
  });
});
afterAll(() => t?.close());

async function signInAt(now: Date) {
  t.clock.set(now);
  staff = await loginStaff(t);
  dinkesAdmin = { token: await t.login('admin@dinkes.demo') };
}

const row = (id: string) => t.db.prisma.complaint.findUniqueOrThrow({ where: { id } });
const escalations = async (id: string) => ({
  events: await t.db.prisma.deadlineEvent.count({ where: { complaintId: id, deadline: 'OMBUDSMAN', kind: 'ESCALATED_TO_OMBUDSMAN' } }),
  history: await t.db.prisma.complaintHistory.count({ where: { complaintId: id, action: 'ESCALATE_TO_OMBUDSMAN' } }),
});

describe('a report returned by agency A and dispatched to agency B on D+20', () => {
  it('B’s follow-up is due 5 working days after B’s receipt; the Ombudsman deadline stays D+60 and the escalation fires once, at D+60', async () => {
    await signInAt(D);
    const received = await receive(t, staff.admin, { submittedAt: '2026-04-21T08:00:00+07:00', dispatchedAt: '2026-04-22T08:00:00+07:00' });
    const id = uuidOf(received.id);
    let c = await row(id);
    expect(c.receivedAt.toISOString()).toBe(D.toISOString());
    expect(c.firstReceivedAt.toISOString()).toBe(D.toISOString());
    expect(c.followUpDueAt?.toISOString()).toBe(A_FOLLOW_UP_DUE.toISOString());
    expect(c.ombudsmanDueAt?.toISOString()).toBe(OMBUDSMAN_DUE.toISOString());

    // A lets its own follow-up clock run out before noticing the report is not its business.
    t.clock.set(A_FOLLOW_UP_DUE);
    expect(await t.app.sweeper.sweepOnce(A_FOLLOW_UP_DUE)).toMatchObject({ overdue: 1, escalated: 0 });

    await signInAt(RETURNED);
    let snap = await step(
      t,
      'return',
      { id: received.id, v: (await row(id)).version, reason: 'Kewenangan Dinas Kesehatan (puskesmas).' },
      staff.admin,
    );
    expect(snap.status).toBe('RETURNED');
    expect(await row(id)).toMatchObject({ followUpDueAt: null, ombudsmanDueAt: null });

    await signInAt(DISPATCHED);
    snap = await step(
      t,
      'dispatch',
      { id: received.id, v: snap.version, agencyId: gid('Agency', dinkesId), note: 'Mohon ditangani Dinkes.' },
      staff.coordinator,
    );
    expect(snap.status).toBe('RECEIVED');
    c = await row(id);
    expect(c.agencyId).toBe(dinkesId);
    expect(c.receivedAt.toISOString()).toBe(DISPATCHED.toISOString());
    expect(c.firstReceivedAt.toISOString()).toBe(D.toISOString());
    expect(c.followUpDueAt?.toISOString()).toBe(B_FOLLOW_UP_DUE.toISOString());
    // A's breach belonged to A's clock: B's starts clean.
    expect(c).toMatchObject({ followUpOverdueAt: null, followUpWarnedAt: null });
    expect(c.ombudsmanDueAt?.toISOString()).toBe(OMBUDSMAN_DUE.toISOString());

    // What B's admin and the public see: both instants, and the clocks.
    const seen = await t.gql(
      `query($id: ID!, $tid: String!) {
        node(id: $id) { ... on Complaint { receivedAt firstReceivedAt statusView { receivedAt firstReceivedAt } } }
        complaintStatus(trackingId: $tid) { receivedAt firstReceivedAt agencyName } }`,
      { id: received.id, tid: received.trackingId },
      dinkesAdmin,
    );
    expect(seen.errors).toBeUndefined();
    expect(seen.data.node).toEqual({
      receivedAt: DISPATCHED.toISOString(),
      firstReceivedAt: D.toISOString(),
      statusView: { receivedAt: DISPATCHED.toISOString(), firstReceivedAt: D.toISOString() },
    });
    expect(seen.data.complaintStatus).toEqual({
      receivedAt: DISPATCHED.toISOString(),
      firstReceivedAt: D.toISOString(),
      agencyName: 'Dinas Kesehatan',
    });
    const clocks = (await t.gql(DEADLINES, { id: received.id }, dinkesAdmin)).data.node.deadlines;
    expect(clocks.followUp).toMatchObject({
      dueAt: B_FOLLOW_UP_DUE.toISOString(),
      running: true,
      remainingWorkingDays: 5,
      overdue: false,
      warned: false,
    });
    expect(clocks.ombudsman).toMatchObject({ dueAt: OMBUDSMAN_DUE.toISOString(), running: true, remainingDays: 40, escalated: false });

    // B's follow-up: not overdue one ms before its due instant, overdue at it (its own event: new dueAt).
    expect(await t.app.sweeper.sweepOnce(ms(B_FOLLOW_UP_DUE, -1))).toMatchObject({ overdue: 0 });
    expect(await t.app.sweeper.sweepOnce(B_FOLLOW_UP_DUE)).toMatchObject({ overdue: 1, escalated: 0 });
    const overdueEvents = await t.db.prisma.deadlineEvent.findMany({
      where: { complaintId: id, deadline: 'FOLLOW_UP', kind: 'OVERDUE' },
      orderBy: { id: 'asc' },
    });
    expect(overdueEvents.map((e) => e.dueAt.toISOString())).toEqual([A_FOLLOW_UP_DUE.toISOString(), B_FOLLOW_UP_DUE.toISOString()]);

    // The escalation: not one ms before D+60, once at D+60, never again (not at the old rule's date either).
    expect(await t.app.sweeper.sweepOnce(ms(OMBUDSMAN_DUE, -1))).toMatchObject({ escalated: 0 });
    expect(await escalations(id)).toEqual({ events: 0, history: 0 });
    t.clock.set(OMBUDSMAN_DUE);
    expect(await t.app.sweeper.sweepOnce(OMBUDSMAN_DUE)).toMatchObject({ escalated: 1 });
    expect(await t.app.sweeper.sweepOnce(ms(OMBUDSMAN_DUE, 60_000))).toMatchObject({ escalated: 0 });
    t.clock.set(OLD_RULE_DUE);
    expect(await t.app.sweeper.sweepOnce(OLD_RULE_DUE)).toMatchObject({ escalated: 0 });
    expect(await escalations(id)).toEqual({ events: 1, history: 1 });
    const event = await t.db.prisma.deadlineEvent.findFirstOrThrow({ where: { complaintId: id, kind: 'ESCALATED_TO_OMBUDSMAN' } });
    expect([event.dueAt.toISOString(), event.at.toISOString()]).toEqual([OMBUDSMAN_DUE.toISOString(), OMBUDSMAN_DUE.toISOString()]);
    expect((await row(id)).escalatedAt?.toISOString()).toBe(OMBUDSMAN_DUE.toISOString());
  });
});

describe('rows from before firstReceivedAt existed', () => {
  it('a restart moves an open re-dispatched report’s Ombudsman deadline back to its first receipt, once, with a history row', async () => {
    // A report as the old code left it: dispatched on 12 May, its Ombudsman clock restarted there.
    t.clock.set(DISPATCHED);
    const old = await t.db.prisma.complaint.create({
      data: {
        agencyId: dinkesId,
        trackingId: `OLD-${Date.now()}`,
        kind: 'LAPORAN',
        title: 'Puskesmas tutup pada jam layanan',
        content: 'Puskesmas kecamatan tutup pukul 11.00 padahal jadwal sampai 14.00.',
        submittedAt: at('2026-04-21T08:00:00+07:00'),
        dispatchedAt: DISPATCHED,
        receivedAt: DISPATCHED,
        firstReceivedAt: D,
        status: 'RECEIVED',
        followUpDueAt: B_FOLLOW_UP_DUE,
        followUpWarnAt: at('2026-05-20T17:00:00.000Z'),
        ombudsmanDueAt: OLD_RULE_DUE,
        ombudsmanWarnAt: at('2026-07-09T17:00:00.000Z'),
      },
    });
    const { createApp } = await import('../../src/app.js');
    for (let i = 0; i < 2; i++) {
      const again = await createApp(t.config, { db: t.db, clock: t.clock, sweep: false });
      await again.close();
    }
    const c = await row(old.id);
    expect(c.ombudsmanDueAt?.toISOString()).toBe(OMBUDSMAN_DUE.toISOString());
    expect(c.followUpDueAt?.toISOString()).toBe(B_FOLLOW_UP_DUE.toISOString());
    const hist = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: old.id, action: 'RECOMPUTE_DEADLINES' } });
    expect(hist).toHaveLength(1);
    expect(hist[0]!.summary).toMatch(/pertama kali diterima/);
  });
});
