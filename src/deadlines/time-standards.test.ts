import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/calendar.js';
import { loadBundledHolidays } from '../calendar/holidays.js';
import { SOP_TIME_STANDARDS } from './reference-data.js';
import { measureSteps, median, summarise, type HistoryRow } from './time-standards.js';

const WIB = createCalendar({ holidays: loadBundledHolidays().map((h) => h.date) });
const at = (s: string) => new Date(`${s}+07:00`);
const row = (action: HistoryRow['action'], when: string, round = 1): HistoryRow => ({ action, round, at: at(when) });
const STANDARDS = new Map(SOP_TIME_STANDARDS.map((s) => [s.step, { ...s }]));

describe('measureSteps', () => {
  const complaint = { dispatchedAt: at('2026-07-06T08:00:00'), receivedAt: at('2026-07-06T08:15:00') };
  const history = [
    row('RECEIVE', '2026-07-06T08:15:00'),
    row('REGISTER', '2026-07-06T08:40:00'),
    row('DISPOSE', '2026-07-06T10:00:00'),
    row('RECOMPUTE_DEADLINES', '2026-07-06T10:05:00'),
    row('FORMULATE_FOLLOW_UP', '2026-07-06T10:45:00'),
    row('FORMULATE_FOLLOW_UP', '2026-07-06T11:15:00'),
    // Division B reports on Tue, division A on Thu (Fri 17:00 is after office hours: counted to 16:30).
    row('RECORD_FOLLOW_UP_RESULT', '2026-07-07T09:15:00'),
    row('RECORD_FOLLOW_UP_RESULT', '2026-07-09T10:45:00'),
    row('COMPILE_FOLLOW_UP_REPORT', '2026-07-09T11:30:00'),
    row('DELIVER_RESPONSE', '2026-07-10T07:45:00'),
    row('RECORD_FEEDBACK', '2026-07-13T09:00:00'),
  ];
  const divisions = { plans: new Map([[1, ['A', 'B']]]), results: new Map([[1, ['B', 'A']]]) };

  it('measures each step in working minutes, steps 4/5 per division from their own formulation', () => {
    const m = measureSteps(complaint, history, divisions, WIB);
    expect(m.map((x) => [x.step, x.divisionId, x.minutes])).toEqual([
      [1, null, 15],
      [2, null, 25],
      [3, null, 80],
      [4, 'A', 45], // from the disposition; the recompute row is ignored
      [4, 'B', 30],
      [5, 'B', 16 * 60 - 11 * 60 - 15 + 105], // Mon 11:15–16:00 + Tue 07:30–09:15
      [5, 'A', 315 + 510 + 510 + 195], // Mon 10:45–16:00, Tue, Wed, Thu 07:30–10:45
      [6, null, 45],
      [7, null, 16 * 60 - 11 * 60 - 30 + 15], // Thu 11:30–16:00 + Fri 07:30–07:45
    ]);
  });

  it('summarises within/over the standard and the median, per step or per division', () => {
    const m = measureSteps(complaint, history, divisions, WIB);
    const all = summarise(m, STANDARDS, false);
    expect(all.find((s) => s.step === 3)).toMatchObject({ count: 1, withinStandard: 0, overStandard: 1, medianMinutes: 80 });
    expect(all.find((s) => s.step === 4)).toMatchObject({ count: 2, withinStandard: 2, overStandard: 0, medianMinutes: 37.5 });
    const byDivision = summarise(m, STANDARDS, true).filter((s) => s.step === 5);
    expect(byDivision.map((s) => [s.divisionId, s.overStandard])).toEqual([
      ['A', 0],
      ['B', 0],
    ]);
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });

  it('counts steps done under an extended deadline separately; tunda and extension rows end no interval', () => {
    const extendedHistory = [
      ...history.slice(0, 3),
      row('EXTEND_FOLLOW_UP', '2026-07-06T10:20:00'),
      row('PAUSE', '2026-07-06T10:30:00'),
      ...history.slice(3),
    ];
    const m = measureSteps(complaint, extendedHistory, divisions, WIB);
    // Same minutes as without the rows: step 4 (A) still measured from the disposition.
    expect(m.map((x) => x.minutes)).toEqual(measureSteps(complaint, history, divisions, WIB).map((x) => x.minutes));
    expect(m.map((x) => [x.step, x.extended])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [4, true],
      [5, true],
      [5, true],
      [6, true],
      [7, true],
    ]);
    const all = summarise(m, STANDARDS, false);
    expect(all.find((s) => s.step === 3)).toMatchObject({ count: 1, withinStandard: 0, overStandard: 1, extended: 0 });
    expect(all.find((s) => s.step === 4)).toMatchObject({ count: 2, withinStandard: 0, overStandard: 0, extended: 2 });
  });
});
