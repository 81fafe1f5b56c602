// One spreadsheet row to the input of SOP step 1 (receive), or the reasons it cannot be one, each
// named by its line and column as the user sees them.
import type { ImportIssue } from '../errors.js';
import { InvalidInputError } from '../errors.js';
import { checkReceiveInput, type ReceiveInput, type Receiver } from '../sop/actions/receive.js';
import { type ColumnMapping, type ImportField, IMPORT_FIELDS, normalise, REQUIRED_FIELDS } from './mapping.js';
import type { Cell, ImportTable } from './read.js';
import { zonedToInstant } from './zoned-time.js';

/** Field index → column position in the file, and the header text shown in reports. */
export interface ResolvedColumns {
  index: Partial<Record<ImportField, number>>;
  name: Partial<Record<ImportField, string>>;
}

export function resolveColumns(header: string[], mapping: ColumnMapping): { columns: ResolvedColumns } | { issues: ImportIssue[] } {
  const positions = new Map(header.map((h, i) => [normalise(h), i] as const));
  const columns: ResolvedColumns = { index: {}, name: {} };
  for (const field of IMPORT_FIELDS) {
    const i = mapping.columns[field].map((n) => positions.get(normalise(n))).find((p) => p !== undefined);
    if (i !== undefined) {
      columns.index[field] = i;
      columns.name[field] = header[i]!;
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => columns.index[f] === undefined);
  if (missing.length === 0) return { columns };
  return {
    issues: missing.map((f) => ({
      line: 1,
      column: null,
      reason: `no column for ${f} (expected one of: ${mapping.columns[f].map((n) => `"${n}"`).join(', ')}); the header has ${header.map((h) => `"${h}"`).join(', ')}`,
    })),
  };
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A date cell: an XLSX date (exceljs gives the wall-clock time as if UTC), ISO 8601 with an offset,
 * or 'YYYY-MM-DD[ HH:MM[:SS]]' / 'DD/MM/YYYY[ HH:MM[:SS]]' in the agency's zone.
 */
export function parseImportDate(cell: Cell, timeZone: string): Date | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return zonedToInstant(
      cell.getUTCFullYear(),
      cell.getUTCMonth() + 1,
      cell.getUTCDate(),
      cell.getUTCHours(),
      cell.getUTCMinutes(),
      cell.getUTCSeconds(),
      timeZone,
    );
  }
  const s = (cell ?? '').trim();
  if (ISO_WITH_OFFSET.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const ymd = YMD.exec(s);
  const dmy = ymd ? null : DMY.exec(s);
  if (!ymd && !dmy) return null;
  const [y, mo, d] = ymd ? [ymd[1], ymd[2], ymd[3]].map(Number) : [dmy![3], dmy![2], dmy![1]].map(Number);
  const [h, mi, sec] = ((ymd ?? dmy)!.slice(4, 7) as (string | undefined)[]).map((x) => Number(x ?? 0));
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || sec! > 59) return null;
  const instant = zonedToInstant(y!, mo!, d!, h!, mi!, sec!, timeZone);
  // 31/02/2026 rolls over into March: not a date.
  const check = new Date(Date.UTC(y!, mo! - 1, d!));
  return check.getUTCMonth() === mo! - 1 ? instant : null;
}

const YES = new Set(['ya', 'y', 'yes', 'true', '1', 'anonim', 'rahasia']);
const NO = new Set(['tidak', 't', 'no', 'n', 'false', '0', '']);

export interface RowContext {
  columns: ResolvedColumns;
  mapping: ColumnMapping;
  timeZone: string;
  agencyId: string | null;
  receiver: Receiver;
  now: Date;
}

