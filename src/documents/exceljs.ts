// exceljs takes a large share of start-up to load (about a tenth of a restart's CPU) and only
// spreadsheet exports and imports use it: loaded on first use.
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

export function loadExcelJS(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
