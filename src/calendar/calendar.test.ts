import { describe, expect, it } from 'vitest';
import {
  CalendarConfigError,
  DEFAULT_OFFICE_HOURS,
  DEFAULT_TIME_ZONE,
  addCalendarDays,
  addCalendarDuration,
  addWorkingDays,
  createCalendar,
  isValidIsoDate,
  isWorkingDay,
  localDate,
  nextWorkingDay,
  startOfLocalDay,
  workingDaysBetween,
  workingTimeBetween,
  type OfficeHours,
  type WorkingCalendar,
} from './calendar.js';
import { loadBundledHolidays } from './holidays.js';

const HOLIDAYS = loadBundledHolidays().map((h) => h.date);
const WIB = createCalendar({ holidays: HOLIDAYS }); // Asia/Jakarta is the default
const WITA = createCalendar({ timeZone: 'Asia/Makassar', holidays: HOLIDAYS });
const WIT = createCalendar({ timeZone: 'Asia/Jayapura', holidays: HOLIDAYS });
const NO_HOLIDAYS = createCalendar({});

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (iso: string) => new Date(iso);
/** The instant a local date ends (= local midnight starting the next day). */
const endOf = (date: string, timeZone = 'Asia/Jakarta') => startOfLocalDay(addCalendarDays(date, 1), timeZone);
const minus1ms = (d: Date) => new Date(d.getTime() - 1);

describe('plain dates', () => {
  it('isValidIsoDate accepts real dates only, in strict YYYY-MM-DD form', () => {
    for (const ok of ['2024-02-29', '2026-01-01', '2026-12-31', '2025-08-18']) expect(isValidIsoDate(ok), ok).toBe(true);
    for (const bad of [
      '2025-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-01',
      '2026-01-01T00:00',
      ' 2026-01-01',
      '2026/01/01',
      '',
      20260101,
      null,
      undefined,
    ]) {
      expect(isValidIsoDate(bad), String(bad)).toBe(false);
    }
  });

  it('addCalendarDays rolls months, leap days and years', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2026-03-02', 0)).toBe('2026-03-02');
    expect(addCalendarDays('2026-03-02', 60)).toBe('2026-05-01');
  });

  it('addCalendarDays rejects bad input', () => {
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-03-02', 1.5)).toThrow(RangeError);
    expect(() => addCalendarDays('2026-03-02', Number.NaN)).toThrow(RangeError);
  });
});

