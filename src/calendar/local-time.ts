// An instant as the agency reads it: its local date and time, the UTC offset and the zone's
// Indonesian name (WIB UTC+7, WITA UTC+8, WIT UTC+9). The one place that turns UTC into an agency's
// local time for display; resolvers and documents call it, nobody converts by hand. Pure.

/** Indonesia's three zones, by the IANA zones an agency can be in (Agency.timeZone). */
const ZONE_ABBREVIATION: Record<string, 'WIB' | 'WITA' | 'WIT'> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Ujung_Pandang': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** WIB, WITA or WIT for an Indonesian zone; the IANA name for anything else (never a wrong label). */
export function zoneAbbreviation(timeZone: string): string {
  return ZONE_ABBREVIATION[timeZone] ?? timeZone;
}

export interface LocalDateTime {
  /** ISO 8601 with the offset: 2026-12-04T00:00:00+07:00 (the same instant as the UTC value). */
  dateTime: string;
  /** The local calendar date: 2026-12-04. */
  date: string;
  /** The local time of day, 24-hour: 00:00. */
  time: string;
  /** +07:00 */
  utcOffset: string;
  /** WIB, WITA or WIT (the IANA name outside Indonesia). */
  zone: string;
  /** The IANA zone: Asia/Jakarta. */
  timeZone: string;
  /** As staff write it: 04-12-2026 00.00 WIB. */
  text: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: a wrong zone must not be shown as some other time.
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** "GMT+07:00" → "+07:00"; "GMT" (UTC) → "+00:00". */
function offsetOf(name: string): string {
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new RangeError(`Unexpected time zone offset ${name}`);
  return m[1] ? `${m[1]}${m[2]}:${m[3]}` : '+00:00';
}

export function toLocalDateTime(instant: Date, timeZone: string): LocalDateTime {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'timeZoneName', string>;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  const utcOffset = offsetOf(parts.timeZoneName);
  const zone = zoneAbbreviation(timeZone);
  return {
    dateTime: `${date}T${time}:${parts.second}${utcOffset}`,
    date,
    time,
    utcOffset,
    zone,
    timeZone,
    text: `${parts.day}-${parts.month}-${parts.year} ${parts.hour}.${parts.minute} ${zone}`,
  };
}

/** "28-11-2026 14.05 WIB": the date and time as the agency's staff write them. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  return toLocalDateTime(instant, timeZone).text;
}
