// Issue 20: a release whose bundled holiday list has a new year reaches a running deployment at its
// next start: the year is added once (with history naming the source), open deadlines crossing it
// move, a second start changes nothing, and a year a coordinator edited is left alone.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { DEFAULT_HOLIDAYS_TSV_PATH } from '../../src/calendar/holidays.js';
import { ManualClock } from '../../src/clock.js';
import { bundledYearsToAdd } from '../../src/holidays/bundled-years.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { demoAgencyId, insertComplaint } from './fixtures.js';

const at = (iso: string) => new Date(iso);
// Test data, not an official decree: fixed-date holidays of 2027 and 2028 (no 2027 SKB is bundled yet).
const NEXT_YEARS = [
  ['2027-01-01', 'LIBUR_NASIONAL', 'Tahun Baru 2027 Masehi'],
  ['2027-03-26', 'LIBUR_NASIONAL', 'Wafat Yesus Kristus'],
  ['2027-05-01', 'LIBUR_NASIONAL', 'Hari Buruh Internasional'],
  ['2027-08-17', 'LIBUR_NASIONAL', 'Hari Kemerdekaan Republik Indonesia'],
  ['2027-12-25', 'LIBUR_NASIONAL', 'Kelahiran Yesus Kristus'],
  ['2028-01-01', 'LIBUR_NASIONAL', 'Tahun Baru 2028 Masehi'],
  ['2028-05-01', 'LIBUR_NASIONAL', 'Hari Buruh Internasional'],
].map((cols) => [...cols, 'Daftar uji (bukan SKB resmi)'].join('\t'));

