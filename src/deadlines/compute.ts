/**
 * Pure deadline rules (no I/O, no clock): every "now" and calendar is passed in.
 *
 * Which clocks run when (decisions, also in src/deadlines/README.md):
 * - Follow-up (5 working days after the current agency's receipt, receivedAt) and Ombudsman (60
 *   calendar days after the report first reached the regency, firstReceivedAt: a dispatch to another
 *   agency restarts the follow-up clock only, so a bounce between agencies buys no extra time) run
 *   while the agency holds the report and has not yet delivered a response in LAPOR!: status
 *   RECEIVED … REPORT_COMPILED, round 1, responseDeliveredAt null. The 5-day clock stops when the
 *   response is DELIVERED (step 7), not when the report is compiled (step 6): the complainant, LAPOR!
 *   and the Ombudsman only see what is posted, so an internally compiled report that was never
 *   posted must not count as a follow-up on time. Neither clock restarts in a later round (the
 *   complainant's "not satisfied" loop): both are about the first answer to the report.
 *   RETURNED (bukan wewenang), ARCHIVED and CLOSED stop them; RESTORE / DISPATCH resume them.
 * - Auto-close runs while the status is RESPONSE_DELIVERED: 10 working days after responseDeliveredAt.
 * - A warning instant is the start of the n-th working day counted back from the due instant
 *   (n = deadlineWarningWorkingDays), so with n = 1 it is the start of the last working day.
 * - The follow-up length comes from the clock policy of the complaint's class (src/clock-policy/).
 *   A pause (tunda) stops the follow-up clock (no due column while paused); on resume the working
 *   days the pause lasted are added to the length, and so is the head's extension. The Ombudsman and
 *   auto-close clocks ignore both.
 */
import {
  addCalendarDuration,
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  localDate,
  startOfLocalDay,
  workingDaysBetween,
  type WorkingCalendar,
} from '../calendar/calendar.js';
import type { Config } from '../config.js';
import { AWAITING_FIRST_RESPONSE, type ComplaintStatus } from '../sop/vocabulary.js';

export type DeadlineConfig = Pick<
  Config,
  'followUpWorkingDays' | 'autoCloseWorkingDays' | 'ombudsmanLength' | 'ombudsmanUnit' | 'deadlineWarningWorkingDays'
> &
  Partial<Pick<Config, 'pauseMaxWorkingDays'>>;

/** What moves the follow-up due date besides the receipt: the class's length, finished pauses, the extension. */
export interface FollowUpAdjustments {
  /** The clock policy's length for the complaint's class; default: cfg.followUpWorkingDays. */
  followUpWorkingDays?: number;
  /** Working days of pauses already ended. */
  pausedWorkingDays?: number;
  /** The head's extension, in working days. */
  followUpExtensionDays?: number;
}

/** The follow-up length in working days after adjustments. */
export function followUpLength(adj: FollowUpAdjustments, cfg: Pick<DeadlineConfig, 'followUpWorkingDays'>): number {
  return (adj.followUpWorkingDays ?? cfg.followUpWorkingDays) + (adj.pausedWorkingDays ?? 0) + (adj.followUpExtensionDays ?? 0);
}

/**
 * Working days a pause from `pausedAt` to `resumedAt` takes off the clock: the working days after the
 * pause's day up to and including the resume's day (the same by-date rule as every clock), so a
 * report paused on Monday and resumed on Thursday with Wednesday a holiday is paused 2 working days.
 */
export function pausedWorkingDaysBetween(pausedAt: Date, resumedAt: Date, cal: WorkingCalendar): number {
  return workingDaysBetween(pausedAt, resumedAt, cal);
}

export function followUpDue(
  receivedAt: Date,
  cal: WorkingCalendar,
  cfg: Pick<DeadlineConfig, 'followUpWorkingDays'>,
  adj: FollowUpAdjustments = {},
): Date {
  return addWorkingDays(receivedAt, followUpLength(adj, cfg), cal);
}

/** From the first receipt in the regency (firstReceivedAt), not the current agency's receipt. */
export function ombudsmanDue(firstReceivedAt: Date, cal: WorkingCalendar, cfg: DeadlineConfig): Date {
  return addCalendarDuration(firstReceivedAt, cfg.ombudsmanLength, cfg.ombudsmanUnit, cal);
}

export function autoCloseDue(responseDeliveredAt: Date, cal: WorkingCalendar, cfg: DeadlineConfig): Date {
  return addWorkingDays(responseDeliveredAt, cfg.autoCloseWorkingDays, cal);
}

