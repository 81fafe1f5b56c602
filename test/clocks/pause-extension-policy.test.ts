// The law's clocks with real dates, over HTTP: a tunda over a national holiday, the head's extension,
// the PermenPANRB 62/2018 preset for a LAPORAN with an oversight element, and the bad inputs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar, workingDaysBetween } from '../../src/calendar/calendar.js';
import { loadBundledHolidays } from '../../src/calendar/holidays.js';
import { ManualClock } from '../../src/clock.js';
import { RECEIVE, receiveInput } from '../complaints/fixtures.js';
import { uuidOf } from '../lifecycle/steps.js';
import { startTestApp, type TestApp } from '../support/app.js';

const at = (iso: string) => new Date(iso);
const WIB = createCalendar({ holidays: loadBundledHolidays().map((h) => h.date) });

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(at('2026-06-12T10:00:00+07:00')) });
});

// Tokens expire with the manual clock (JWT_TTL_SECONDS), so each call signs in at the clock's time.
const EMAILS = {
  admin: 'admin@disporbudpar.demo',
  head: 'kepala@disporbudpar.demo',
  liaison: 'penghubung@disporbudpar.demo',
  coordinator: 'koordinator@lapor.demo',
} as const;
const staff = new Proxy({} as Record<keyof typeof EMAILS, Promise<{ token: string }>>, {
  get: (_o, who: keyof typeof EMAILS) => t.login(EMAILS[who]).then((token) => ({ token })),
});
afterAll(() => t?.close());

const RESULT = `__typename
  ... on Complaint { id version status pausedWorkingDays pause { reason phrase note } followUpExtension { workingDays reason round }
    deadlines { followUp { dueAt running paused lengthWorkingDays extensionWorkingDays extensionReason overdue } } }
  ... on InvalidInputError { issues { field message } }
  ... on IllegalTransitionError { action allowedActions }
  ... on Error { code message }`;
const PAUSE = `mutation($id: ID!, $v: Int!, $reason: PauseReason!, $note: String!) { pauseComplaint(id: $id, expectedVersion: $v, reason: $reason, note: $note) { ${RESULT} } }`;
const RESUME = `mutation($id: ID!, $v: Int!) { resumeComplaint(id: $id, expectedVersion: $v) { ${RESULT} } }`;
const EXTEND = `mutation($id: ID!, $v: Int!, $days: Int!, $reason: String!) { extendFollowUpDeadline(id: $id, expectedVersion: $v, workingDays: $days, reason: $reason) { ${RESULT} } }`;
const STATUS = `query($tid: String!) { complaintStatus(trackingId: $tid) { status complaintClass paused pauseNotice } }`;

async function receiveAt(iso: string, overrides: Record<string, unknown> = {}) {
  t.clock.set(at(iso));
  const r = await t.gql(RECEIVE, { input: receiveInput({ submittedAt: iso, dispatchedAt: iso, ...overrides }) }, await staff.admin);
  const c = r.data.receiveComplaint;
  if (c.__typename !== 'Complaint') throw new Error(JSON.stringify(r));
  return c as { id: string; trackingId: string; version: number };
}

const row = (id: string) => t.db.prisma.complaint.findUniqueOrThrow({ where: { id: uuidOf(id) } });
const historyCount = (id: string) => t.db.prisma.complaintHistory.count({ where: { complaintId: uuidOf(id) } });

