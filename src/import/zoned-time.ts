// Wall-clock times in an agency's zone (LAPOR! exports print WIB/WITA/WIT times without an offset),
// and instants printed with their offset (Open311 wants ISO 8601 with an offset).

// Building an Intl formatter costs far more than using one: one per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset', year: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Jakarta: 420). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const name = offsetFormatter(timeZone)
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0; // "GMT": UTC itself
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant of a wall-clock time in a zone (fields as in Date.UTC; month 1-12). */
export function zonedToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): Date {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const first = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60_000;
  // Once more, in case the offset differs at the corrected instant (DST; none in Indonesia).
  return new Date(asUtc - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** ISO 8601 with the zone's offset, to the second: 2026-11-30T19:39:43+07:00. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const off = offsetMinutes(instant, timeZone);
  const local = new Date(instant.getTime() + off * 60_000).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
