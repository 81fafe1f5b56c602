import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { staffActor } from '../../src/complaints/actor.js';
import { runTransition } from '../../src/sop/runner.js';
import { createDeadlineSweeper } from '../../src/deadlines/sweeper.js';
import { ManualClock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { RECEIVE, receiveInput } from '../complaints/fixtures.js';
import { DEADLINES, demoAgencyId, insertComplaint } from './fixtures.js';

const at = (iso: string) => new Date(iso);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);

let t: TestApp;
let agencyId: string;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(at('2026-03-17T10:00:00+07:00')) });
  agencyId = await demoAgencyId(t.db.prisma);
});
afterAll(() => t?.close());

async function deadlinesOf(id: string) {
  const token = await t.login('admin@disporbudpar.demo');
  const r = await t.gql(DEADLINES, { id: encodeGlobalID('Complaint', id) }, { token });
  if (!r.data?.node) throw new Error(JSON.stringify(r));
  return r.data.node;
}

describe('follow-up clock with a moved clock', () => {
  it('a report received Tue 17 March 2026 (before Nyepi and Idul Fitri) shows overdue exactly after 5 working days', async () => {
    t.clock.set(at('2026-03-17T10:00:00+07:00'));
    const token = await t.login('admin@disporbudpar.demo');
    const r = await t.gql(
      RECEIVE,
      { input: receiveInput({ submittedAt: '2026-03-16T08:00:00+07:00', dispatchedAt: '2026-03-17T08:00:00+07:00' }) },
      { token },
    );
    const id = Buffer.from(r.data.receiveComplaint.id, 'base64').toString().split(':')[1]!;
    const stored = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id } });
    const due = at('2026-03-31T17:00:00.000Z'); // end of Tue 31 March WIB
    expect(stored.followUpDueAt?.toISOString()).toBe(due.toISOString());
    expect(stored.ombudsmanDueAt?.toISOString()).toBe('2026-05-16T17:00:00.000Z');
    expect((await deadlinesOf(id)).deadlines.followUp).toMatchObject({
      remainingWorkingDays: 5,
      overdue: false,
      warned: false,
      running: true,
    });

    // One ms before the due instant: warned (last working day), not overdue.
    t.clock.set(ms(due, -1));
    expect(await t.app.sweeper.sweepOnce(ms(due, -1))).toMatchObject({ warnings: 1, overdue: 0 });
    expect((await deadlinesOf(id)).deadlines.followUp).toMatchObject({ remainingWorkingDays: 0, overdue: false, warned: true });

    t.clock.set(due);
    expect(await t.app.sweeper.sweepOnce(due)).toMatchObject({ overdue: 1 });
    expect((await deadlinesOf(id)).deadlines.followUp).toMatchObject({ remainingWorkingDays: -1, overdue: true, warned: true });
    expect(await t.app.sweeper.sweepOnce(ms(due, 60_000))).toEqual({ warnings: 0, overdue: 0, autoClosed: 0, escalated: 0 });
    const events = await t.db.prisma.deadlineEvent.findMany({ where: { complaintId: id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.deadline, e.kind, e.dueAt.toISOString()])).toEqual([
      ['FOLLOW_UP', 'WARNING', due.toISOString()],
      ['FOLLOW_UP', 'OVERDUE', due.toISOString()],
    ]);
  });
});