describe('tunda over a national holiday (1 Muharam, Tue 16 June 2026)', () => {
  it('paused 3 working days: the follow-up due date moves by exactly 3 working days; the status view shows only the fixed phrase', async () => {
    // Fri 12 June: 5 working days = Mon 15, Wed 17, Thu 18, Fri 19, Mon 22 (Tue 16 is 1 Muharam).
    const c = await receiveAt('2026-06-12T10:00:00+07:00');
    const before = (await row(c.id)).followUpDueAt!;
    expect(before.toISOString()).toBe('2026-06-22T17:00:00.000Z');

    t.clock.set(at('2026-06-15T10:00:00+07:00')); // Mon 15 June
    const paused = (
      await t.gql(
        PAUSE,
        { id: c.id, v: c.version, reason: 'AWAITING_REPORTER', note: 'Minta foto lokasi dan nomor tiang lampu' },
        await staff.liaison,
      )
    ).data.pauseComplaint;
    expect(paused.__typename).toBe('Complaint');
    expect(paused.pause).toEqual({
      reason: 'AWAITING_REPORTER',
      phrase: 'Ditunda: menunggu kelengkapan informasi dari pelapor',
      note: 'Minta foto lokasi dan nomor tiang lampu',
    });
    expect(paused.deadlines.followUp).toMatchObject({ running: false, paused: true });
    // The clock stopped: no due column, so the sweeper cannot mark it overdue.
    expect((await row(c.id)).followUpDueAt).toBeNull();
    const status = (await t.gql(STATUS, { tid: c.trackingId })).data.complaintStatus;
    expect(status).toEqual({
      status: 'RECEIVED',
      complaintClass: 'LAPORAN',
      paused: true,
      pauseNotice: 'Ditunda: menunggu kelengkapan informasi dari pelapor',
    });
    expect(JSON.stringify(status)).not.toContain('foto');

    // Pausing a paused report: typed error, nothing written.
    const n = await historyCount(c.id);
    const again = (await t.gql(PAUSE, { id: c.id, v: paused.version, reason: 'AWAITING_THIRD_PARTY', note: 'x' }, await staff.admin)).data
      .pauseComplaint;
    expect(again).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION' });
    expect(await historyCount(c.id)).toBe(n);

    // Fri 19 June: Wed 17, Thu 18, Fri 19 = 3 working days paused (Tue 16 is a holiday).
    t.clock.set(at('2026-06-19T10:00:00+07:00'));
    const resumed = (await t.gql(RESUME, { id: c.id, v: paused.version }, await staff.admin)).data.resumeComplaint;
    expect(resumed).toMatchObject({ __typename: 'Complaint', pausedWorkingDays: 3, pause: null });
    const after = (await row(c.id)).followUpDueAt!;
    // Mon 22 + Tue 23, Wed 24, Thu 25: the end of Thu 25 June.
    expect(after.toISOString()).toBe('2026-06-25T17:00:00.000Z');
    expect(workingDaysBetween(new Date(before.getTime() - 1), new Date(after.getTime() - 1), WIB)).toBe(3);
    expect((await t.gql(STATUS, { tid: c.trackingId })).data.complaintStatus).toMatchObject({ paused: false, pauseNotice: null });

    // Resuming a report that is not paused: typed error, nothing written.
    const m = await historyCount(c.id);
    expect((await t.gql(RESUME, { id: c.id, v: resumed.version }, await staff.admin)).data.resumeComplaint).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
    expect(await historyCount(c.id)).toBe(m);
    const rows = await t.db.prisma.complaintHistory.findMany({
      where: { complaintId: uuidOf(c.id), action: { in: ['PAUSE', 'RESUME'] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((h) => h.action)).toEqual(['PAUSE', 'RESUME']);
    expect(rows[1]!.summary).toContain('3 hari kerja');

    // Extension of 7 working days: Fri 26, Mon 29, Tue 30, Wed 1, Thu 2, Fri 3, Mon 6 July.
    const tooLong = (await t.gql(EXTEND, { id: c.id, v: resumed.version, days: 8, reason: 'Menunggu survei' }, await staff.head)).data
      .extendFollowUpDeadline;
    expect(tooLong).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'workingDays' }] });
    const extended = (
      await t.gql(EXTEND, { id: c.id, v: resumed.version, days: 7, reason: 'Menunggu survei lapangan PLN' }, await staff.head)
    ).data.extendFollowUpDeadline;
    expect(extended).toMatchObject({
      __typename: 'Complaint',
      followUpExtension: { workingDays: 7, reason: 'Menunggu survei lapangan PLN', round: 1 },
      deadlines: { followUp: { extensionWorkingDays: 7, extensionReason: 'Menunggu survei lapangan PLN', running: true } },
    });
    const extendedDue = (await row(c.id)).followUpDueAt!;
    expect(extendedDue.toISOString()).toBe('2026-07-06T17:00:00.000Z');
    expect(workingDaysBetween(new Date(after.getTime() - 1), new Date(extendedDue.getTime() - 1), WIB)).toBe(7);

    // The second extension in the round is refused, nothing written.
    const k = await historyCount(c.id);
    const second = (await t.gql(EXTEND, { id: c.id, v: extended.version, days: 1, reason: 'lagi' }, await staff.head)).data
      .extendFollowUpDeadline;
    expect(second).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION' });
    expect(second.message).toContain('already extended in round 1');
    expect(await historyCount(c.id)).toBe(k);
    expect((await row(c.id)).followUpDueAt!.toISOString()).toBe('2026-07-06T17:00:00.000Z');
  });

  it('a pause longer than PAUSE_MAX_WORKING_DAYS raises one PAUSE WARNING event; an archived report cannot be paused', async () => {
    const c = await receiveAt('2026-07-01T09:00:00+07:00');
    const paused = (await t.gql(PAUSE, { id: c.id, v: c.version, reason: 'AWAITING_THIRD_PARTY', note: 'Surat ke PLN' }, await staff.admin))
      .data.pauseComplaint;
    const limit = (await row(c.id)).pauseLimitAt!;
    // Default 10 working days after Wed 1 July: the end of Wed 15 July.
    expect(limit.toISOString()).toBe(addWorkingDays(at('2026-07-01T09:00:00+07:00'), 10, WIB).toISOString());
    expect(limit.toISOString()).toBe('2026-07-15T17:00:00.000Z');
    await t.app.sweeper.sweepOnce(new Date(limit.getTime() - 1));
    expect(await t.db.prisma.deadlineEvent.count({ where: { complaintId: uuidOf(c.id), deadline: 'PAUSE' } })).toBe(0);
    await t.app.sweeper.sweepOnce(limit);
    await t.app.sweeper.sweepOnce(new Date(limit.getTime() + 60_000));
    const events = await t.db.prisma.deadlineEvent.findMany({ where: { complaintId: uuidOf(c.id), deadline: 'PAUSE' } });
    expect(events.map((e) => [e.kind, e.dueAt.toISOString()])).toEqual([['WARNING', '2026-07-15T17:00:00.000Z']]);
    expect(paused.version).toBeGreaterThan(c.version);
    // Follow-up was not marked overdue while paused, even far past its original due date.
    expect((await row(c.id)).followUpOverdueAt).toBeNull();

    // Archived: no clock to stop, so pausing is illegal (typed), nothing written.
    const ARCHIVE = `mutation($id: ID!, $v: Int!) { archiveComplaint(id: $id, expectedVersion: $v, reason: "duplikat") { __typename ... on Complaint { version } } }`;
    const archived = (await t.gql(ARCHIVE, { id: c.id, v: paused.version }, await staff.admin)).data.archiveComplaint;
    expect(archived.__typename).toBe('Complaint');
    const n = await historyCount(c.id);
    const refused = (await t.gql(PAUSE, { id: c.id, v: archived.version, reason: 'AWAITING_REPORTER', note: 'x' }, await staff.admin)).data
      .pauseComplaint;
    expect(refused).toMatchObject({ __typename: 'IllegalTransitionError', code: 'ILLEGAL_TRANSITION', allowedActions: ['RESTORE'] });
    expect(await historyCount(c.id)).toBe(n);
  });
});

