import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar } from '../calendar/calendar.js';
import { loadBundledHolidays } from '../calendar/holidays.js';
import {
  autoCloseDue,
  changedColumns,
  followUpDue,
  followUpLength,
  ombudsmanDue,
  pausedWorkingDaysBetween,
  planDeadlines,
  remainingCalendarDays,
  remainingWorkingDays,
  warningInstant,
  type DeadlineConfig,
  type DeadlineFacts,
} from './compute.js';

const HOLIDAYS = loadBundledHolidays().map((h) => h.date);
const WIB = createCalendar({ holidays: HOLIDAYS });
const WITA = createCalendar({ timeZone: 'Asia/Makassar', holidays: HOLIDAYS });
const CFG: DeadlineConfig = {
  followUpWorkingDays: 5,
  autoCloseWorkingDays: 10,
  ombudsmanLength: 60,
  ombudsmanUnit: 'CALENDAR_DAYS',
  deadlineWarningWorkingDays: 1,
};
const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('follow-up due (5 working days after receipt)', () => {
  it('Idul Fitri 2026: a report of Tue 17 March is due at the end of Tue 31 March (18–24 March are off)', () => {
    const due = followUpDue(at('2026-03-17T10:00:00+07:00'), WIB, CFG);
    expect(due.toISOString()).toBe('2026-03-31T17:00:00.000Z'); // 1 April 00:00 WIB
    // The warning is one working day earlier: the start of Tue 31 March.
    expect(warningInstant(due, WIB, CFG).toISOString()).toBe('2026-03-30T17:00:00.000Z');
  });

  it('2025 revision: cuti bersama Mon 18 August moves a Friday 15 August report to the end of Mon 25 August', () => {
    expect(followUpDue(at('2025-08-15T09:00:00+07:00'), WIB, CFG).toISOString()).toBe('2025-08-25T17:00:00.000Z');
    // Without the revision it would have been Friday 22 August.
    const withoutRevision = createCalendar({ holidays: HOLIDAYS.filter((d) => d !== '2025-08-18') });
    expect(followUpDue(at('2025-08-15T09:00:00+07:00'), withoutRevision, CFG).toISOString()).toBe('2025-08-22T17:00:00.000Z');
  });

  it('weekends: a report on Saturday counts from Monday; the warning skips back over the weekend', () => {
    const due = followUpDue(at('2026-05-09T11:00:00+07:00'), WIB, CFG); // Saturday
    // Mon 11, Tue 12, Wed 13, (Ascension 14, cuti bersama 15, weekend) Mon 18, Tue 19.
    expect(due.toISOString()).toBe('2026-05-19T17:00:00.000Z');
    const monday = followUpDue(at('2026-06-05T10:00:00+07:00'), WIB, CFG); // Fri 5 June → Fri 12 June
    expect(monday.toISOString()).toBe('2026-06-12T17:00:00.000Z');
    // Due at the end of a Monday: the last working day is that Monday, warning at its start.
    const dueMonday = followUpDue(at('2026-06-01T10:00:00+07:00'), WIB, CFG); // Mon 1 June (Pancasila) → Mon 8 June
    expect(warningInstant(dueMonday, WIB, CFG).toISOString()).toBe(new Date(dueMonday.getTime() - 86_400_000).toISOString());
  });

  it('year end: a report of Wed 24 Dec 2025 skips Christmas, cuti bersama, New Year and the weekends', () => {
    // 25 (LN), 26 (CB), 27–28 weekend, 29, 30, 31 Dec, 1 Jan (LN), 2 Jan, 5 Jan.
    expect(followUpDue(at('2025-12-24T14:00:00+07:00'), WIB, CFG).toISOString()).toBe('2026-01-05T17:00:00.000Z');
  });

  it('Friday 16:55 WIB versus the same instant in WITA, and 08:00 WITA the same Friday', () => {
    const friday1655Wib = at('2026-03-06T16:55:00+07:00');
    // WIB and WITA both see Friday 6 March: due at the end of Fri 13 March, each at its own midnight.
    expect(followUpDue(friday1655Wib, WIB, CFG).toISOString()).toBe('2026-03-13T17:00:00.000Z');
    expect(followUpDue(friday1655Wib, WITA, CFG).toISOString()).toBe('2026-03-13T16:00:00.000Z');
    const friday0800Wita = at('2026-03-06T08:00:00+08:00');
    expect(followUpDue(friday0800Wita, WITA, CFG).getTime()).toBe(followUpDue(friday1655Wib, WITA, CFG).getTime());
    // But 23:30 WIB on Friday is already Saturday in WITA: WITA counts from Monday.
    expect(followUpDue(at('2026-03-06T23:30:00+07:00'), WIB, CFG).toISOString()).toBe('2026-03-13T17:00:00.000Z');
    expect(followUpDue(at('2026-03-06T23:30:00+07:00'), WITA, CFG).toISOString()).toBe('2026-03-13T16:00:00.000Z');
    expect(followUpDue(at('2026-03-07T00:30:00+08:00'), WITA, CFG).toISOString()).toBe('2026-03-13T16:00:00.000Z');
  });
});

