// Buku Inventarisasi laporan/saran/informasi dari masyarakat melalui aplikasi LAPOR! (SOP step 2):
// one line per register entry in register-number order, with the day's total after each day (the
// SOP's "daily count of reports"), as XLSX and as an A4 landscape PDF signed by the Kasubbag.
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { drained } from './backpressure.js';
import { loadExcelJS } from './exceljs.js';
import { formatDateTime, formatIsoDate, formatNumber, zoneAbbreviation } from './format.js';
import type { RegisterBookData, RegisterLine } from './model.js';
import { finish, letterhead, newDocument, signatureBlock, table, title, type Doc } from './pdf/layout.js';

export const REGISTER_BOOK_TITLE = 'Buku Inventarisasi Laporan/Saran/Informasi dari Masyarakat melalui Aplikasi LAPOR!';

/** The book's columns, as printed. */
export const REGISTER_COLUMNS = [
  'No.',
  'Nomor Register',
  'Tanggal Register',
  'Nomor Pelacakan LAPOR!',
  'Tanggal Diterima',
  'Jenis',
  'Pelapor',
  'Perihal',
  'Kategori',
  'Disposisi ke Bidang',
  'Status',
] as const;

export function periodLabel(from: string, to: string): string {
  return from === to ? formatIsoDate(from) : `${formatIsoDate(from)} s.d. ${formatIsoDate(to)}`;
}

/** The book's lines grouped by local day, in order. */
export function byDay(lines: readonly RegisterLine[]): { day: string; lines: RegisterLine[] }[] {
  const days = new Map<string, RegisterLine[]>();
  for (const l of lines) days.set(l.day, [...(days.get(l.day) ?? []), l]);
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, ls]) => ({ day, lines: ls }));
}

function cells(l: RegisterLine, tz: string): string[] {
  const c = l.complaint;
  return [
    String(l.seq),
    l.number,
    formatDateTime(l.registeredAt, tz),
    l.trackingId,
    c ? formatDateTime(c.receivedAt, tz) : '–',
    c?.kind ?? '–',
    c?.reporter ?? '–',
    c?.title ?? 'Dialihkan ke instansi lain (bukan wewenang)',
    c?.category ?? '–',
    c?.divisions.join(', ') || '–',
    c?.status ?? 'Dialihkan',
  ];
}

/** The header row: after four heading lines and an empty one (frozen: the streaming writer needs it up front). */
const REGISTER_HEADER_ROW = 6;

/**
 * The register book as XLSX, written to `out` as it is built (exceljs's streaming WorkbookWriter: each
 * row is committed, i.e. zipped out, once styled), so a year of entries never sits in memory as a
 * workbook; the in-memory workbook took some 20 KB per line. Ends `out`.
 */