describe('PermenPANRB 62/2018 preset', () => {
  it('a LAPORAN with an oversight element is due after exactly 60 working days, not a millisecond before', async () => {
    const preset = `mutation($p: ClockPreset!) { applyClockPolicyPreset(preset: $p) { __typename ... on ClockPolicyChange { policy { complaintClass followUpWorkingDays source } } ... on Error { code message } } }`;
    const r = await t.gql(preset, { p: 'PERMENPANRB_62_2018' }, await staff.coordinator);
    expect(r.data.applyClockPolicyPreset.policy).toEqual([
      { complaintClass: 'ASPIRASI', followUpWorkingDays: 5, source: 'REGENCY' },
      { complaintClass: 'INFORMASI', followUpWorkingDays: 5, source: 'REGENCY' },
      { complaintClass: 'LAPORAN', followUpWorkingDays: 14, source: 'REGENCY' },
      { complaintClass: 'LAPORAN_PENGAWASAN', followUpWorkingDays: 60, source: 'REGENCY' },
    ]);
    expect(await t.db.prisma.adminEvent.count({ where: { action: 'CLOCK_POLICY_PRESET_APPLIED' } })).toBe(1);

    const received = '2026-08-03T09:00:00+07:00'; // Mon 3 August 2026
    const c = await receiveAt(received, { hasOversight: true });
    const due = (await row(c.id)).followUpDueAt!;
    // By hand: Aug 4–31 has 18 working days (17 Aug Proklamasi and 25 Aug Maulid off), September 22
    // (40), then Oct 1–28 gives the other 20: the 60th is Wed 28 October; due at its end (WIB).
    expect(due.toISOString()).toBe('2026-10-28T17:00:00.000Z');
    expect(workingDaysBetween(at(received), new Date(due.getTime() - 1), WIB)).toBe(60);

    await t.app.sweeper.sweepOnce(new Date(due.getTime() - 1));
    expect((await row(c.id)).followUpOverdueAt).toBeNull();
    await t.app.sweeper.sweepOnce(due);
    expect((await row(c.id)).followUpOverdueAt?.toISOString()).toBe(due.toISOString());

    // The same day, a LAPORAN without oversight: 14 working days; back to the SOP preset moves it to 5.
    const plain = await receiveAt(received);
    expect((await row(plain.id)).followUpDueAt!.toISOString()).toBe(addWorkingDays(at(received), 14, WIB).toISOString());
    const back = await t.gql(preset, { p: 'SOP' }, await staff.coordinator);
    expect(back.data.applyClockPolicyPreset.__typename).toBe('ClockPolicyChange');
    expect((await row(plain.id)).followUpDueAt!.toISOString()).toBe(addWorkingDays(at(received), 5, WIB).toISOString());
    const moved = await t.db.prisma.complaintHistory.findFirst({ where: { complaintId: uuidOf(plain.id), action: 'RECOMPUTE_DEADLINES' } });
    expect(moved?.summary).toContain('preset SOP');
  });

  it('an agency ADMIN overrides only its own agency; a bad length is a typed error and changes nothing', async () => {
    const SET = `mutation($e: [ClockPolicyInput!]!) { setClockPolicy(entries: $e) { __typename ... on ClockPolicyChange { policy { complaintClass followUpWorkingDays source } recomputedComplaints } ... on InvalidInputError { issues { field } } ... on Error { code } } }`;
    const bad = await t.gql(SET, { e: [{ complaintClass: 'LAPORAN', followUpWorkingDays: 0 }] }, await staff.admin);
    expect(bad.data.setClockPolicy).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'followUpWorkingDays.LAPORAN' }] });
    const ok = await t.gql(SET, { e: [{ complaintClass: 'LAPORAN', followUpWorkingDays: 10 }] }, await staff.admin);
    expect(ok.data.setClockPolicy.policy).toContainEqual({ complaintClass: 'LAPORAN', followUpWorkingDays: 10, source: 'AGENCY' });
    const denied = await t.gql(SET, { e: [{ complaintClass: 'LAPORAN', followUpWorkingDays: 9 }] }, await staff.head);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // In the administration audit (append-only), and readable there by the agency's admin.
    const audit = await t.db.prisma.adminEvent.findMany({ where: { entity: 'ClockPolicy' }, orderBy: { id: 'asc' } });
    expect(audit.at(-1)).toMatchObject({
      action: 'CLOCK_POLICY_SET',
      actorRole: 'ADMIN',
      entityId: audit.at(-1)!.agencyId,
      after: { LAPORAN: 10 },
      detail: { recomputedComplaints: ok.data.setClockPolicy.recomputedComplaints },
    });
    expect(audit.at(-1)!.agencyId).not.toBeNull();
    await expect(t.db.prisma.adminEvent.deleteMany({ where: { entity: 'ClockPolicy' } })).rejects.toThrow(/append-only/);
    const listed = await t.gql(
      `{ adminEvents(first: 5, filter: { action: CLOCK_POLICY_SET }) { edges { node { action entity after detail actorRole } } } }`,
      {},
      await staff.admin,
    );
    expect(listed.data.adminEvents.edges[0].node).toMatchObject({ action: 'CLOCK_POLICY_SET', entity: 'ClockPolicy', actorRole: 'ADMIN' });
    expect(JSON.parse(listed.data.adminEvents.edges[0].node.after)).toEqual({ LAPORAN: 10 });
  });
});

