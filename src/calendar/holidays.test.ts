import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isValidIsoDate as calendarIsValidIsoDate } from './calendar.js';
import {
  DEFAULT_HOLIDAYS_TSV_PATH,
  HOLIDAY_KINDS,
  HolidaysParseError,
  isValidIsoDate,
  loadBundledHolidays,
  parseHolidaysTsv,
  type HolidayEntry,
} from './holidays.js';

const HEADER = 'date\tkind\tname\tlegal_basis';
const tsv = (...lines: string[]) => lines.join('\n');

/** The error thrown by parseHolidaysTsv, for asserting on its issues. */
function parseError(text: string): HolidaysParseError {
  try {
    parseHolidaysTsv(text);
  } catch (e) {
    if (e instanceof HolidaysParseError) return e;
    throw e;
  }
  throw new Error('expected parseHolidaysTsv to throw');
}

describe('bundled holidays-id.tsv', () => {
  const entries = loadBundledHolidays();

  it('lives next to the module', () => {
    expect(DEFAULT_HOLIDAYS_TSV_PATH).toBeInstanceOf(URL);
    expect(DEFAULT_HOLIDAYS_TSV_PATH.protocol).toBe('file:');
    expect(fileURLToPath(DEFAULT_HOLIDAYS_TSV_PATH)).toMatch(/src[\\/]calendar[\\/]holidays-id\.tsv$/);
  });

  it('parses to 82 entries without error', () => {
    expect(entries).toHaveLength(82);
    expect(parseHolidaysTsv(readFileSync(DEFAULT_HOLIDAYS_TSV_PATH, 'utf8'))).toEqual(entries);
  });

  it('covers 2024–2026 in date order, with valid dates and kinds', () => {
    const dates = entries.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    expect(new Set(dates.map((d) => d.slice(0, 4)))).toEqual(new Set(['2024', '2025', '2026']));
    for (const e of entries) {
      expect(isValidIsoDate(e.date), e.date).toBe(true);
      expect(HOLIDAY_KINDS).toContain(e.kind);
      expect(e.name, e.date).not.toBe('');
      expect(e.legalBasis, e.date).not.toBeNull();
    }
  });

  it('has the entries the deadline rules depend on', () => {
    const byDate = new Map(entries.map((e) => [e.date, e] as const));
    expect(byDate.get('2024-01-01')).toEqual<HolidayEntry>({
      date: '2024-01-01',
      kind: 'LIBUR_NASIONAL',
      name: 'Tahun Baru 2024 Masehi',
      legalBasis: 'SKB 3 Menteri No. 855/2023, 3/2023, 4/2023',
    });
    expect(byDate.get('2025-08-18')).toMatchObject({ kind: 'CUTI_BERSAMA', legalBasis: expect.stringContaining('revision') });
    // Nyepi + Idul Fitri 1447 H block.
    expect(
      ['2026-03-18', '2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24'].map((d) => byDate.get(d)?.kind),
    ).toEqual(['CUTI_BERSAMA', 'LIBUR_NASIONAL', 'CUTI_BERSAMA', 'LIBUR_NASIONAL', 'LIBUR_NASIONAL', 'CUTI_BERSAMA', 'CUTI_BERSAMA']);
    expect(byDate.get('2026-12-24')?.kind).toBe('CUTI_BERSAMA');
    expect(byDate.get('2026-12-25')?.kind).toBe('LIBUR_NASIONAL');
    expect(entries.filter((e) => e.kind === 'REGIONAL')).toEqual([]);
  });
});

