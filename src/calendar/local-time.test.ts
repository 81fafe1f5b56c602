import { describe, expect, it } from 'vitest';
import { formatLocalDateTime, toLocalDateTime, zoneAbbreviation } from './local-time.js';

const at = (iso: string) => new Date(iso);

describe('toLocalDateTime', () => {
  it('gives midnight WIB for the 17:00Z a deadline is stored as (the issue’s example)', () => {
    expect(toLocalDateTime(at('2026-12-03T17:00:00Z'), 'Asia/Jakarta')).toEqual({
      dateTime: '2026-12-04T00:00:00+07:00',
      date: '2026-12-04',
      time: '00:00',
      utcOffset: '+07:00',
      zone: 'WIB',
      timeZone: 'Asia/Jakarta',
      text: '04-12-2026 00.00 WIB',
    });
  });

  it.each([
    ['Asia/Jakarta', 'WIB', '+07:00', '2026-11-28', '14:05'],
    ['Asia/Pontianak', 'WIB', '+07:00', '2026-11-28', '14:05'],
    ['Asia/Makassar', 'WITA', '+08:00', '2026-11-28', '15:05'],
    ['Asia/Ujung_Pandang', 'WITA', '+08:00', '2026-11-28', '15:05'],
    ['Asia/Jayapura', 'WIT', '+09:00', '2026-11-28', '16:05'],
    ['UTC', 'UTC', '+00:00', '2026-11-28', '07:05'],
  ])('%s is %s (UTC%s)', (timeZone, zone, utcOffset, date, time) => {
    const local = toLocalDateTime(at('2026-11-28T07:05:09Z'), timeZone);
    expect(local).toMatchObject({ zone, utcOffset, date, time, timeZone });
    expect(local.dateTime).toBe(`${date}T${time}:09${utcOffset}`);
  });

  it('names the same instant: parsing dateTime gives back the UTC value (seconds kept, milliseconds dropped)', () => {
    for (const tz of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC']) {
      for (const iso of ['2026-01-01T00:00:00Z', '2026-02-28T16:59:59Z', '2028-02-28T17:00:00Z', '2026-12-31T23:59:59Z']) {
        expect(new Date(toLocalDateTime(at(iso), tz).dateTime).toISOString(), `${tz} ${iso}`).toBe(at(iso).toISOString());
      }
    }
    expect(toLocalDateTime(at('2026-11-28T07:05:09.999Z'), 'Asia/Jakarta').dateTime).toBe('2026-11-28T14:05:09+07:00');
  });

  it('moves the date across midnight, month ends, year ends and leap days', () => {
    expect(toLocalDateTime(at('2026-12-31T16:59:59Z'), 'Asia/Jakarta').date).toBe('2026-12-31');
    expect(toLocalDateTime(at('2026-12-31T17:00:00Z'), 'Asia/Jakarta')).toMatchObject({ date: '2027-01-01', time: '00:00' });
    expect(toLocalDateTime(at('2026-12-31T16:00:00Z'), 'Asia/Makassar')).toMatchObject({ date: '2027-01-01', time: '00:00' });
    expect(toLocalDateTime(at('2026-12-31T15:00:00Z'), 'Asia/Jayapura')).toMatchObject({ date: '2027-01-01', time: '00:00' });
    expect(toLocalDateTime(at('2028-02-28T17:00:00Z'), 'Asia/Jakarta').date).toBe('2028-02-29');
    expect(toLocalDateTime(at('2027-02-28T17:00:00Z'), 'Asia/Jakarta').date).toBe('2027-03-01');
    expect(toLocalDateTime(at('2026-04-30T20:00:00Z'), 'Asia/Jayapura').date).toBe('2026-05-01');
  });

  it('writes the text form as staff do, with a 24-hour clock', () => {
    expect(formatLocalDateTime(at('2026-11-28T16:30:00Z'), 'Asia/Jakarta')).toBe('28-11-2026 23.30 WIB');
    expect(formatLocalDateTime(at('2026-11-28T04:00:00Z'), 'Asia/Makassar')).toBe('28-11-2026 12.00 WITA');
    expect(formatLocalDateTime(at('2026-11-27T15:00:00Z'), 'Asia/Jayapura')).toBe('28-11-2026 00.00 WIT');
  });

  it('uses a zone’s offset outside Indonesia too, with its IANA name (never a wrong label)', () => {
    expect(toLocalDateTime(at('2026-07-01T12:00:00Z'), 'Europe/Amsterdam')).toMatchObject({
      utcOffset: '+02:00',
      zone: 'Europe/Amsterdam',
    });
    expect(toLocalDateTime(at('2026-01-01T12:00:00Z'), 'America/St_Johns')).toMatchObject({ utcOffset: '-03:30', time: '08:30' });
    expect(zoneAbbreviation('Asia/Singapore')).toBe('Asia/Singapore');
  });

  it('refuses an unknown zone and an invalid date instead of showing another time', () => {
    expect(() => toLocalDateTime(at('2026-11-28T07:05:00Z'), 'Asia/Bandung')).toThrow(RangeError);
    expect(() => toLocalDateTime(new Date('nope'), 'Asia/Jakarta')).toThrow(RangeError);
  });
});