describe('auto-close after a response without feedback', () => {
  it('closes after exactly 10 working days, not one ms before, with a history row that says so', async () => {
    const delivered = at('2026-03-25T09:00:00+07:00');
    t.clock.set(delivered);
    const c = await insertComplaint(t.app.services, { agencyId, receivedAt: at('2026-03-17T10:00:00+07:00'), status: 'REPORT_COMPILED' });
    expect(c.followUpDueAt).not.toBeNull();
    // DELIVER_RESPONSE through the transition runner: its deadline hook starts the auto-close clock.
    const admin = await t.db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@disporbudpar.demo' } });
    const viewer = {
      kind: 'user' as const,
      id: admin.id,
      name: admin.name,
      email: admin.email,
      role: 'ADMIN' as const,
      agencyId,
      divisionId: null,
    };
    const updated = await runTransition(t.app.services, staffActor(viewer), {
      complaintId: c.id,
      expectedVersion: c.version,
      action: 'DELIVER_RESPONSE',
      summary: () => ({ id: 'Tanggapan disampaikan melalui LAPOR!', en: 'Response delivered through LAPOR!' }),
      update: () => ({ responseDeliveredAt: delivered }),
    });
    const due = at('2026-04-09T17:00:00.000Z'); // 10 working days, Good Friday 3 April skipped
    expect(updated.autoCloseAt?.toISOString()).toBe(due.toISOString());
    expect(updated).toMatchObject({ followUpDueAt: null, ombudsmanDueAt: null, followUpWarnAt: null });

    t.clock.set(ms(due, -1));
    const before = await t.app.sweeper.sweepOnce(ms(due, -1));
    expect(before.autoClosed).toBe(0);
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('RESPONSE_DELIVERED');

    t.clock.set(due);
    expect((await t.app.sweeper.sweepOnce(due)).autoClosed).toBe(1);
    const closed = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } });
    expect(closed).toMatchObject({ status: 'CLOSED', autoCloseAt: null, autoCloseWarnAt: null });
    expect(closed.closedAt?.toISOString()).toBe(due.toISOString());
    const history = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: c.id }, orderBy: { id: 'asc' } });
    expect(history.at(-1)).toMatchObject({
      action: 'AUTO_CLOSE',
      actorRole: 'SYSTEM',
      fromStatus: 'RESPONSE_DELIVERED',
      toStatus: 'CLOSED',
      summary: 'Ditutup otomatis: 10 hari kerja tanpa tanggapan pelapor',
    });
    const events = await t.db.prisma.deadlineEvent.findMany({ where: { complaintId: c.id, deadline: 'AUTO_CLOSE' } });
    expect(events.map((e) => e.kind).sort()).toEqual(['AUTO_CLOSED', 'WARNING']);
  });
});

describe('Ombudsman', () => {
  it('60 calendar days without a response: escalated once, in history, status unchanged; a responded one is not', async () => {
    const received = at('2026-03-17T10:00:00+07:00');
    const open = await insertComplaint(t.app.services, { agencyId, receivedAt: received, status: 'IN_FOLLOW_UP' });
    const answered = await insertComplaint(t.app.services, {
      agencyId,
      receivedAt: received,
      status: 'RESPONSE_DELIVERED',
      responseDeliveredAt: at('2026-04-01T10:00:00+07:00'),
    });
    const due = at('2026-05-16T17:00:00.000Z');
    t.clock.set(due);
    await t.app.sweeper.sweepOnce(ms(due, -1));
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: open.id } })).escalatedAt).toBeNull();
    await t.app.sweeper.sweepOnce(due);
    await t.app.sweeper.sweepOnce(ms(due, 1000));
    const after = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: open.id } });
    expect(after).toMatchObject({ status: 'IN_FOLLOW_UP' });
    expect(after.escalatedAt?.toISOString()).toBe(due.toISOString());
    const rows = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: open.id, action: 'ESCALATE_TO_OMBUDSMAN' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ fromStatus: 'IN_FOLLOW_UP', toStatus: 'IN_FOLLOW_UP', actorRole: 'SYSTEM' });
    expect((await deadlinesOf(open.id)).deadlines.ombudsman).toMatchObject({ escalated: true, escalatedAt: due.toISOString() });
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: answered.id } })).escalatedAt).toBeNull();
  });

  it('publishes complaint:deadline events after commit', async () => {
    const received = at('2026-06-02T10:00:00+07:00');
    t.clock.set(received);
    const c = await insertComplaint(t.app.services, { agencyId, receivedAt: received });
    const seen: { kind: string; complaintId: string }[] = [];
    const iterator = t.app.services.pubsub.subscribe('complaint:deadline')[Symbol.asyncIterator]();
    const collecting = (async () => {
      for (;;) {
        const n = await iterator.next();
        if (n.done) return;
        seen.push(n.value);
        if (n.value.complaintId === c.id && n.value.kind === 'OVERDUE') return;
      }
    })();
    const sweeper = createDeadlineSweeper(t.app.services);
    await sweeper.sweepOnce(c.followUpDueAt!);
    await collecting;
    await iterator.return?.();
    expect(seen.filter((e) => e.complaintId === c.id).map((e) => e.kind)).toEqual(['WARNING', 'OVERDUE']);
  });
});