/** Start of the n-th working day counted back from `due` (days strictly before the due instant). */
export function warningInstant(due: Date, cal: WorkingCalendar, cfg: Pick<DeadlineConfig, 'deadlineWarningWorkingDays'>): Date {
  let day = localDate(new Date(due.getTime() - 1), cal.timeZone);
  let found = 0;
  // Bounded: a calendar always has working days (createCalendar refuses one without).
  for (let i = 0; i < 3660; i++) {
    if (isWorkingDay(day, cal) && ++found === cfg.deadlineWarningWorkingDays) return startOfLocalDay(day, cal.timeZone);
    day = addCalendarDays(day, -1);
  }
  throw new RangeError('no working day found before the due instant');
}

/**
 * Working days left after today before `due` (0 = due at the end of today); negative = working days
 * overdue (-1 on the first working day after the due instant).
 */
export function remainingWorkingDays(now: Date, due: Date, cal: WorkingCalendar): number {
  const last = new Date(due.getTime() - 1);
  if (now.getTime() < due.getTime()) return workingDaysBetween(now, last, cal);
  return -Math.max(1, workingDaysBetween(last, now, cal));
}

/** Calendar days left after today before `due`; negative once past it. */
export function remainingCalendarDays(now: Date, due: Date, timeZone: string): number {
  const a = Date.parse(localDate(now, timeZone));
  const b = Date.parse(localDate(new Date(due.getTime() - 1), timeZone));
  const days = Math.round((b - a) / 86_400_000);
  return now.getTime() < due.getTime() ? days : Math.min(-1, days);
}

export interface DeadlineFacts extends FollowUpAdjustments {
  /** Set while the report is paused (tunda). */
  pausedAt?: Date | null;
  status: ComplaintStatus;
  round: number;
  /** The current agency's receipt: starts the follow-up clock. */
  receivedAt: Date;
  /** The first receipt in the regency, kept across dispatches: starts the Ombudsman clock. */
  firstReceivedAt: Date;
  responseDeliveredAt: Date | null;
  autoCloseAt: Date | null;
  autoCloseWarnedAt: Date | null;
}

export interface DeadlineColumns {
  followUpDueAt: Date | null;
  followUpWarnAt: Date | null;
  autoCloseAt: Date | null;
  autoCloseWarnAt: Date | null;
  autoCloseWarnedAt: Date | null;
  ombudsmanDueAt: Date | null;
  ombudsmanWarnAt: Date | null;
  /** While paused: when the pause outlasts cfg.pauseMaxWorkingDays (the sweeper then warns). */
  pauseLimitAt: Date | null;
}

export function firstResponseClocksRun(c: Pick<DeadlineFacts, 'status' | 'round' | 'responseDeliveredAt'>): boolean {
  return AWAITING_FIRST_RESPONSE.has(c.status) && c.round === 1 && c.responseDeliveredAt === null;
}

/**
 * The stored deadline columns a complaint should have in its current state. Markers of what the
 * sweeper already did (warnedAt, overdueAt, escalatedAt) are kept, except the auto-close warning,
 * which belongs to one response: it is cleared when the complaint stops awaiting feedback.
 */
export function planDeadlines(c: DeadlineFacts, cal: WorkingCalendar, cfg: DeadlineConfig, now: Date): DeadlineColumns {
  const running = firstResponseClocksRun(c);
  const paused = running && c.pausedAt != null;
  const fu = running && !paused ? followUpDue(c.receivedAt, cal, cfg, c) : null;
  const om = running ? ombudsmanDue(c.firstReceivedAt, cal, cfg) : null;
  const awaiting = c.status === 'RESPONSE_DELIVERED';
  const ac = awaiting ? autoCloseDue(c.responseDeliveredAt ?? now, cal, cfg) : null;
  return {
    followUpDueAt: fu,
    followUpWarnAt: fu && warningInstant(fu, cal, cfg),
    ombudsmanDueAt: om,
    ombudsmanWarnAt: om && warningInstant(om, cal, cfg),
    autoCloseAt: ac,
    autoCloseWarnAt: ac && warningInstant(ac, cal, cfg),
    autoCloseWarnedAt: awaiting ? c.autoCloseWarnedAt : null,
    pauseLimitAt: paused && cfg.pauseMaxWorkingDays ? addWorkingDays(c.pausedAt!, cfg.pauseMaxWorkingDays, cal) : null,
  };
}

/** Only the columns that differ (a no-op recompute writes nothing). */
export function changedColumns(current: DeadlineColumns, next: DeadlineColumns): Partial<DeadlineColumns> {
  const diff: Partial<DeadlineColumns> = {};
  for (const key of Object.keys(next) as (keyof DeadlineColumns)[]) {
    if ((current[key]?.getTime() ?? null) !== (next[key]?.getTime() ?? null)) diff[key] = next[key];
  }
  return diff;
}