/** The row as receive input, or every issue in it. */
export function rowToInput(
  row: { line: number; cells: Cell[] },
  ctx: RowContext,
): { input: ReceiveInput; issues?: undefined } | { issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const { columns, mapping } = ctx;
  const col = (f: ImportField) => columns.name[f] ?? f;
  const cell = (f: ImportField): Cell => {
    const i = columns.index[f];
    return i === undefined ? null : (row.cells[i] ?? null);
  };
  const text = (f: ImportField): string | null => {
    const c = cell(f);
    if (c === null) return null;
    const s = c instanceof Date ? c.toISOString() : c.trim();
    return s === '' ? null : s;
  };
  const issue = (f: ImportField, reason: string) => issues.push({ line: row.line, column: col(f), reason });
  const date = (f: ImportField) => {
    const c = cell(f);
    if (c === null || (typeof c === 'string' && c.trim() === '')) return null;
    const d = parseImportDate(c, ctx.timeZone);
    if (!d) issue(f, `"${String(c)}" is not a date (expected DD/MM/YYYY HH:MM, YYYY-MM-DD HH:MM or ISO 8601)`);
    return d;
  };
  const flag = (f: ImportField) => {
    const v = normalise(text(f) ?? '');
    if (YES.has(v)) return true;
    if (!NO.has(v)) issue(f, `"${text(f)}" is not Ya or Tidak`);
    return false;
  };

  const submittedAt = date('submittedAt');
  if (!submittedAt && cell('submittedAt') === null) issue('submittedAt', 'is required');
  const dispatchedAt = date('dispatchedAt') ?? submittedAt;
  const rawKind = text('kind');
  const kind = rawKind ? mapping.kinds[normalise(rawKind)] : undefined;
  if (!rawKind) issue('kind', 'is required');
  else if (!kind) issue('kind', `unknown kind "${rawKind}" (known: ${Object.keys(mapping.kinds).join(', ')})`);
  const rawChannel = text('channel');
  const channel = rawChannel ? (mapping.channels[normalise(rawChannel)] ?? 'OTHER') : 'WEB';
  const anonymous = flag('anonymous');
  const confidential = flag('confidential');

  const input: ReceiveInput = {
    agencyId: ctx.agencyId,
    trackingId: text('trackingId') ?? '',
    kind: kind ?? 'LAPORAN',
    title: text('title') ?? '',
    content: text('content') ?? '',
    category: text('category'),
    location: text('location'),
    channel,
    submittedAt: submittedAt ?? ctx.now,
    dispatchedAt: dispatchedAt ?? ctx.now,
    // An anonymous report's identity is dropped here already, whatever the file holds.
    reporter: {
      name: anonymous ? null : text('reporterName'),
      contact: anonymous ? null : text('reporterContact'),
      anonymous,
      confidential,
    },
  };
  // The same checks as a report typed in by hand (lengths, allowed characters, dates).
  try {
    checkReceiveInput(input, ctx.receiver, ctx.now);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    for (const i of err.issues) {
      const field = (i.field.startsWith('reporter.') ? `reporter${i.field[9]!.toUpperCase()}${i.field.slice(10)}` : i.field) as ImportField;
      // A date already reported as unreadable is not reported twice, nor compared with the other date.
      if (issues.some((x) => x.column === col(field))) continue;
      if (
        (field === 'submittedAt' || field === 'dispatchedAt') &&
        issues.some((x) => x.column === col('submittedAt') || x.column === col('dispatchedAt'))
      ) {
        continue;
      }
      issues.push({ line: row.line, column: (IMPORT_FIELDS as readonly string[]).includes(field) ? col(field) : null, reason: i.message });
    }
  }
  return issues.length ? { issues } : { input };
}

/** Rows whose tracking ID appeared on an earlier line of the same file. */
export function duplicatesInFile(rows: { line: number; trackingId: string }[], column: string): ImportIssue[] {
  const first = new Map<string, number>();
  const issues: ImportIssue[] = [];
  for (const r of rows) {
    const seen = first.get(r.trackingId);
    if (seen === undefined) first.set(r.trackingId, r.line);
    else issues.push({ line: r.line, column, reason: `tracking ID ${r.trackingId} already appears on line ${seen}` });
  }
  return issues;
}

export type { ImportTable };
