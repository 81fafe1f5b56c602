// Reads the spreadsheet (CSV or XLSX, with exceljs), prints every bad row, and — unless --dry-run or
// there is a problem — writes the plan with a progress bar (cli-progress, on stderr).
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import ExcelJS from 'exceljs';
import type { Database } from '../db/database.js';
import { mapHeader, planImport, type Row, type RowProblem } from './import-organisation.js';
import { CliError } from './commands.js';

export async function readRows(file: string): Promise<{ rows: Row[]; problems: RowProblem[] }> {
  const wb = new ExcelJS.Workbook();
  const ext = path.extname(file).toLowerCase();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (ext === '.csv') {
      // Keep every value as typed: an 18-digit NIP must not become a number.
      sheet = await wb.csv.readFile(file, { map: (value: unknown) => value } as never);
    } else if (ext === '.xlsx') {
      await wb.xlsx.readFile(file);
      sheet = wb.worksheets[0];
    } else {
      throw new CliError(`${file}: expected a .csv or .xlsx file`);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`${file}: cannot read it (${(err as Error).message})`);
  }
  if (!sheet || sheet.rowCount === 0) throw new CliError(`${file}: the sheet is empty`);
  const text = (row: ExcelJS.Row, i: number) => {
    const cell = row.getCell(i + 1);
    return cell.value === null || cell.value === undefined ? '' : String(cell.text ?? cell.value).trim();
  };
  const header = sheet.getRow(1);
  const headerCells = Array.from({ length: header.cellCount }, (_, i) => text(header, i));
  const { fields, problems } = mapHeader(headerCells);
  const rows: Row[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const r: Row = { line };
    let any = false;
    fields.forEach((f, i) => {
      if (!f) return;
      const value = text(row, i);
      if (value) {
        r[f] = value;
        any = true;
      }
    });
    if (any) rows.push(r);
  });
  return { rows, problems };
}

export async function runImportCommand(db: Database, file: string, opts: { dryRun: boolean }): Promise<number> {
  const started = performance.now();
  const { rows, problems: headerProblems } = await readRows(file);
  if (headerProblems.length) {
    for (const p of headerProblems) console.error(`line ${p.line}${p.column ? `, column "${p.column}"` : ''}: ${p.reason}`);
    return 1;
  }
  const plan = await planImport(db.prisma, rows);
  if (plan.problems.length) {
    for (const p of plan.problems) console.error(`line ${p.line}${p.column ? `, column "${p.column}"` : ''}: ${p.reason}`);
    console.error(`${plan.problems.length} problem(s) in ${rows.length} rows: nothing was imported.`);
    return 1;
  }
  const summary = `OPD: ${plan.agencies.create} new, ${plan.agencies.update} changed; bidang: ${plan.divisions.create} new, ${plan.divisions.update} changed; pegawai: ${plan.users.create} new, ${plan.users.update} changed`;
  if (plan.steps === 0) {
    console.log(`${rows.length} rows checked: nothing to change.`);
    return 0;
  }
  if (opts.dryRun) {
    console.log(`${rows.length} rows checked (dry run, nothing written). Would import: ${summary}.`);
    return 0;
  }
  const bar = new SingleBar(
    { format: 'importing [{bar}] {percentage}% | {value}/{total}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 500 },
    Presets.shades_classic,
  );
  bar.start(plan.steps, 0);
  try {
    await plan.apply(db.prisma, (done) => bar.update(done));
  } finally {
    bar.stop();
  }
  console.log(`Imported in ${((performance.now() - started) / 1000).toFixed(1)} s: ${summary}.`);
  if (plan.users.create > 0)
    console.log('New accounts have no password yet: hand each one out with resetUserPassword (a one-time password shown once).');
  return 0;
}