describe('auto-close and Ombudsman', () => {
  it('auto-close is 10 working days after the response; Good Friday 2026 is skipped', () => {
    expect(autoCloseDue(at('2026-03-25T09:00:00+07:00'), WIB, CFG).toISOString()).toBe('2026-04-09T17:00:00.000Z');
  });

  it('Ombudsman is 60 calendar days by date (holidays count), or working days when configured', () => {
    const r = at('2026-03-17T10:00:00+07:00');
    expect(ombudsmanDue(r, WIB, CFG).toISOString()).toBe('2026-05-16T17:00:00.000Z'); // end of Sat 16 May
    expect(ombudsmanDue(r, WIB, { ...CFG, ombudsmanLength: 5, ombudsmanUnit: 'WORKING_DAYS' }).getTime()).toBe(
      followUpDue(r, WIB, CFG).getTime(),
    );
    // Due at the end of Sat 16 May: the last working day before it is Wed 13 May (14–15 are off).
    expect(warningInstant(ombudsmanDue(r, WIB, CFG), WIB, CFG).toISOString()).toBe('2026-05-12T17:00:00.000Z');
  });

  it('a warning of 3 working days counts back over a holiday', () => {
    const due = followUpDue(at('2026-03-17T10:00:00+07:00'), WIB, CFG); // end of 31 March
    // 31, 30, 27 March are the last three working days.
    expect(warningInstant(due, WIB, { deadlineWarningWorkingDays: 3 }).toISOString()).toBe('2026-03-26T17:00:00.000Z');
  });
});

describe('remaining days', () => {
  const due = at('2026-03-31T17:00:00.000Z'); // end of Tue 31 March WIB
  it('counts working days left after today; 0 on the last day; negative once overdue', () => {
    expect(remainingWorkingDays(at('2026-03-17T10:00:00+07:00'), due, WIB)).toBe(5);
    expect(remainingWorkingDays(at('2026-03-30T10:00:00+07:00'), due, WIB)).toBe(1);
    expect(remainingWorkingDays(at('2026-03-31T23:59:59.999+07:00'), due, WIB)).toBe(0);
    expect(remainingWorkingDays(due, due, WIB)).toBe(-1);
    expect(remainingWorkingDays(at('2026-04-02T10:00:00+07:00'), due, WIB)).toBe(-2);
    expect(remainingWorkingDays(at('2026-04-04T10:00:00+07:00'), due, WIB)).toBe(-2); // Good Friday, Saturday
  });

  it('calendar days left for the Ombudsman rule', () => {
    const om = at('2026-05-16T17:00:00.000Z');
    expect(remainingCalendarDays(at('2026-03-17T10:00:00+07:00'), om, 'Asia/Jakarta')).toBe(60);
    expect(remainingCalendarDays(at('2026-05-16T10:00:00+07:00'), om, 'Asia/Jakarta')).toBe(0);
    expect(remainingCalendarDays(om, om, 'Asia/Jakarta')).toBe(-1);
  });
});