describe('parseHolidaysTsv', () => {
  it('parses rows, trims cells and maps an empty legal_basis to null', () => {
    expect(
      parseHolidaysTsv(
        tsv(HEADER, '2026-03-20\tCUTI_BERSAMA\t Idul Fitri 1447 Hijriah \tSKB 3 Menteri', '2026-06-19\tREGIONAL\tHari Jadi Kabupaten\t'),
      ),
    ).toEqual([
      { date: '2026-03-20', kind: 'CUTI_BERSAMA', name: 'Idul Fitri 1447 Hijriah', legalBasis: 'SKB 3 Menteri' },
      { date: '2026-06-19', kind: 'REGIONAL', name: 'Hari Jadi Kabupaten', legalBasis: null },
    ]);
  });

  it('accepts CRLF, a BOM, blank lines, comments and a header-only file', () => {
    const text = `\uFEFF${HEADER}\r\n\r\n# 2027 decree not out yet\r\n2026-12-25\tLIBUR_NASIONAL\tKelahiran Yesus Kristus\tSKB\r\n`;
    expect(parseHolidaysTsv(text)).toEqual([
      { date: '2026-12-25', kind: 'LIBUR_NASIONAL', name: 'Kelahiran Yesus Kristus', legalBasis: 'SKB' },
    ]);
    expect(parseHolidaysTsv(`${HEADER}\n`)).toEqual([]);
  });

  it('rejects an impossible date, naming the line', () => {
    const err = parseError(tsv(HEADER, '2026-02-28\tLIBUR_NASIONAL\tOk\tx', '2026-02-30\tLIBUR_NASIONAL\tBad\tx'));
    expect(err.issues).toEqual([{ line: 3, message: expect.stringContaining('invalid date "2026-02-30"') }]);
    expect(err.message).toContain('line 3: invalid date "2026-02-30"');
  });

  it('rejects a date in another format', () => {
    expect(parseError(tsv(HEADER, '20/03/2026\tLIBUR_NASIONAL\tX\tx')).message).toContain('line 2: invalid date "20/03/2026"');
  });

  it('rejects an unknown kind, naming the line and the allowed kinds', () => {
    const err = parseError(tsv(HEADER, '2026-03-20\tLIBUR\tIdul Fitri\tx'));
    expect(err.issues).toEqual([{ line: 2, message: expect.stringContaining('unknown kind "LIBUR"') }]);
    expect(err.message).toContain('LIBUR_NASIONAL, CUTI_BERSAMA, REGIONAL');
  });

  it('rejects a wrong column count, naming the line', () => {
    expect(parseError(tsv(HEADER, '2026-03-20\tCUTI_BERSAMA\tIdul Fitri')).message).toContain(
      'line 2: expected 4 tab-separated columns (date, kind, name, legal_basis), got 3',
    );
    expect(parseError(tsv(HEADER, '2026-03-20\tCUTI_BERSAMA\tIdul Fitri\tSKB\textra')).message).toContain('line 2: expected 4');
    // Spaces instead of tabs are one column.
    expect(parseError(tsv(HEADER, '2026-03-20 CUTI_BERSAMA Idul Fitri SKB')).message).toContain('got 1');
  });

  it('rejects an empty name', () => {
    expect(parseError(tsv(HEADER, '2026-03-20\tCUTI_BERSAMA\t\tSKB')).message).toContain('line 2: empty name');
  });

  it('reports every problem at once, with line numbers counting blank and comment lines', () => {
    const err = parseError(
      tsv(
        HEADER,
        '',
        '# comment',
        '2026-13-01\tLIBUR_NASIONAL\tA\tx',
        '2026-03-20\tcuti_bersama\tB\tx',
        '2026-03-21\tX',
        '2026-02-31\tNOPE\tC\tx',
      ),
    );
    expect(err.issues.map((i) => i.line)).toEqual([4, 5, 6, 7, 7]);
  });

  it('requires the header, so a reordered file cannot be read silently', () => {
    expect(parseError('').issues).toEqual([{ line: 1, message: 'missing header line' }]);
    expect(parseError('2026-03-20\tCUTI_BERSAMA\tIdul Fitri\tSKB').message).toContain('line 1: expected header');
    expect(parseError(tsv('kind\tdate\tname\tlegal_basis', 'CUTI_BERSAMA\t2026-03-20\tIdul Fitri\tSKB')).issues[0]?.line).toBe(1);
  });
});

describe('isValidIsoDate', () => {
  it('is the same check the calendar uses', () => {
    expect(isValidIsoDate).toBe(calendarIsValidIsoDate);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2026-02-29')).toBe(false);
    expect(isValidIsoDate('2026-02-30')).toBe(false);
  });
});