let t: TestApp;
let dir: string;
let file: string;
let agencyId: string;
beforeAll(async () => {
  // Today: Mon 28 December 2026; the database was seeded from the 2024–2026 list.
  t = await startTestApp({ clock: new ManualClock(at('2026-12-28T10:00:00+07:00')) });
  agencyId = await demoAgencyId(t.db.prisma);
  dir = mkdtempSync(path.join(tmpdir(), 'tuntas-holidays-'));
  file = path.join(dir, 'holidays-id-2027.tsv');
  writeFileSync(file, `${readFileSync(DEFAULT_HOLIDAYS_TSV_PATH, 'utf8').trimEnd()}\n${NEXT_YEARS.join('\n')}\n`);
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const national = (year: number) =>
  t.db.prisma.holiday.count({
    where: { agencyId: null, date: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } },
  });
const snapshot = async () => ({
  holidays: await t.db.prisma.holiday.count(),
  history: await t.db.prisma.holidayHistory.count(),
  recomputes: await t.db.prisma.complaintHistory.count({ where: { action: 'RECOMPUTE_DEADLINES' } }),
});
async function restartWith(bundledHolidaysFile: string) {
  const app = await createApp(t.config, { db: t.db, clock: t.clock, sweep: false, bundledHolidaysFile });
  await app.close();
}

describe('bundledYearsToAdd (pure)', () => {
  it('returns the national entries of the years not known, by year', () => {
    const entries = [
      { date: '2026-12-25', kind: 'LIBUR_NASIONAL' as const, name: 'a', legalBasis: null },
      { date: '2027-01-01', kind: 'LIBUR_NASIONAL' as const, name: 'b', legalBasis: null },
      { date: '2027-06-01', kind: 'REGIONAL' as const, name: 'c', legalBasis: null },
      { date: '2028-01-01', kind: 'CUTI_BERSAMA' as const, name: 'd', legalBasis: null },
    ];
    expect([...bundledYearsToAdd(entries, new Set([2026, 2028]))]).toEqual([[2027, [entries[1]]]]);
    expect(bundledYearsToAdd(entries, new Set([2026, 2027, 2028])).size).toBe(0);
  });
});

describe('a new bundled year at start-up', () => {
  it('adds 2027 once with history, moves the open deadlines crossing it, leaves 2028 (edited by the coordinator) alone', async () => {
    expect([await national(2026), await national(2027), await national(2028)]).toEqual([25, 0, 0]);
    // Seeded from the shipped list, with history naming it.
    const seeded = await t.db.prisma.holidayHistory.findFirstOrThrow({ where: { action: 'BUNDLED' } });
    expect(seeded).toMatchObject({ actorId: null, actorRole: 'SYSTEM' });
    expect(seeded.source).toMatch(/^tuntas .* src\/calendar\/holidays-id\.tsv$/);

    // Received today: 5 working days with 1 January 2027 counted as a working day (no 2027 list): end of Mon 4 Jan.
    const crossing = await insertComplaint(t.app.services, { agencyId, receivedAt: at('2026-12-28T10:00:00+07:00') });
    expect(crossing.followUpDueAt?.toISOString()).toBe('2027-01-04T17:00:00.000Z');
    // Received 1 December: every running clock ends before 2027 except the Ombudsman's (calendar days).
    const before = await insertComplaint(t.app.services, { agencyId, receivedAt: at('2026-12-01T10:00:00+07:00') });

    // The coordinator entered one 2028 holiday by hand: that year is theirs now.
    const coordinator = { token: await t.login('koordinator@lapor.demo') };
    const created = await t.gql(
      `mutation { createHoliday(input: { date: "2028-08-17", kind: LIBUR_NASIONAL, name: "Hari Kemerdekaan", legalBasis: "SKB 3 Menteri 2028" }) { __typename } }`,
      {},
      coordinator,
    );
    expect(created.data?.createHoliday.__typename).toBe('HolidayChange');

    const start = await snapshot();
    await restartWith(file);

    expect(await national(2027)).toBe(5);
    const added = await t.db.prisma.holidayHistory.findMany({ where: { action: 'BUNDLED', source: { contains: 'holidays-id-2027.tsv' } } });
    expect(added).toHaveLength(5);
    expect(added.every((h) => h.actorRole === 'SYSTEM' && (h.after as { date: string }).date.startsWith('2027-'))).toBe(true);
    // 2028 keeps exactly what the coordinator entered.
    expect(
      (await t.db.prisma.holiday.findMany({ where: { agencyId: null, date: { gte: at('2028-01-01T00:00:00Z') } } })).map((h) => h.name),
    ).toEqual(['Hari Kemerdekaan']);

    // 1 January 2027 is now a holiday: the follow-up moves to the end of Tue 5 January, with a history row.
    const moved = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: crossing.id } });
    expect(moved.followUpDueAt?.toISOString()).toBe('2027-01-05T17:00:00.000Z');
    expect(moved.followUpWarnAt?.toISOString()).toBe('2027-01-04T17:00:00.000Z');
    const recompute = await t.db.prisma.complaintHistory.findMany({ where: { complaintId: crossing.id, action: 'RECOMPUTE_DEADLINES' } });
    expect(recompute).toHaveLength(1);
    expect(recompute[0]).toMatchObject({ actorRole: 'SYSTEM', actorId: null });
    expect(recompute[0]!.summary).toMatch(/2027.*daftar bawaan.*tindak lanjut 2027-01-04 → 2027-01-05/);
    const untouched = await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: before.id } });
    expect(untouched.followUpDueAt?.toISOString()).toBe(before.followUpDueAt?.toISOString());
    expect(await t.db.prisma.complaintHistory.count({ where: { complaintId: before.id, action: 'RECOMPUTE_DEADLINES' } })).toBe(0);

    const afterFirst = await snapshot();
    expect(afterFirst).toEqual({ holidays: start.holidays + 5, history: start.history + 5, recomputes: start.recomputes + 1 });

    // A second start with the same build: nothing changes.
    await restartWith(file);
    expect(await snapshot()).toEqual(afterFirst);
    expect((await t.db.prisma.complaint.findUniqueOrThrow({ where: { id: crossing.id } })).version).toBe(moved.version);

    // The working calendar other requests use now knows 1 January 2027 (the cache was invalidated).
    const cal = await t.app.services.calendars.forAgency(t.db.prisma, agencyId);
    expect(cal.holidays.has('2027-01-01')).toBe(true);

    const head = { token: await t.login('kepala@disporbudpar.demo') };
    const coverage = await t.gql(`{ holidayCoverage { coveredYears missingYears bundledYears editedYears warning } }`, {}, head);
    expect(coverage.data.holidayCoverage).toEqual({
      coveredYears: [2024, 2025, 2026, 2027, 2028],
      missingYears: [],
      bundledYears: [2024, 2025, 2026, 2027],
      editedYears: [2028],
      warning: null,
    });
  });

  it('a year whose entries the coordinator deleted stays empty: the bundle does not bring them back', async () => {
    const coordinator = { token: await t.login('koordinator@lapor.demo') };
    const list = await t.gql(`{ holidays(year: 2027) { id } }`, {}, coordinator);
    for (const h of list.data.holidays) {
      const r = await t.gql(`mutation($id: ID!) { deleteHoliday(id: $id) { __typename } }`, { id: h.id }, coordinator);
      expect(r.data.deleteHoliday.__typename).toBe('HolidayChange');
    }
    expect(await national(2027)).toBe(0);
    const start = await snapshot();
    await restartWith(file);
    expect(await snapshot()).toEqual(start);
    const coverage = await t.gql(`{ holidayCoverage { bundledYears editedYears } }`, {}, coordinator);
    expect(coverage.data.holidayCoverage).toEqual({ bundledYears: [2024, 2025, 2026, 2027], editedYears: [2027, 2028] });
  });
});
