// Reads an import file into a header and rows of cells: XLSX (exceljs) or CSV (csv-parse), told
// apart by their bytes, not by the name. Anything else, or a file over the size limit, is refused
// before it is parsed.
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../documents/exceljs.js';
import { ImportRejectedError } from '../errors.js';

/** Exports of a year of a busy agency stay well under this; a larger file is most likely not an export. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type Cell = string | Date | null;

export interface ImportTable {
  format: 'xlsx' | 'csv';
  header: string[];
  /** line: the spreadsheet row / CSV line as a user sees it (the header is line 1). */
  rows: { line: number; cells: Cell[] }[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary .xls

function startsWith(bytes: Uint8Array, magic: number[]) {
  return magic.every((b, i) => bytes[i] === b);
}

function reject(reason: string): never {
  throw new ImportRejectedError(reason, [{ line: 0, column: null, reason }]);
}

export function checkImportSize(bytes: number) {
  if (bytes > MAX_IMPORT_BYTES) {
    reject(
      `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB can be imported at once (split it)`,
    );
  }
}

export async function readImportFile(bytes: Uint8Array): Promise<ImportTable> {
  checkImportSize(bytes.byteLength);
  if (bytes.byteLength === 0) reject('the file is empty');
  if (startsWith(bytes, OLE)) reject('this is an old Excel .xls file; save it as .xlsx or .csv and import that');
  if (startsWith(bytes, ZIP)) return readXlsx(bytes);
  return readCsv(bytes);
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
    if ('error' in v) return null;
  }
  return String(v);
}

async function readXlsx(bytes: Uint8Array): Promise<ImportTable> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    reject('the file is a ZIP archive but not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) reject('the workbook’s first sheet is empty');
  let header: string[] = [];
  const rows: ImportTable['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based
    if (header.length === 0) {
      header = values.slice(1).map((v) => String(cellValue(v) ?? '').trim());
      return;
    }
    const cells = header.map((_h, i) => cellValue(values[i + 1]));
    if (cells.some((c) => c !== null && String(c).trim() !== '')) rows.push({ line, cells });
  });
  return { format: 'xlsx', header, rows };
}

function readCsv(bytes: Uint8Array): ImportTable {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    reject('the file is neither an .xlsx workbook nor UTF-8 CSV text');
  }
  if (text.includes('\u0000')) reject('the file is neither an .xlsx workbook nor CSV text (it contains binary data)');
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // LAPOR! and Excel in Indonesian locales write semicolons; others commas.
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (err) {
    reject(`the CSV cannot be read: ${(err as Error).message}`);
  }
  if (records.length === 0) reject('the file has no header line');
  const header = records[0]!.record.map((h) => h.trim());
  const rows = records.slice(1).map(({ record, info }) => ({
    line: info.lines,
    cells: header.map((_h, i) => (record[i] === undefined || record[i] === '' ? null : record[i]!)),
  }));
  return { format: 'csv', header, rows };
}
