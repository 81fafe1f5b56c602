/**
 * Pure working-day calendar (no I/O, no clock: every "now" is passed in).
 *
 * Semantics, chosen to match how LAPOR! deadlines are counted by date ("5 hari kerja"):
 * - A working day is a local date whose weekday has office hours (Mon–Fri by default) and that
 *   is not in `holidays` (libur nasional, cuti bersama, regional days).
 * - The day of the event is never counted, and the time of day does not matter: a report that
 *   arrives after office hours (or on a holiday) still counts from its own local date.
 * - `addWorkingDays(t, n)` is the END of the n-th working day after localDate(t), i.e. the
 *   instant of local midnight that starts the following calendar day. n = 0 gives the end of
 *   t's own day. So a report received Monday 10:00 has its 5-working-day follow-up due at the
 *   end of the next Monday (Tue..Mon).
 * - `workingDaysBetween(a, b)` counts working days d with localDate(a) < d <= localDate(b)
 *   (0 when b <= a), hence workingDaysBetween(t, addWorkingDays(t, n) - 1 ms) === n.
 * - `workingTimeBetween(a, b)` is the milliseconds of [a, b) that fall inside office hours of
 *   working days, for comparing a step's duration with the SOP's time standards.
 * - `addCalendarDuration(t, n, 'CALENDAR_DAYS')` follows the same by-date rule: the end of the
 *   n-th calendar day after localDate(t) (e.g. the 60-day Ombudsman rule).
 * - Local dates come from Intl.DateTimeFormat, so any IANA zone works. Indonesia (WIB +7,
 *   WITA +8, WIT +9) has no DST; elsewhere a wall-clock time skipped by a DST jump resolves to
 *   the first instant after the jump, and one repeated by a fall-back to its first occurrence.
 * - Holidays are whatever the caller passes in: the bundled list (holidays.ts) covers 2024–2026
 *   only, so later years count every weekday until their decree is added.
 */

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export type OfficeHours = Record<1 | 2 | 3 | 4 | 5 | 6 | 0 /* JS getDay: 0=Sunday */, { start: string /* 'HH:MM' */; end: string } | null>;

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

// Jam kerja in the agency's SOP context: Mon–Thu 07:30–16:00, Fri 07:30–16:30.
export const DEFAULT_OFFICE_HOURS: OfficeHours = Object.freeze({
  0: null,
  1: Object.freeze({ start: '07:30', end: '16:00' }),
  2: Object.freeze({ start: '07:30', end: '16:00' }),
  3: Object.freeze({ start: '07:30', end: '16:00' }),
  4: Object.freeze({ start: '07:30', end: '16:00' }),
  5: Object.freeze({ start: '07:30', end: '16:30' }),
  6: null,
});

export interface WorkingCalendar {
  timeZone: string;
  officeHours: OfficeHours;
  holidays: ReadonlySet<string> /* 'YYYY-MM-DD' local dates that are not working days */;
}

export class CalendarConfigError extends Error {
  override name = 'CalendarConfigError';
}

const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];
// Guards loops against a hand-built calendar with no working day at all (~10 years).
const MAX_SCAN_DAYS = 3660;

// ---------------------------------------------------------------------------
// Plain dates ('YYYY-MM-DD'), computed in UTC so they never depend on the host zone.
// Loops work on "day ms" (UTC midnight of the date) to avoid re-parsing strings each step.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date in strict 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isValidIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]),
    mo = Number(m[2]),
    d = Number(m[3]);
  // Year 0000 does not exist (and Date.UTC would read years 0-99 as 1900-1999).
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  // Day 0 of the next month is the last day of this one.
  const last = new Date(0);
  last.setUTCFullYear(y, mo, 0);
  return d <= last.getUTCDate();
}