describe('time zones', () => {
  it('localDate gives the date in the agency zone', () => {
    // Thursday 23:30 WIB is already Friday 00:30 WITA and 01:30 WIT.
    const t = at('2026-03-05T16:30:00Z');
    expect(localDate(t, 'Asia/Jakarta')).toBe('2026-03-05');
    expect(localDate(t, 'Asia/Makassar')).toBe('2026-03-06');
    expect(localDate(t, 'Asia/Jayapura')).toBe('2026-03-06');
    expect(localDate(at('2026-03-05T16:59:59.999Z'), 'Asia/Jakarta')).toBe('2026-03-05');
    expect(localDate(at('2026-03-05T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-03-06');
  });

  it('localDate rejects an invalid Date', () => {
    expect(() => localDate(new Date('nope'), 'Asia/Jakarta')).toThrow(RangeError);
  });

  it('startOfLocalDay is local midnight: WIB +7, WITA +8, WIT +9', () => {
    expect(startOfLocalDay('2026-03-20', 'Asia/Jakarta').toISOString()).toBe('2026-03-19T17:00:00.000Z');
    expect(startOfLocalDay('2026-03-20', 'Asia/Makassar').toISOString()).toBe('2026-03-19T16:00:00.000Z');
    expect(startOfLocalDay('2026-03-20', 'Asia/Jayapura').toISOString()).toBe('2026-03-19T15:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(() => startOfLocalDay('2026-02-30', 'Asia/Jakarta')).toThrow(RangeError);
  });

  it('startOfLocalDay works in DST zones too', () => {
    expect(startOfLocalDay('2026-07-01', 'Europe/London').toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(startOfLocalDay('2024-03-31', 'Europe/London').toISOString()).toBe('2024-03-31T00:00:00.000Z');
    // Chile skips 00:00–01:00 on 2024-09-08: the day starts at the jump (01:00 -03).
    const santiago = startOfLocalDay('2024-09-08', 'America/Santiago');
    expect(santiago.toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(localDate(minus1ms(santiago), 'America/Santiago')).toBe('2024-09-07');
    // Cuba repeats 00:00–01:00 on 2024-11-03: the day starts at the first midnight.
    const havana = startOfLocalDay('2024-11-03', 'America/Havana');
    expect(havana.toISOString()).toBe('2024-11-03T04:00:00.000Z');
    expect(localDate(minus1ms(havana), 'America/Havana')).toBe('2024-11-02');
    // Same east of UTC: Jordan went from 01:00 +03 back to 00:00 +02 on 2021-10-29.
    const amman = startOfLocalDay('2021-10-29', 'Asia/Amman');
    expect(amman.toISOString()).toBe('2021-10-28T21:00:00.000Z');
    expect(localDate(minus1ms(amman), 'Asia/Amman')).toBe('2021-10-28');
  });
});

describe('createCalendar', () => {
  it('defaults to Asia/Jakarta, the SOP office hours and no holidays', () => {
    expect(NO_HOLIDAYS.timeZone).toBe(DEFAULT_TIME_ZONE);
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Jakarta');
    expect(NO_HOLIDAYS.officeHours).toEqual(DEFAULT_OFFICE_HOURS);
    expect(NO_HOLIDAYS.holidays.size).toBe(0);
    expect(DEFAULT_OFFICE_HOURS).toEqual({
      0: null,
      1: { start: '07:30', end: '16:00' },
      2: { start: '07:30', end: '16:00' },
      3: { start: '07:30', end: '16:00' },
      4: { start: '07:30', end: '16:00' },
      5: { start: '07:30', end: '16:30' },
      6: null,
    });
  });

  it('canonicalises the zone name and accepts any iterable of holidays', () => {
    function* dates() {
      yield '2026-03-20';
      yield '2026-03-20';
      yield '2026-03-23';
    }
    const cal = createCalendar({ timeZone: 'asia/makassar', holidays: dates() });
    expect(cal.timeZone).toBe('Asia/Makassar');
    expect([...cal.holidays]).toEqual(['2026-03-20', '2026-03-23']);
  });

  it('copies its inputs, so later edits by the caller do not leak in', () => {
    const hours: OfficeHours = { ...DEFAULT_OFFICE_HOURS, 1: { start: '08:00', end: '15:00' } };
    const holidays = ['2026-03-20'];
    const cal = createCalendar({ officeHours: hours, holidays });
    hours[1] = null;
    holidays.push('2026-03-25');
    expect(cal.officeHours[1]).toEqual({ start: '08:00', end: '15:00' });
    expect(cal.holidays.has('2026-03-25')).toBe(false);
  });

  it('accepts 00:00–24:00 and Saturday office hours', () => {
    const cal = createCalendar({ officeHours: { ...DEFAULT_OFFICE_HOURS, 6: { start: '00:00', end: '24:00' } } });
    expect(isWorkingDay('2026-03-07', cal)).toBe(true); // a Saturday
    expect(workingTimeBetween(at('2026-03-06T17:00:00Z'), at('2026-03-08T17:00:00Z'), cal)).toBe(24 * HOUR);
  });

  const withDay = (day: 0 | 1 | 2 | 3 | 4 | 5 | 6, h: { start: string; end: string } | null | undefined) =>
    ({ ...DEFAULT_OFFICE_HOURS, [day]: h }) as OfficeHours;

  it.each([
    ['unknown time zone', { timeZone: 'Mars/Olympus' }, /time zone "Mars\/Olympus"/],
    ['time zone abbreviation', { timeZone: 'WIB' }, /time zone "WIB"/],
    ['hour 25', { officeHours: withDay(1, { start: '07:30', end: '25:00' }) }, /"25:00"/],
    ['minute 60', { officeHours: withDay(2, { start: '07:60', end: '16:00' }) }, /"07:60"/],
    ['single-digit hour', { officeHours: withDay(3, { start: '7:30', end: '16:00' }) }, /"7:30"/],
    ['start 24:00', { officeHours: withDay(3, { start: '24:00', end: '24:00' }) }, /"24:00"/],
    ['start after end', { officeHours: withDay(4, { start: '16:00', end: '07:30' }) }, /start 16:00 must be before end 07:30/],
    ['start equal to end', { officeHours: withDay(5, { start: '08:00', end: '08:00' }) }, /must be before/],
    ['missing weekday', { officeHours: withDay(0, undefined) }, /missing weekday 0/],
    ['no working weekday', { officeHours: { 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null } }, /no working weekday/],
    ['impossible holiday date', { holidays: ['2026-02-30'] }, /"2026-02-30"/],
    ['holiday not in ISO form', { holidays: ['20/03/2026'] }, /"20\/03\/2026"/],
  ])('rejects %s with CalendarConfigError', (_label, opts, message) => {
    expect(() => createCalendar(opts as Parameters<typeof createCalendar>[0])).toThrow(CalendarConfigError);
    expect(() => createCalendar(opts as Parameters<typeof createCalendar>[0])).toThrow(message);
  });
});

describe('isWorkingDay / nextWorkingDay', () => {
  it('Monday–Friday are working days, weekends are not', () => {
    const week = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08'];
    expect(week.map((d) => isWorkingDay(d, WIB))).toEqual([true, true, true, true, true, false, false]);
  });

  it('libur nasional and cuti bersama from the bundled list are not working days', () => {
    // Nyepi + Idul Fitri 1447 H: Wed 2026-03-18 .. Tue 2026-03-24 are all off.
    for (let d = '2026-03-18'; d <= '2026-03-24'; d = addCalendarDays(d, 1)) expect(isWorkingDay(d, WIB), d).toBe(false);
    expect(isWorkingDay('2026-03-17', WIB)).toBe(true);
    expect(isWorkingDay('2026-03-25', WIB)).toBe(true);
    expect(isWorkingDay('2025-08-18', WIB)).toBe(false); // the 2025 revision
    expect(isWorkingDay('2025-08-18', NO_HOLIDAYS)).toBe(true); // a plain Monday without it
    expect(isWorkingDay('2026-12-24', WIB)).toBe(false);
    expect(isWorkingDay('2026-01-01', WIB)).toBe(false);
  });

  it('nextWorkingDay is strictly after the given date and skips weekends and holidays', () => {
    expect(nextWorkingDay('2026-03-02', WIB)).toBe('2026-03-03');
    expect(nextWorkingDay('2026-03-06', WIB)).toBe('2026-03-09');
    expect(nextWorkingDay('2026-03-07', WIB)).toBe('2026-03-09');
    expect(nextWorkingDay('2026-03-17', WIB)).toBe('2026-03-25');
    expect(nextWorkingDay('2025-08-15', WIB)).toBe('2025-08-19');
    expect(nextWorkingDay('2025-12-24', WIB)).toBe('2025-12-29');
    expect(nextWorkingDay('2025-12-31', WIB)).toBe('2026-01-02');
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2026-02-30', WIB)).toThrow(RangeError);
    expect(() => nextWorkingDay('2026-3-2', WIB)).toThrow(RangeError);
  });

  it('a hand-built calendar with no working day fails instead of looping forever', () => {
    const broken: WorkingCalendar = {
      timeZone: 'Asia/Jakarta',
      officeHours: { 0: null, 1: null, 2: null, 3: null, 4: null, 5: null, 6: null },
      holidays: new Set(),
    };
    expect(() => nextWorkingDay('2026-03-02', broken)).toThrow(CalendarConfigError);
  });
});

describe('addWorkingDays', () => {
  it('a report received Monday 10:00 WIB is due at the end of the next Monday', () => {
    const due = addWorkingDays(at('2026-03-02T10:00:00+07:00'), 5, WIB);
    expect(due).toEqual(endOf('2026-03-09'));
    expect(due.toISOString()).toBe('2026-03-09T17:00:00.000Z'); // = Tue 2026-03-10 00:00 WIB
  });

  it('counts by date: the time of day (before, during or after office hours) does not matter', () => {
    for (const time of ['00:00:00', '07:00:00', '10:00:00', '16:30:00', '23:59:59.999']) {
      expect(addWorkingDays(at(`2026-03-02T${time}+07:00`), 5, WIB), time).toEqual(endOf('2026-03-09'));
    }
  });

  it('n = 0 is the end of the event day, even on a weekend or holiday', () => {
    expect(addWorkingDays(at('2026-03-02T10:00:00+07:00'), 0, WIB)).toEqual(endOf('2026-03-02'));
    expect(addWorkingDays(at('2026-03-07T10:00:00+07:00'), 0, WIB)).toEqual(endOf('2026-03-07'));
    expect(addWorkingDays(at('2026-03-20T10:00:00+07:00'), 0, WIB)).toEqual(endOf('2026-03-20'));
  });

  it('skips weekends: Friday + 1 is Monday; a weekend report counts from Monday', () => {
    expect(addWorkingDays(at('2026-03-06T10:00:00+07:00'), 1, WIB)).toEqual(endOf('2026-03-09'));
    expect(addWorkingDays(at('2026-03-07T10:00:00+07:00'), 5, WIB)).toEqual(endOf('2026-03-13'));
    expect(addWorkingDays(at('2026-03-08T10:00:00+07:00'), 5, WIB)).toEqual(endOf('2026-03-13'));
  });

  it('Idul Fitri 2026: a report received 2026-03-18 is due after the holiday block', () => {
    // Off: Wed 18 (cuti Nyepi), Thu 19 (Nyepi), Fri 20 (cuti), Sat 21 + Sun 22 (Idul Fitri), Mon 23 + Tue 24 (cuti).
    // Counted: Wed 25, Thu 26, Fri 27, Mon 30, Tue 31.
    expect(addWorkingDays(at('2026-03-18T10:00:00+07:00'), 5, WIB)).toEqual(endOf('2026-03-31'));
    expect(addWorkingDays(at('2026-03-17T15:00:00+07:00'), 5, WIB)).toEqual(endOf('2026-03-31'));
    expect(addWorkingDays(at('2026-03-16T10:00:00+07:00'), 5, WIB)).toEqual(endOf('2026-03-30'));
    // Without the holiday list the same report would be due a week earlier.
    expect(addWorkingDays(at('2026-03-18T10:00:00+07:00'), 5, NO_HOLIDAYS)).toEqual(endOf('2026-03-25'));
  });

  it('10-working-day auto close after a follow-up posted 2026-03-16 also skips Good Friday', () => {
    // Tue 17, Wed 25, Thu 26, Fri 27, Mon 30, Tue 31, Wed 1, Thu 2, (Fri 3 Apr off), Mon 6, Tue 7.
    expect(addWorkingDays(at('2026-03-16T14:00:00+07:00'), 10, WIB)).toEqual(endOf('2026-04-07'));
  });

  it('2025 revision: cuti bersama on Mon 2025-08-18 pushes a Friday report back by one working day', () => {
    const friday = at('2025-08-15T10:00:00+07:00');
    expect(addWorkingDays(friday, 5, WIB)).toEqual(endOf('2025-08-25')); // Tue 19 .. Mon 25
    const beforeRevision = createCalendar({ holidays: HOLIDAYS.filter((d) => d !== '2025-08-18') });
    expect(addWorkingDays(friday, 5, beforeRevision)).toEqual(endOf('2025-08-22'));
  });

  it('year end: Christmas, cuti bersama and New Year across 2025→2026', () => {
    // Thu 25 + Fri 26 off; Mon 29, Tue 30, Wed 31, (Thu 1 Jan off), Fri 2, Mon 5.
    const dec24 = at('2025-12-24T09:00:00+07:00');
    expect(addWorkingDays(dec24, 5, WIB)).toEqual(endOf('2026-01-05'));
    expect(addWorkingDays(dec24, 10, WIB)).toEqual(endOf('2026-01-12'));
  });

  it('year end 2026→2027: the bundled list stops at 2026, so 2027 holidays must be added', () => {
    expect(HOLIDAYS.some((d) => d.startsWith('2027'))).toBe(false);
    // Dec 24 (cuti) + 25 off; Mon 28, Tue 29, Wed 30, Thu 31, then Fri 2027-01-01 ...
    const dec23 = at('2026-12-23T09:00:00+07:00');
    expect(addWorkingDays(dec23, 5, WIB)).toEqual(endOf('2027-01-01'));
    expect(addWorkingDays(at('2026-12-31T09:00:00+07:00'), 1, WIB)).toEqual(endOf('2027-01-01'));
    // ... unless the 2027 decree is loaded.
    const with2027 = createCalendar({ holidays: [...HOLIDAYS, '2027-01-01'] });
    expect(addWorkingDays(dec23, 5, with2027)).toEqual(endOf('2027-01-04'));
    expect(addWorkingDays(at('2026-12-31T09:00:00+07:00'), 1, with2027)).toEqual(endOf('2027-01-04'));
  });

  it('uses the agency zone: Thursday 23:30 WIB is Friday in WITA and WIT', () => {
    const t = at('2026-03-05T23:30:00+07:00');
    // WIB counts from Thu 5th: Fri 6, Mon 9 .. Thu 12.
    expect(addWorkingDays(t, 5, WIB).toISOString()).toBe('2026-03-12T17:00:00.000Z');
    // WITA/WIT count from Fri 6th: Mon 9 .. Fri 13, ending at their own midnight.
    expect(addWorkingDays(t, 5, WITA).toISOString()).toBe('2026-03-13T16:00:00.000Z');
    expect(addWorkingDays(t, 5, WIT).toISOString()).toBe('2026-03-13T15:00:00.000Z');
  });

  it('rejects a negative or fractional n and an invalid Date', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => addWorkingDays(t, n, WIB), String(n)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(Number.NaN), 1, WIB)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working dates after the start date up to and including the end date', () => {
    const mon = at('2026-03-02T10:00:00+07:00');
    expect(workingDaysBetween(mon, at('2026-03-02T15:00:00+07:00'), WIB)).toBe(0);
    expect(workingDaysBetween(mon, at('2026-03-03T00:00:00+07:00'), WIB)).toBe(1);
    expect(workingDaysBetween(mon, at('2026-03-06T23:00:00+07:00'), WIB)).toBe(4);
    expect(workingDaysBetween(mon, at('2026-03-08T23:00:00+07:00'), WIB)).toBe(4); // weekend adds nothing
    expect(workingDaysBetween(mon, at('2026-03-09T08:00:00+07:00'), WIB)).toBe(5);
  });

  it('is 0 when the end is not after the start', () => {
    const t = at('2026-03-05T10:00:00+07:00');
    expect(workingDaysBetween(t, t, WIB)).toBe(0);
    expect(workingDaysBetween(t, at('2026-03-02T10:00:00+07:00'), WIB)).toBe(0);
  });

  it('skips holidays', () => {
    expect(workingDaysBetween(at('2026-03-17T10:00:00+07:00'), at('2026-03-25T10:00:00+07:00'), WIB)).toBe(1);
    expect(workingDaysBetween(at('2026-03-13T10:00:00+07:00'), at('2026-03-31T10:00:00+07:00'), WIB)).toBe(7);
    expect(workingDaysBetween(at('2025-08-15T10:00:00+07:00'), at('2025-08-22T10:00:00+07:00'), WIB)).toBe(4);
  });

  it('2026 has 240 working days (261 weekdays minus 21 weekday holidays and cuti bersama)', () => {
    expect(workingDaysBetween(at('2025-12-31T12:00:00+07:00'), at('2026-12-31T12:00:00+07:00'), WIB)).toBe(240);
  });

  it('depends on the agency zone', () => {
    const a = at('2026-03-05T23:30:00+07:00'); // Thu in WIB, Fri 00:30 in WITA
    const b = at('2026-03-09T09:00:00+07:00'); // Mon in both
    expect(workingDaysBetween(a, b, WIB)).toBe(2); // Fri, Mon
    expect(workingDaysBetween(a, b, WITA)).toBe(1); // Mon
  });

  it('round-trips with addWorkingDays at the deadline boundary', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    const due = addWorkingDays(t, 5, WIB);
    expect(workingDaysBetween(t, minus1ms(due), WIB)).toBe(5); // still within the deadline
    expect(workingDaysBetween(t, due, WIB)).toBe(6); // Tue 10th has begun: overdue
  });
});

describe('workingTimeBetween', () => {
  it('measures a step against the SOP time standard (10–20 min)', () => {
    expect(workingTimeBetween(at('2026-03-02T09:00:00+07:00'), at('2026-03-02T09:20:00+07:00'), WIB)).toBe(20 * MIN);
    expect(workingTimeBetween(at('2026-03-02T09:00:00+07:00'), at('2026-03-02T09:00:00.001+07:00'), WIB)).toBe(1);
  });

  it('clips to office hours: 8.5 h Mon–Thu, 9 h on Friday, 43 h a week', () => {
    expect(workingTimeBetween(at('2026-03-02T06:00:00+07:00'), at('2026-03-02T18:00:00+07:00'), WIB)).toBe(8.5 * HOUR);
    expect(workingTimeBetween(at('2026-03-06T06:00:00+07:00'), at('2026-03-06T18:00:00+07:00'), WIB)).toBe(9 * HOUR);
    expect(workingTimeBetween(at('2026-03-02T00:00:00+07:00'), at('2026-03-09T00:00:00+07:00'), WIB)).toBe(43 * HOUR);
  });

  it('is 0 when the end is not after the start', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    expect(workingTimeBetween(t, t, WIB)).toBe(0);
    expect(workingTimeBetween(t, at('2026-03-02T09:00:00+07:00'), WIB)).toBe(0);
  });

  it('a report on Friday 16:55 WIB: nothing counts until Monday 07:30 WIB', () => {
    const fri = at('2026-03-06T16:55:00+07:00');
    expect(localDate(fri, 'Asia/Jakarta')).toBe('2026-03-06');
    expect(workingTimeBetween(fri, at('2026-03-06T23:59:00+07:00'), WIB)).toBe(0);
    expect(workingTimeBetween(fri, at('2026-03-07T10:00:00+07:00'), WIB)).toBe(0);
    expect(workingTimeBetween(fri, at('2026-03-09T07:30:00+07:00'), WIB)).toBe(0);
    expect(workingTimeBetween(fri, at('2026-03-09T08:00:00+07:00'), WIB)).toBe(30 * MIN);
  });

  it('the same instant for a WITA agency is 17:55 local, and its Monday starts at 07:30 WITA', () => {
    const fri = at('2026-03-06T16:55:00+07:00');
    expect(localDate(fri, 'Asia/Makassar')).toBe('2026-03-06');
    expect(workingTimeBetween(fri, at('2026-03-09T07:30:00+08:00'), WITA)).toBe(0);
    // Monday 08:00 WIB is 09:00 WITA: 90 office minutes for WITA, 30 for WIB.
    const monday = at('2026-03-09T08:00:00+07:00');
    expect(workingTimeBetween(fri, monday, WITA)).toBe(90 * MIN);
    expect(workingTimeBetween(fri, monday, WIB)).toBe(30 * MIN);
  });

  it('08:00 WITA is 07:00 WIB: inside WITA office hours, before WIB ones', () => {
    const start = at('2026-03-09T08:00:00+08:00');
    const end = at('2026-03-09T09:00:00+08:00');
    expect(workingTimeBetween(start, end, WITA)).toBe(60 * MIN);
    expect(workingTimeBetween(start, end, WIB)).toBe(30 * MIN); // 07:30–08:00 WIB
    expect(workingTimeBetween(start, end, WIT)).toBe(60 * MIN); // 09:00–10:00 WIT
  });

  it('spans a weekend and a holiday', () => {
    // Fri 2025-08-15 16:00–16:30, Sat/Sun, Mon 18 (cuti bersama), Tue 19 07:30–08:00.
    expect(workingTimeBetween(at('2025-08-15T16:00:00+07:00'), at('2025-08-19T08:00:00+07:00'), WIB)).toBe(60 * MIN);
    expect(workingTimeBetween(at('2025-08-15T16:00:00+07:00'), at('2025-08-19T08:00:00+07:00'), NO_HOLIDAYS)).toBe(60 * MIN + 8.5 * HOUR);
    // Tue 2026-03-17 15:00–16:00, the Nyepi/Idul Fitri block, Wed 25 07:30–09:00.
    expect(workingTimeBetween(at('2026-03-17T15:00:00+07:00'), at('2026-03-25T09:00:00+07:00'), WIB)).toBe(2.5 * HOUR);
    expect(workingTimeBetween(at('2026-03-18T00:00:00+07:00'), at('2026-03-25T00:00:00+07:00'), WIB)).toBe(0);
  });

  it('crosses the year end', () => {
    // Wed 2025-12-31 15:00–16:00, Thu 1 Jan off, Fri 2 Jan 07:30–08:30.
    expect(workingTimeBetween(at('2025-12-31T15:00:00+07:00'), at('2026-01-02T08:30:00+07:00'), WIB)).toBe(2 * HOUR);
  });
});

describe('addCalendarDuration', () => {
  it('CALENDAR_DAYS ends the n-th calendar day after the event date (60-day Ombudsman rule)', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    expect(addCalendarDuration(t, 60, 'CALENDAR_DAYS', WIB)).toEqual(endOf('2026-05-01'));
    expect(addCalendarDuration(t, 0, 'CALENDAR_DAYS', WIB)).toEqual(endOf('2026-03-02'));
    // Holidays and weekends do not matter for calendar days; the zone does.
    expect(addCalendarDuration(at('2026-03-18T23:30:00+07:00'), 5, 'CALENDAR_DAYS', WIB)).toEqual(endOf('2026-03-23'));
    expect(addCalendarDuration(at('2026-03-18T23:30:00+07:00'), 5, 'CALENDAR_DAYS', WITA)).toEqual(endOf('2026-03-24', 'Asia/Makassar'));
  });

  it('WORKING_DAYS is addWorkingDays', () => {
    const t = at('2026-03-18T10:00:00+07:00');
    expect(addCalendarDuration(t, 5, 'WORKING_DAYS', WIB)).toEqual(addWorkingDays(t, 5, WIB));
    expect(addCalendarDuration(t, 10, 'WORKING_DAYS', WITA)).toEqual(addWorkingDays(t, 10, WITA));
  });

  it('rejects a bad amount or unit', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    expect(() => addCalendarDuration(t, -1, 'CALENDAR_DAYS', WIB)).toThrow(RangeError);
    expect(() => addCalendarDuration(t, 2.5, 'WORKING_DAYS', WIB)).toThrow(RangeError);
    expect(() => addCalendarDuration(t, 1, 'HOURS' as 'CALENDAR_DAYS', WIB)).toThrow(RangeError);
  });
});

