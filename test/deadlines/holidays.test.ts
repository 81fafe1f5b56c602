import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { SOP_TIME_STANDARDS } from '../../src/deadlines/reference-data.js';
import { loadBundledHolidays } from '../../src/calendar/holidays.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgencyId, insertComplaint } from './fixtures.js';

const at = (iso: string) => new Date(iso);
let t: TestApp;
let agencyId: string;
let otherAgencyId: string;
let coord: { token: string };
let admin: { token: string };

beforeAll(async () => {
  t = await startTestApp({ clock: new ManualClock(at('2026-07-06T10:00:00+07:00')) });
  agencyId = await demoAgencyId(t.db.prisma);
  otherAgencyId = (await t.db.prisma.agency.create({ data: { code: 'DINKES', name: 'Dinas Kesehatan', regency: 'Kabupaten Demo' } })).id;
  coord = { token: await t.login('koordinator@lapor.demo') };
  admin = { token: await t.login('admin@disporbudpar.demo') };
});
afterAll(() => t?.close());

const CREATE = `mutation($input: CreateHolidayInput!) { createHoliday(input: $input) { __typename
  ... on HolidayChange { recomputedComplaints holiday { id date kind name agency { code } } }
  ... on InvalidInputError { issues { field message } }
  ... on DuplicateHolidayError { existingHolidayId }
  ... on Error { code message } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateHolidayInput!) { updateHoliday(id: $id, input: $input) { __typename
  ... on HolidayChange { recomputedComplaints holiday { id date kind name } }
  ... on InvalidInputError { issues { field message } }
  ... on Error { code message } } }`;
const DELETE = `mutation($id: ID!) { deleteHoliday(id: $id) { __typename
  ... on HolidayChange { recomputedComplaints deletedHolidayId holiday { id } }
  ... on Error { code message } } }`;
const HOLIDAYS = `query($year: Int!, $agencyId: ID) { holidays(year: $year, agencyId: $agencyId) { date kind name agency { code } } }`;

async function counts() {
  const p = t.db.prisma;
  return {
    holidays: await p.holiday.count(),
    history: await p.holidayHistory.count(),
    recompute: await p.complaintHistory.count({ where: { action: 'RECOMPUTE_DEADLINES' } }),
  };
}

describe('reference data at start-up', () => {
  it('seeds the bundled national holidays and the SOP time standards once; a restart adds nothing', async () => {
    const national = loadBundledHolidays().filter((h) => h.kind !== 'REGIONAL').length;
    expect(await t.db.prisma.holiday.count({ where: { agencyId: null } })).toBe(national);
    const standards = await t.db.prisma.timeStandard.findMany({ where: { agencyId: null }, orderBy: { step: 'asc' } });
    expect(standards.map((s) => [s.step, s.minMinutes, s.maxMinutes])).toEqual(
      SOP_TIME_STANDARDS.map((s) => [s.step, s.minMinutes, s.maxMinutes]),
    );
    expect(standards[4]).toMatchObject({ minMinutes: 510, maxMinutes: 2550 });
    const again = await createApp(t.config, { db: t.db, clock: t.clock, sweep: false });
    await again.close();
    expect(await t.db.prisma.holiday.count({ where: { agencyId: null } })).toBe(national);
    expect(await t.db.prisma.timeStandard.count()).toBe(7);
  });

  it('holidays(year) lists Idul Fitri 2026 and the 2025 revision', async () => {
    const y2026 = await t.gql(HOLIDAYS, { year: 2026 }, admin);
    expect(y2026.data.holidays.filter((h: any) => h.date >= '2026-03-20' && h.date <= '2026-03-24').map((h: any) => h.kind)).toEqual([
      'CUTI_BERSAMA',
      'LIBUR_NASIONAL',
      'LIBUR_NASIONAL',
      'CUTI_BERSAMA',
      'CUTI_BERSAMA',
    ]);
    const y2025 = await t.gql(HOLIDAYS, { year: 2025 }, admin);
    expect(y2025.data.holidays.find((h: any) => h.date === '2025-08-18')).toMatchObject({ kind: 'CUTI_BERSAMA' });
  });
});