describe('classification at disposition and by the head', () => {
  it('the head marks the oversight element when disposing and corrects it later; the clock follows; a SARAN cannot have one', async () => {
    // The agency's own LAPORAN override (10, set above) is removed: the regency preset applies.
    const clear = `mutation { setClockPolicy(entries: [{ complaintClass: LAPORAN, followUpWorkingDays: null }]) { __typename } }`;
    expect((await t.gql(clear, {}, await staff.admin)).data.setClockPolicy.__typename).toBe('ClockPolicyChange');
    expect(
      (await t.db.prisma.adminEvent.findMany({ where: { entity: 'ClockPolicy' }, orderBy: { id: 'desc' }, take: 1 }))[0],
    ).toMatchObject({
      action: 'CLOCK_POLICY_CLEARED',
      before: { LAPORAN: 10 },
      after: { LAPORAN: null },
    });
    const preset = `mutation { applyClockPolicyPreset(preset: PERMENPANRB_62_2018) { __typename } }`;
    expect((await t.gql(preset, {}, await staff.coordinator)).data.applyClockPolicyPreset.__typename).toBe('ClockPolicyChange');
    const received = '2026-09-01T09:00:00+07:00'; // Tue 1 September 2026
    const c = await receiveAt(received);
    expect((await row(c.id)).followUpDueAt!.toISOString()).toBe(addWorkingDays(at(received), 14, WIB).toISOString());
    const REGISTER = `mutation($id: ID!, $v: Int!) { registerComplaint(id: $id, expectedVersion: $v) { ... on Complaint { version } } }`;
    const reg = (await t.gql(REGISTER, { id: c.id, v: c.version }, await staff.admin)).data.registerComplaint;
    const divisions = await t.db.prisma.division.findMany({ where: { code: 'OLAHRAGA' } });
    const DISPOSE = `mutation($id: ID!, $v: Int!, $input: DisposeComplaintInput!) { disposeComplaint(id: $id, expectedVersion: $v, input: $input) {
      __typename ... on Complaint { version complaintClass hasOversight } ... on Error { code } } }`;
    const input = {
      divisionIds: [Buffer.from(`Division:${divisions[0]!.id}`).toString('base64')],
      instructions: ['TINDAK_LANJUTI'],
      note: 'x',
      hasOversight: true,
    };
    const disposed = (await t.gql(DISPOSE, { id: c.id, v: reg.version, input }, await staff.head)).data.disposeComplaint;
    expect(disposed).toMatchObject({ __typename: 'Complaint', complaintClass: 'LAPORAN_PENGAWASAN', hasOversight: true });
    expect((await row(c.id)).followUpDueAt!.toISOString()).toBe(addWorkingDays(at(received), 60, WIB).toISOString());
    const status = (await t.gql(STATUS, { tid: c.trackingId })).data.complaintStatus;
    expect(status.complaintClass).toBe('LAPORAN_PENGAWASAN');

    const RECLASSIFY = `mutation($id: ID!, $v: Int!, $o: Boolean!) { reclassifyComplaint(id: $id, expectedVersion: $v, hasOversight: $o, reason: "Bukan dugaan penyimpangan pejabat") {
      __typename ... on Complaint { version complaintClass } ... on InvalidInputError { issues { field } } ... on Error { code } } }`;
    const back = (await t.gql(RECLASSIFY, { id: c.id, v: disposed.version, o: false }, await staff.head)).data.reclassifyComplaint;
    expect(back).toMatchObject({ __typename: 'Complaint', complaintClass: 'LAPORAN' });
    expect((await row(c.id)).followUpDueAt!.toISOString()).toBe(addWorkingDays(at(received), 14, WIB).toISOString());
    const h = await t.db.prisma.complaintHistory.findFirstOrThrow({ where: { complaintId: uuidOf(c.id), action: 'RECLASSIFY' } });
    expect(h.summary).toBe(
      'Klasifikasi diubah dari pengaduan berkadar pengawasan menjadi pengaduan. Alasan: Bukan dugaan penyimpangan pejabat',
    );
    // The same class again, or oversight on a SARAN: typed errors, nothing written.
    expect((await t.gql(RECLASSIFY, { id: c.id, v: back.version, o: false }, await staff.head)).data.reclassifyComplaint).toMatchObject({
      __typename: 'InvalidInputError',
    });
    const saran = await receiveAt('2026-09-01T10:00:00+07:00', { kind: 'SARAN' });
    const n = await historyCount(saran.id);
    expect((await t.gql(RECLASSIFY, { id: saran.id, v: saran.version, o: true }, await staff.head)).data.reclassifyComplaint).toMatchObject(
      {
        __typename: 'InvalidInputError',
        issues: [{ field: 'hasOversight' }],
      },
    );
    expect(await historyCount(saran.id)).toBe(n);
    expect(
      (await t.gql(`mutation { applyClockPolicyPreset(preset: SOP) { __typename } }`, {}, await staff.coordinator)).data
        .applyClockPolicyPreset.__typename,
    ).toBe('ClockPolicyChange');
  });
});