describe('planDeadlines: which clocks run', () => {
  const base: DeadlineFacts = {
    status: 'RECEIVED',
    round: 1,
    receivedAt: at('2026-03-17T10:00:00+07:00'),
    firstReceivedAt: at('2026-03-17T10:00:00+07:00'),
    responseDeliveredAt: null,
    autoCloseAt: null,
    autoCloseWarnedAt: null,
  };
  const now = at('2026-03-27T10:00:00+07:00');

  it('before a response: follow-up and Ombudsman run, auto-close does not', () => {
    for (const status of ['RECEIVED', 'REGISTERED', 'DISPOSED', 'IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED', 'REPORT_COMPILED'] as const) {
      const p = planDeadlines({ ...base, status }, WIB, CFG, now);
      expect(iso(p.followUpDueAt), status).toBe('2026-03-31T17:00:00.000Z');
      expect(iso(p.followUpWarnAt)).toBe('2026-03-30T17:00:00.000Z');
      expect(iso(p.ombudsmanDueAt)).toBe('2026-05-16T17:00:00.000Z');
      expect(p.autoCloseAt).toBeNull();
    }
  });

  it('a delivered response stops follow-up and Ombudsman and starts auto-close from responseDeliveredAt (or now)', () => {
    const delivered = at('2026-03-25T09:00:00+07:00');
    const p = planDeadlines({ ...base, status: 'RESPONSE_DELIVERED', responseDeliveredAt: delivered }, WIB, CFG, now);
    expect(p).toMatchObject({ followUpDueAt: null, followUpWarnAt: null, ombudsmanDueAt: null, ombudsmanWarnAt: null });
    expect(iso(p.autoCloseAt)).toBe('2026-04-09T17:00:00.000Z');
    expect(iso(p.autoCloseWarnAt)).toBe('2026-04-08T17:00:00.000Z');
    const noStamp = planDeadlines({ ...base, status: 'RESPONSE_DELIVERED' }, WIB, CFG, now);
    expect(iso(noStamp.autoCloseAt)).toBe(iso(autoCloseDue(now, WIB, CFG)));
  });

  it('feedback (closed, or "not satisfied" round 2) clears auto-close and its warning; clocks do not restart', () => {
    const warned = at('2026-04-08T17:00:00.000Z');
    for (const next of [
      { status: 'CLOSED' as const, round: 1 },
      { status: 'DISPOSED' as const, round: 2 },
    ]) {
      const p = planDeadlines(
        { ...base, ...next, responseDeliveredAt: at('2026-03-25T09:00:00+07:00'), autoCloseWarnedAt: warned },
        WIB,
        CFG,
        now,
      );
      expect(
        Object.values(p).every((v) => v === null),
        next.status,
      ).toBe(true);
    }
  });

  it('returned, archived and closed reports have no running clock', () => {
    for (const status of ['RETURNED', 'ARCHIVED', 'CLOSED'] as const) {
      expect(
        Object.values(planDeadlines({ ...base, status }, WIB, CFG, now)).every((v) => v === null),
        status,
      ).toBe(true);
    }
  });

  it('changedColumns reports only what differs', () => {
    const p = planDeadlines(base, WIB, CFG, now);
    expect(changedColumns(p, p)).toEqual({});
    expect(Object.keys(changedColumns({ ...p, followUpDueAt: null }, p))).toEqual(['followUpDueAt']);
  });
});

describe('planDeadlines after a dispatch: follow-up from this agency’s receipt, Ombudsman from the first receipt in the regency', () => {
  // Received by agency A on Wed 22 April 2026, returned (bukan wewenang), dispatched to agency B on Tue 12 May.
  const firstReceivedAt = at('2026-04-22T10:00:00+07:00');
  const dispatched = at('2026-05-12T10:00:00+07:00');
  const atB: DeadlineFacts = {
    status: 'RECEIVED',
    round: 1,
    receivedAt: dispatched,
    firstReceivedAt,
    responseDeliveredAt: null,
    autoCloseAt: null,
    autoCloseWarnedAt: null,
  };

  it('B’s follow-up: 5 working days from Tue 12 May, skipping Ascension (14 May) and its cuti bersama (15 May): end of Thu 21 May', () => {
    const p = planDeadlines(atB, WIB, CFG, dispatched);
    expect(iso(p.followUpDueAt)).toBe('2026-05-21T17:00:00.000Z');
    expect(iso(p.followUpWarnAt)).toBe('2026-05-20T17:00:00.000Z');
  });

  it('the Ombudsman deadline stays 60 days after 22 April (end of Sun 21 June), not 60 days after the dispatch (11 July)', () => {
    const p = planDeadlines(atB, WIB, CFG, dispatched);
    expect(iso(p.ombudsmanDueAt)).toBe('2026-06-21T17:00:00.000Z');
    expect(iso(p.ombudsmanDueAt)).toBe(iso(ombudsmanDue(firstReceivedAt, WIB, CFG)));
    expect(iso(p.ombudsmanDueAt)).not.toBe(iso(ombudsmanDue(dispatched, WIB, CFG)));
    // Warning: start of the last working day before Sun 21 June (Fri 19 June).
    expect(iso(p.ombudsmanWarnAt)).toBe('2026-06-18T17:00:00.000Z');
  });

  it('the same as A computed it: the bounce between agencies moves only the follow-up clock', () => {
    const atA = planDeadlines({ ...atB, receivedAt: firstReceivedAt }, WIB, CFG, firstReceivedAt);
    const b = planDeadlines(atB, WIB, CFG, dispatched);
    expect(iso(atA.followUpDueAt)).toBe('2026-04-29T17:00:00.000Z');
    expect(iso(b.ombudsmanDueAt)).toBe(iso(atA.ombudsmanDueAt));
    expect(Object.keys(changedColumns(atA, b)).sort()).toEqual(['followUpDueAt', 'followUpWarnAt']);
  });

  it('with OMBUDSMAN_UNIT=WORKING_DAYS the first receipt still counts', () => {
    const cfg = { ...CFG, ombudsmanLength: 14, ombudsmanUnit: 'WORKING_DAYS' as const };
    const p = planDeadlines(atB, WIB, cfg, dispatched);
    expect(iso(p.ombudsmanDueAt)).toBe(iso(followUpDue(firstReceivedAt, WIB, { ...CFG, followUpWorkingDays: 14 })));
  });

  it('the first receipt stops counting like the follow-up does: returned, archived, delivered, later rounds', () => {
    for (const facts of [
      { ...atB, status: 'RETURNED' as const },
      { ...atB, status: 'ARCHIVED' as const },
      { ...atB, status: 'RESPONSE_DELIVERED' as const, responseDeliveredAt: at('2026-05-20T09:00:00+07:00') },
      { ...atB, status: 'DISPOSED' as const, round: 2 },
    ]) {
      const p = planDeadlines(facts, WIB, CFG, dispatched);
      expect(p.ombudsmanDueAt, `${facts.status} ${facts.round}`).toBeNull();
      expect(p.followUpDueAt).toBeNull();
    }
  });
});