export async function writeRegisterBookXlsx(d: RegisterBookData, out: Writable): Promise<void> {
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'tuntas';
  wb.created = d.generatedAt;
  const ws = wb.addWorksheet('Buku Inventarisasi', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: '&LBuku Inventarisasi&RHalaman &P dari &N' },
    views: [{ state: 'frozen', ySplit: REGISTER_HEADER_ROW }],
  });
  const widths = [6, 26, 24, 22, 24, 11, 24, 44, 18, 30, 22];
  ws.columns = widths.map((width) => ({ width }));
  const n = REGISTER_COLUMNS.length;
  const heading = (text: string, size: number, bold = true) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, n);
    row.getCell(1).font = { bold, size };
    row.getCell(1).alignment = { horizontal: 'center' };
  };
  heading(`PEMERINTAH ${d.head.regency.toUpperCase()}`, 12);
  heading((d.head.agencyName ?? '').toUpperCase(), 13);
  heading(REGISTER_BOOK_TITLE.toUpperCase(), 11);
  heading(`Periode: ${periodLabel(d.from, d.to)} (waktu ${zoneAbbreviation(d.timeZone)})`, 10, false);
  ws.addRow([]);
  const header = ws.addRow([...REGISTER_COLUMNS]);
  if (header.number !== REGISTER_HEADER_ROW) throw new Error('register book XLSX: the header row moved');
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
  });
  const border = { style: 'thin' as const };
  const boxed = (row: ExcelJS.Row) =>
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (col <= n) cell.border = { top: border, left: border, bottom: border, right: border };
    });
  boxed(header);
  header.commit();
  let committed = 0;
  for (const day of byDay(d.lines)) {
    for (const l of day.lines) {
      const row = ws.addRow(cells(l, d.timeZone));
      row.getCell(1).value = l.seq;
      row.alignment = { vertical: 'top', wrapText: true };
      boxed(row);
      row.commit();
      // Let the zip take what was committed and the socket drain, so rows do not pile up unsent.
      if (++committed % 200 === 0) {
        await new Promise((r) => setImmediate(r));
        await drained(out);
      }
    }
    const total = ws.addRow([`Jumlah tanggal ${formatIsoDate(day.day)}`, '', '', '', '', '', '', '', '', '', day.lines.length]);
    ws.mergeCells(total.number, 1, total.number, n - 1);
    total.font = { bold: true };
    total.getCell(n).alignment = { horizontal: 'right' };
    boxed(total);
    total.commit();
  }
  const grand = ws.addRow([`Jumlah seluruhnya (${periodLabel(d.from, d.to)})`, '', '', '', '', '', '', '', '', '', d.lines.length]);
  ws.mergeCells(grand.number, 1, grand.number, n - 1);
  grand.font = { bold: true };
  grand.getCell(n).alignment = { horizontal: 'right' };
  boxed(grand);
  ws.addRow([]);
  const sign = (text: string, bold = false) => {
    const row = ws.addRow([]);
    row.getCell(8).value = text;
    row.getCell(8).font = { bold };
  };
  sign(d.signatory.placeAndDate);
  sign(`${d.signatory.position},`);
  ws.addRow([]);
  ws.addRow([]);
  sign(d.signatory.name ?? '(.......................................)', true);
  sign(`NIP. ${d.signatory.nip ?? '.......................................'}`);
  ws.addRow([]);
  sign(`Dicetak ${formatDateTime(d.generatedAt, d.timeZone)} oleh ${d.generatedBy}`);
  ws.commit();
  await wb.commit();
}

export function registerBookPdf(d: RegisterBookData): Doc {
  const doc = newDocument({ landscape: true, title: REGISTER_BOOK_TITLE, subject: `${d.head.agencyName} ${periodLabel(d.from, d.to)}` });
  letterhead(doc, d.head);
  title(
    doc,
    'Buku Inventarisasi',
    `Laporan/Saran/Informasi dari Masyarakat melalui Aplikasi LAPOR! — Periode ${periodLabel(d.from, d.to)}`,
  );
  const widths = [24, 100, 70, 86, 70, 44, 70, 96, 56, 80, 66];
  const columns = REGISTER_COLUMNS.map((header, i) => ({
    header,
    width: widths[i]!,
    align: i === 0 ? ('right' as const) : ('left' as const),
  }));
  const tz = d.timeZone;
  function* rows() {
    for (const day of byDay(d.lines)) {
      for (const l of day.lines) yield { cells: cells(l, tz) };
      yield {
        cells: [`Jumlah tanggal ${formatIsoDate(day.day)}: ${formatNumber(day.lines.length)} laporan`],
        bold: true,
        fill: '#f4f4f4',
        span: true,
      };
    }
  }
  table(doc, columns, rows(), { fontSize: 7.5 });
  doc
    .font('Sans-Bold')
    .fontSize(10)
    .text(`Jumlah seluruhnya: ${formatNumber(d.lines.length)} laporan/saran/informasi`);
  if (d.lines.length === 0) doc.font('Sans').text('Tidak ada laporan yang diinventarisasi pada periode ini.');
  doc
    .font('Sans')
    .fontSize(8)
    .text(`Waktu dalam ${zoneAbbreviation(tz)}.`);
  signatureBlock(doc, d.signatory);
  return finish(doc, `Dicetak ${formatDateTime(d.generatedAt, tz)} oleh ${d.generatedBy} — tuntas`);
}
