/**
 * Holiday list (libur nasional, cuti bersama, regional days) in the project's TSV format:
 *   date <TAB> kind <TAB> name <TAB> legal_basis
 * with that header line first. Blank lines and lines starting with '#' are ignored; an empty
 * legal_basis becomes null. Parsing is pure; loadBundledHolidays is the only I/O here, and it
 * reads the copy bundled next to this file (the source the DB table is seeded from).
 */
import { readFileSync } from 'node:fs';
import { isValidIsoDate } from './calendar.js';

export { isValidIsoDate };

export type HolidayKind = 'LIBUR_NASIONAL' | 'CUTI_BERSAMA' | 'REGIONAL';

export interface HolidayEntry {
  date: string /* YYYY-MM-DD */;
  kind: HolidayKind;
  name: string;
  legalBasis: string | null;
}

export const HOLIDAY_KINDS: readonly HolidayKind[] = ['LIBUR_NASIONAL', 'CUTI_BERSAMA', 'REGIONAL'];

export const DEFAULT_HOLIDAYS_TSV_PATH = new URL('./holidays-id.tsv', import.meta.url);

const HEADER = ['date', 'kind', 'name', 'legal_basis'];

export interface HolidaysParseIssue {
  line: number;
  message: string;
}

/** Lists every bad line at once, so whoever edits the file can fix them in one go. */
export class HolidaysParseError extends Error {
  override name = 'HolidaysParseError';
  constructor(readonly issues: readonly HolidaysParseIssue[]) {
    super(`Invalid holidays TSV:\n${issues.map((i) => `  line ${i.line}: ${i.message}`).join('\n')}`);
  }
}

function isHolidayKind(s: string): s is HolidayKind {
  return (HOLIDAY_KINDS as readonly string[]).includes(s);
}

export function parseHolidaysTsv(text: string): HolidayEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const entries: HolidayEntry[] = [];
  const issues: HolidaysParseIssue[] = [];
  let sawHeader = false;

  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    const cols = raw.split('\t').map((c) => c.trim());

    // The header pins the column order, so a reordered file fails loudly instead of silently.
    if (!sawHeader) {
      sawHeader = true;
      if (cols.join('\t') !== HEADER.join('\t')) {
        issues.push({ line, message: `expected header "${HEADER.join('<TAB>')}", got "${raw}"` });
      }
      return;
    }

    if (cols.length !== HEADER.length) {
      issues.push({ line, message: `expected ${HEADER.length} tab-separated columns (${HEADER.join(', ')}), got ${cols.length}` });
      return;
    }
    const [date, kind, name, legalBasis] = cols as [string, string, string, string];
    const before = issues.length;
    if (!isValidIsoDate(date)) issues.push({ line, message: `invalid date "${date}" (expected a real date as YYYY-MM-DD)` });
    if (!isHolidayKind(kind)) issues.push({ line, message: `unknown kind "${kind}" (expected one of ${HOLIDAY_KINDS.join(', ')})` });
    if (name === '') issues.push({ line, message: 'empty name' });
    if (issues.length === before) {
      entries.push({ date, kind: kind as HolidayKind, name, legalBasis: legalBasis === '' ? null : legalBasis });
    }
  });

  if (!sawHeader) issues.push({ line: 1, message: 'missing header line' });
  if (issues.length > 0) throw new HolidaysParseError(issues);
  return entries;
}

/** Reads and parses the holidays-id.tsv shipped with this module. */
export function loadBundledHolidays(): HolidayEntry[] {
  return parseHolidaysTsv(readFileSync(DEFAULT_HOLIDAYS_TSV_PATH, 'utf8'));
}