describe('class length, tunda and extension (pure)', () => {
  const base: DeadlineFacts = {
    status: 'DISPOSED',
    round: 1,
    receivedAt: at('2026-06-12T10:00:00+07:00'), // Fri; Tue 16 June is 1 Muharam
    firstReceivedAt: at('2026-06-12T10:00:00+07:00'),
    responseDeliveredAt: null,
    autoCloseAt: null,
    autoCloseWarnedAt: null,
  };
  const cfg = { ...CFG, pauseMaxWorkingDays: 10 };
  const now = at('2026-06-15T10:00:00+07:00');

  it('the class length, finished pauses and the extension add up', () => {
    expect(iso(planDeadlines(base, WIB, cfg, now).followUpDueAt)).toBe('2026-06-22T17:00:00.000Z');
    expect(iso(planDeadlines({ ...base, pausedWorkingDays: 3 }, WIB, cfg, now).followUpDueAt)).toBe('2026-06-25T17:00:00.000Z');
    expect(iso(planDeadlines({ ...base, pausedWorkingDays: 3, followUpExtensionDays: 7 }, WIB, cfg, now).followUpDueAt)).toBe(
      '2026-07-06T17:00:00.000Z',
    );
    expect(iso(planDeadlines({ ...base, followUpWorkingDays: 14 }, WIB, cfg, now).followUpDueAt)).toBe(
      iso(addWorkingDays(base.receivedAt, 14, WIB)),
    );
    expect(followUpLength({ followUpWorkingDays: 60, pausedWorkingDays: 2, followUpExtensionDays: 7 }, CFG)).toBe(69);
    expect(followUpLength({}, CFG)).toBe(5);
  });

  it('while paused: no follow-up due or warning, a pause limit; the Ombudsman clock runs on', () => {
    const paused = planDeadlines({ ...base, pausedAt: now }, WIB, cfg, now);
    expect(paused).toMatchObject({ followUpDueAt: null, followUpWarnAt: null });
    expect(iso(paused.pauseLimitAt)).toBe(iso(addWorkingDays(now, 10, WIB)));
    expect(iso(paused.ombudsmanDueAt)).toBe(iso(planDeadlines(base, WIB, cfg, now).ombudsmanDueAt));
    // A paused report that was answered or closed has no running clock to pause.
    expect(planDeadlines({ ...base, pausedAt: now, status: 'CLOSED' }, WIB, cfg, now).pauseLimitAt).toBeNull();
    // Without a maximum configured, no limit.
    expect(planDeadlines({ ...base, pausedAt: now }, WIB, CFG, now).pauseLimitAt).toBeNull();
  });

  it('paused working days: after the pause day up to and including the resume day, holidays excluded', () => {
    expect(pausedWorkingDaysBetween(at('2026-06-15T10:00:00+07:00'), at('2026-06-19T10:00:00+07:00'), WIB)).toBe(3);
    expect(pausedWorkingDaysBetween(at('2026-06-15T10:00:00+07:00'), at('2026-06-15T15:00:00+07:00'), WIB)).toBe(0);
    expect(pausedWorkingDaysBetween(at('2026-06-19T10:00:00+07:00'), at('2026-06-22T08:00:00+07:00'), WIB)).toBe(1); // over a weekend
  });
});