/** UTC midnight of a date, in ms ("day ms"); throws on malformed input. */
function dateToUtcMs(date: string): number {
  if (!isValidIsoDate(date)) throw new RangeError(`Invalid date "${String(date)}" (expected YYYY-MM-DD)`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function assertInteger(n: number, what: string, nonNegative: boolean): void {
  if (!Number.isInteger(n) || (nonNegative && n < 0)) {
    throw new RangeError(`${what} must be a ${nonNegative ? 'non-negative ' : ''}integer, got ${n}`);
  }
}

function assertInstant(d: Date, what: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} must be a valid Date`);
  return t;
}

export function addCalendarDays(date: string, n: number): string {
  assertInteger(n, 'n', false);
  return utcMsToDate(dateToUtcMs(date) + n * DAY_MS);
}

// ---------------------------------------------------------------------------
// Time zones. Creating an Intl.DateTimeFormat is expensive, so keep one per zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// formatToParts is the one expensive step of every local-date computation (a page of 50 deadlines
// made thousands of calls). The answer depends only on (zone, instant), so it is remembered; the
// instants of a page repeat across requests (receipts, due dates, day starts). Bounded: cleared
// when full rather than tracking recency.
const wallClockCache = new Map<string, Map<number, number>>();
const WALL_CLOCK_CACHE_MAX = 50_000;

/** The local wall-clock time of an instant, expressed as if it were a UTC timestamp. */
function wallClockMs(t: number, timeZone: string): number {
  let cache = wallClockCache.get(timeZone);
  if (!cache) {
    cache = new Map();
    wallClockCache.set(timeZone, cache);
  }
  const hit = cache.get(t);
  if (hit !== undefined) return hit;
  const wall = formatWallClockMs(t, timeZone);
  if (cache.size >= WALL_CLOCK_CACHE_MAX) cache.clear();
  cache.set(t, wall);
  return wall;
}

function formatWallClockMs(t: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(t)) p[type] = Number(value);
  const ms = ((t % 1000) + 1000) % 1000; // the formatter stops at seconds
  // `% 24`: some ICU versions print midnight as hour 24 despite h23.
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!) + ms;
}

/**
 * The instant at which the local clock in `timeZone` shows day `dayMs` + `minuteOfDay`.
 * Guessing with the offset in force a day earlier means that, when a DST fall-back makes the
 * wall time occur twice, we get the first occurrence (so a day never starts twice). A second
 * probe fixes the guess after a transition; if neither fits, the time falls in a DST gap and
 * we search for the first instant after the jump.
 */
function localToInstant(dayMs: number, minuteOfDay: number, timeZone: string): number {
  const wall = dayMs + minuteOfDay * 60_000;
  const probe = wall - DAY_MS;
  const c1 = wall - (wallClockMs(probe, timeZone) - probe);
  const o2 = wallClockMs(c1, timeZone) - c1;
  if (c1 + o2 === wall) return c1;
  const c2 = wall - o2;
  if (wallClockMs(c2, timeZone) === wall) return c2;
  // DST gap: the wall time never occurs. Binary search the jump between the two candidates.
  let lo = Math.min(c1, c2),
    hi = Math.max(c1, c2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Day ms of the local date of instant t. */
function localDayMs(t: number, timeZone: string): number {
  return Math.floor(wallClockMs(t, timeZone) / DAY_MS) * DAY_MS;
}

/** 'YYYY-MM-DD' of an instant in the given IANA zone. */
export function localDate(instant: Date, timeZone: string): string {
  return utcMsToDate(localDayMs(assertInstant(instant, 'instant'), timeZone));
}

/** The instant of 00:00 local on `date` (the first instant of that day if DST skips midnight). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return new Date(localToInstant(dateToUtcMs(date), 0, timeZone));
}

// ---------------------------------------------------------------------------
// Calendar construction.

const HHMM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes since local midnight for 'HH:MM' ('24:00' allowed, meaning end of day). */
function parseHHMM(s: string): number | null {
  const m = typeof s === 'string' ? HHMM.exec(s) : null;
  if (!m) return null;
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

// For calendars built by hand rather than by createCalendar.
function officeMinute(s: string): number {
  const m = parseHHMM(s);
  if (m === null) throw new CalendarConfigError(`Invalid office hour "${s}" (expected HH:MM)`);
  return m;
}

export function createCalendar(opts: { timeZone?: string; officeHours?: OfficeHours; holidays?: Iterable<string> } = {}): WorkingCalendar {
  let timeZone: string;
  try {
    timeZone = new Intl.DateTimeFormat('en-US', { timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE }).resolvedOptions().timeZone;
  } catch {
    throw new CalendarConfigError(`Unknown time zone "${opts.timeZone}"`);
  }

  const source = opts.officeHours ?? DEFAULT_OFFICE_HOURS;
  const officeHours = {} as OfficeHours;
  for (const day of WEEKDAYS) {
    const h = source[day];
    if (h === undefined) throw new CalendarConfigError(`officeHours is missing weekday ${day} (use null for a day off)`);
    if (h === null) {
      officeHours[day] = null;
      continue;
    }
    const start = parseHHMM(h.start),
      end = parseHHMM(h.end);
    if (start === null || start === 24 * 60)
      throw new CalendarConfigError(`officeHours[${day}].start "${h.start}" is not a valid HH:MM time`);
    if (end === null) throw new CalendarConfigError(`officeHours[${day}].end "${h.end}" is not a valid HH:MM time`);
    if (start >= end) throw new CalendarConfigError(`officeHours[${day}]: start ${h.start} must be before end ${h.end}`);
    officeHours[day] = Object.freeze({ start: h.start, end: h.end });
  }
  // Otherwise nextWorkingDay would never find a day.
  if (WEEKDAYS.every((d) => officeHours[d] === null)) throw new CalendarConfigError('officeHours has no working weekday');

  const holidays = new Set<string>();
  for (const d of opts.holidays ?? []) {
    if (!isValidIsoDate(d)) throw new CalendarConfigError(`Invalid holiday date "${String(d)}" (expected YYYY-MM-DD)`);
    holidays.add(d);
  }

  formatterFor(timeZone); // warm the cache once, here rather than on the first deadline
  return Object.freeze({ timeZone, officeHours: Object.freeze(officeHours), holidays });
}

// ---------------------------------------------------------------------------
// Working days.

/**
 * A calendar's holidays as day ms: counting working days over months tests every day, and formatting
 * each one as a date string was most of the cost of a page of deadlines. Keyed by the (read-only) set.
 */
const holidayDayMs = new WeakMap<ReadonlySet<string>, { size: number; days: Set<number> }>();

function holidayDays(cal: WorkingCalendar): Set<number> {
  let entry = holidayDayMs.get(cal.holidays);
  if (!entry || entry.size !== cal.holidays.size) {
    entry = { size: cal.holidays.size, days: new Set([...cal.holidays].map(dateToUtcMs)) };
    holidayDayMs.set(cal.holidays, entry);
  }
  return entry.days;
}

/** Office hours of a day, or null if it is not a working day. */
function hoursOn(dayMs: number, cal: WorkingCalendar, holidays = holidayDays(cal)): { start: string; end: string } | null {
  // Weekday from the day number (1970-01-01 was a Thursday), without a Date per day.
  const hours = cal.officeHours[(((Math.floor(dayMs / DAY_MS) % 7) + 11) % 7) as Weekday];
  return hours && !holidays.has(dayMs) ? hours : null;
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return hoursOn(dateToUtcMs(date), cal) !== null;
}

function nextWorkingDayMs(dayMs: number, cal: WorkingCalendar): number {
  const holidays = holidayDays(cal);
  for (let d = dayMs + DAY_MS, i = 0; i < MAX_SCAN_DAYS; d += DAY_MS, i++) {
    if (hoursOn(d, cal, holidays)) return d;
  }
  throw new CalendarConfigError(`No working day within ${MAX_SCAN_DAYS} days after ${utcMsToDate(dayMs)}`);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, cal: WorkingCalendar): string {
  return utcMsToDate(nextWorkingDayMs(dateToUtcMs(date), cal));
}

/** End (next local midnight) of the n-th working day after the local date of `from`. */
export function addWorkingDays(from: Date, n: number, cal: WorkingCalendar): Date {
  const t = assertInstant(from, 'from');
  assertInteger(n, 'n', true);
  let d = localDayMs(t, cal.timeZone);
  for (let i = 0; i < n; i++) d = nextWorkingDayMs(d, cal);
  return new Date(localToInstant(d + DAY_MS, 0, cal.timeZone));
}

/** Working days d with localDate(from) < d <= localDate(to); 0 if to <= from. */
export function workingDaysBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const a = assertInstant(from, 'from'),
    b = assertInstant(to, 'to');
  if (b <= a) return 0;
  const last = localDayMs(b, cal.timeZone);
  const holidays = holidayDays(cal);
  let count = 0;
  for (let d = localDayMs(a, cal.timeZone) + DAY_MS; d <= last; d += DAY_MS) {
    if (hoursOn(d, cal, holidays)) count++;
  }
  return count;
}

/** Milliseconds of [from, to) that fall within office hours on working days. */
export function workingTimeBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const a = assertInstant(from, 'from'),
    b = assertInstant(to, 'to');
  if (b <= a) return 0;
  const last = localDayMs(b, cal.timeZone);
  let total = 0;
  for (let d = localDayMs(a, cal.timeZone); d <= last; d += DAY_MS) {
    const hours = hoursOn(d, cal);
    if (!hours) continue;
    const open = localToInstant(d, officeMinute(hours.start), cal.timeZone);
    const close = localToInstant(d, officeMinute(hours.end), cal.timeZone);
    total += Math.max(0, Math.min(b, close) - Math.max(a, open));
  }
  return total;
}

/** Deadline by date: end of the `amount`-th calendar or working day after localDate(from). */
export function addCalendarDuration(from: Date, amount: number, unit: 'CALENDAR_DAYS' | 'WORKING_DAYS', cal: WorkingCalendar): Date {
  if (unit === 'WORKING_DAYS') return addWorkingDays(from, amount, cal);
  if (unit !== 'CALENDAR_DAYS') throw new RangeError(`Unknown duration unit "${String(unit)}"`);
  const t = assertInstant(from, 'from');
  assertInteger(amount, 'amount', true);
  return new Date(localToInstant(localDayMs(t, cal.timeZone) + (amount + 1) * DAY_MS, 0, cal.timeZone));
}