describe('holiday changes recompute the deadlines they touch', () => {
  it('an ADMIN’s regional holiday moves its own agency’s follow-up due, with history; delete moves it back', async () => {
    t.clock.set(at('2026-07-06T10:00:00+07:00'));
    const mine = await insertComplaint(t.app.services, { agencyId, receivedAt: t.clock.now() });
    const theirs = await insertComplaint(t.app.services, { agencyId: otherAgencyId, receivedAt: t.clock.now() });
    const before = at('2026-07-13T17:00:00.000Z'); // end of Mon 13 July
    expect(mine.followUpDueAt).toEqual(before);

    const r = await t.gql(
      CREATE,
      { input: { date: '2026-07-08', kind: 'REGIONAL', name: 'Hari Jadi Kabupaten', legalBasis: 'Perda No. 1/2020' } },
      admin,
    );
    expect(r.data.createHoliday).toMatchObject({
      __typename: 'HolidayChange',
      recomputedComplaints: 1,
      holiday: { date: '2026-07-08', kind: 'REGIONAL', agency: { code: 'DISPORBUDPAR' } },
    });
    const moved = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: mine.id } });
    expect(moved.followUpDueAt?.toISOString()).toBe('2026-07-14T17:00:00.000Z');
    expect(moved.followUpWarnAt?.toISOString()).toBe('2026-07-13T17:00:00.000Z');
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: theirs.id } })).followUpDueAt).toEqual(before);
    const rows = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: mine.id, action: 'RECOMPUTE_DEADLINES' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toContain('tindak lanjut 2026-07-13 → 2026-07-14');
    const hist = await t.db.prisma.holidayHistory.findMany({ orderBy: { id: 'desc' }, take: 1 });
    expect(hist[0]).toMatchObject({ action: 'CREATE', actorRole: 'ADMIN', before: null, after: { date: '2026-07-08', kind: 'REGIONAL' } });

    // The complaint's API view follows at once (this instance's calendar cache was invalidated).
    const q = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Complaint { deadlines { followUp { dueAt remainingWorkingDays } } } } }`,
      { id: encodeGlobalID('Complaint', mine.id) },
      admin,
    );
    expect(q.data.node.deadlines.followUp).toEqual({ dueAt: '2026-07-14T17:00:00.000Z', remainingWorkingDays: 5 });

    const d = await t.gql(DELETE, { id: r.data.createHoliday.holiday.id }, admin);
    expect(d.data.deleteHoliday).toMatchObject({
      recomputedComplaints: 1,
      holiday: null,
      deletedHolidayId: r.data.createHoliday.holiday.id,
    });
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: mine.id } })).followUpDueAt).toEqual(before);
    expect(await t.db.prisma.complaintHistory.count({ where: { complaintId: mine.id, action: 'RECOMPUTE_DEADLINES' } })).toBe(2);
  });

  it('a COORDINATOR’s cuti bersama moves every agency; updating its date moves them again; only running clocks are touched', async () => {
    t.clock.set(at('2026-07-06T10:00:00+07:00'));
    const a = await insertComplaint(t.app.services, { agencyId, receivedAt: t.clock.now() });
    const b = await insertComplaint(t.app.services, { agencyId: otherAgencyId, receivedAt: t.clock.now() });
    const closed = await insertComplaint(t.app.services, { agencyId, receivedAt: t.clock.now(), status: 'CLOSED' });
    const r = await t.gql(CREATE, { input: { date: '2026-07-09', kind: 'CUTI_BERSAMA', name: 'Cuti bersama uji' } }, coord);
    expect(r.data.createHoliday.recomputedComplaints).toBeGreaterThanOrEqual(2);
    for (const c of [a, b])
      expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: c.id } })).followUpDueAt?.toISOString()).toBe(
        '2026-07-14T17:00:00.000Z',
      );
    expect(await t.db.prisma.complaintHistory.count({ where: { complaintId: closed.id, action: 'RECOMPUTE_DEADLINES' } })).toBe(0);

    // Moved to after the due date: the deadline goes back.
    const u = await t.gql(UPDATE, { id: r.data.createHoliday.holiday.id, input: { date: '2026-07-20' } }, coord);
    expect(u.data.updateHoliday).toMatchObject({ __typename: 'HolidayChange', holiday: { date: '2026-07-20' } });
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: a.id } })).followUpDueAt?.toISOString()).toBe(
      '2026-07-13T17:00:00.000Z',
    );
    const last = await t.db.prisma.holidayHistory.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(last).toMatchObject({
      action: 'UPDATE',
      actorRole: 'COORDINATOR',
      before: { date: '2026-07-09' },
      after: { date: '2026-07-20' },
    });
  });
});

describe('bad holiday input: a typed error and nothing written', () => {
  it('invalid date, empty name, duplicate, unknown kind', async () => {
    const start = await counts();
    const bad = await t.gql(CREATE, { input: { date: '2026-02-30', kind: 'LIBUR_NASIONAL', name: ' ' } }, coord);
    expect(bad.data.createHoliday.code).toBe('INVALID_INPUT');
    expect(bad.data.createHoliday.issues.map((i: any) => i.field).sort()).toEqual(['date', 'name']);
    const dup = await t.gql(CREATE, { input: { date: '2026-03-21', kind: 'LIBUR_NASIONAL', name: 'Idul Fitri lagi' } }, coord);
    expect(dup.data.createHoliday).toMatchObject({ __typename: 'DuplicateHolidayError', code: 'DUPLICATE_HOLIDAY' });
    expect(dup.data.createHoliday.existingHolidayId).toBeTruthy();
    const kind = await t.gql(CREATE, { input: { date: '2026-07-01', kind: 'LIBUR_DAERAH', name: 'x' } }, coord);
    expect(kind.errors?.[0]?.message).toMatch(/LIBUR_DAERAH/);
    expect(await counts()).toEqual(start);
  });

  it('roles and agencies: an ADMIN cannot add national days nor another agency’s; a COORDINATOR no regional ones', async () => {
    const start = await counts();
    const national = await t.gql(CREATE, { input: { date: '2026-07-01', kind: 'LIBUR_NASIONAL', name: 'x' } }, admin);
    expect(national.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await t.gql(
      CREATE,
      { input: { date: '2026-07-01', kind: 'REGIONAL', name: 'x', agencyId: encodeGlobalID('Agency', otherAgencyId) } },
      admin,
    );
    expect(foreign.data.createHoliday.code).toBe('NOT_FOUND');
    const regional = await t.gql(
      CREATE,
      { input: { date: '2026-07-01', kind: 'REGIONAL', name: 'x', agencyId: encodeGlobalID('Agency', agencyId) } },
      coord,
    );
    expect(regional.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const head = await t.gql(
      CREATE,
      { input: { date: '2026-07-01', kind: 'REGIONAL', name: 'x' } },
      { token: await t.login('kepala@disporbudpar.demo') },
    );
    expect(head.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Another agency's regional day is invisible to this ADMIN: NOT_FOUND on update and delete.
    const theirs = await t.db.prisma.holiday.create({
      data: { date: new Date('2026-07-02T00:00:00Z'), kind: 'REGIONAL', name: 'Hari Jadi Dinkes', agencyId: otherAgencyId },
    });
    const id = encodeGlobalID('Holiday', theirs.id);
    expect((await t.gql(DELETE, { id }, admin)).data.deleteHoliday.code).toBe('NOT_FOUND');
    expect((await t.gql(UPDATE, { id, input: { name: 'y' } }, admin)).data.updateHoliday.code).toBe('NOT_FOUND');
    expect(
      (await t.gql(HOLIDAYS, { year: 2026, agencyId: encodeGlobalID('Agency', otherAgencyId) }, admin)).data.holidays.some(
        (h: any) => h.kind === 'REGIONAL',
      ),
    ).toBe(false);
    await t.db.prisma.holiday.delete({ where: { id: theirs.id } });
    expect(await counts()).toEqual(start);
  });
});