describe('properties (seeded random)', () => {
  // mulberry32: a tiny deterministic PRNG, so a failure can be replayed.
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }
  const FROM = Date.parse('2024-01-01T00:00:00Z');
  const TO = Date.parse('2026-12-01T00:00:00Z');
  const calendars: WorkingCalendar[] = [
    WIB,
    WITA,
    WIT,
    // DST zones, to check that "any IANA zone works" (midnight skipped in Santiago, repeated in Havana).
    createCalendar({ timeZone: 'America/Santiago', holidays: HOLIDAYS }),
    createCalendar({ timeZone: 'America/Havana' }),
    createCalendar({ timeZone: 'Europe/London' }),
  ];

  it.each(calendars.map((c) => [c.timeZone, c] as const))('addWorkingDays and workingDaysBetween agree in %s', (_tz, cal) => {
    const random = rng(20260318);
    for (let i = 0; i < 300; i++) {
      const t = new Date(FROM + Math.floor(random() * (TO - FROM)));
      for (let n = 0; n <= 15; n++) {
        const due = addWorkingDays(t, n, cal);
        const lastMs = minus1ms(due);
        const ctx = `${t.toISOString()} n=${n}`;
        expect(workingDaysBetween(t, lastMs, cal), ctx).toBe(n);
        expect(due.getTime(), ctx).toBeGreaterThan(t.getTime());
        // The deadline is exactly a local midnight.
        expect(startOfLocalDay(localDate(due, cal.timeZone), cal.timeZone), ctx).toEqual(due);
        const lastDate = localDate(lastMs, cal.timeZone);
        if (n > 0) expect(isWorkingDay(lastDate, cal), ctx).toBe(true);
        else expect(lastDate, ctx).toBe(localDate(t, cal.timeZone));
      }
    }
  });

  it.each(calendars.map((c) => [c.timeZone, c] as const))('workingTimeBetween is additive and bounded in %s', (_tz, cal) => {
    const random = rng(1708);
    for (let i = 0; i < 300; i++) {
      // Spans of up to ~3 weeks each, so weekends and holiday blocks are crossed often.
      const a = FROM + Math.floor(random() * (TO - FROM));
      const b = a + Math.floor(random() * 20 * 86_400_000);
      const c = b + Math.floor(random() * 20 * 86_400_000);
      const ab = workingTimeBetween(new Date(a), new Date(b), cal);
      const bc = workingTimeBetween(new Date(b), new Date(c), cal);
      expect(workingTimeBetween(new Date(a), new Date(c), cal)).toBe(ab + bc);
      expect(ab).toBeGreaterThanOrEqual(0);
      expect(ab).toBeLessThanOrEqual(b - a);
    }
  });
});

describe('performance', () => {
  it('reuses cached Intl formatters instead of creating one per call', () => {
    const t = at('2026-03-02T10:00:00+07:00');
    addWorkingDays(t, 5, WITA); // warm
    // Count constructions through a transparent proxy (vi.spyOn breaks `new` on this native).
    const Original = Intl.DateTimeFormat;
    let created = 0;
    Intl.DateTimeFormat = new Proxy(Original, {
      construct(target, args: ConstructorParameters<typeof Original>) {
        created++;
        return new target(...args);
      },
    });
    try {
      for (let i = 0; i < 200; i++) {
        addWorkingDays(new Date(t.getTime() + i * HOUR), 10, WITA);
        workingDaysBetween(t, new Date(t.getTime() + i * HOUR), WITA);
        workingTimeBetween(t, new Date(t.getTime() + i * HOUR), WITA);
        localDate(t, 'Asia/Makassar');
      }
      expect(created).toBe(0);
      // Sanity check that the proxy does see constructions: a zone not seen before.
      expect(createCalendar({ timeZone: 'Asia/Pontianak' }).timeZone).toBe('Asia/Pontianak');
      expect(created).toBeGreaterThan(0);
    } finally {
      Intl.DateTimeFormat = Original;
    }
  });
});
