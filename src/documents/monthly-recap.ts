// Rekapitulasi bulanan: what happened to the public's reports in one month, per agency (or
// regency-wide for the coordinator), as XLSX (one sheet per table) and as PDF with charts.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from './exceljs.js';
import SVGtoPDF from 'svg-to-pdfkit';
import { divisionBarsSpec, renderSvg, trendSpec } from './charts.js';
import { formatDateTime, formatMinutes, formatMonth, formatNumber, formatPercent, STATUS_LABEL, zoneAbbreviation } from './format.js';
import type { CountRow, RecapData, TimeStandardLine } from './model.js';
import { chartFont, FONT_BOLD, FONT_REGULAR } from './pdf/fonts.js';
import { contentWidth, ensureSpace, finish, letterhead, newDocument, signatureBlock, table, title, type Doc } from './pdf/layout.js';

export const RECAP_TITLE = 'Rekapitulasi Bulanan Pengaduan melalui SP4N-LAPOR!';

/** The flow table's lines, in the SOP's order, with their Indonesian labels. */
export function flowLines(f: RecapData['flow']): [string, number][] {
  return [
    ['Laporan diterima (langkah 1)', f.received],
    ['Diinventarisasi di buku register (langkah 2)', f.registered],
    ['Didisposisikan Kepala Dinas (langkah 3)', f.disposed],
    ['Tanggapan disampaikan melalui LAPOR! (langkah 7)', f.responseDelivered],
    ['Selesai — pelapor puas (Y)', f.closedSatisfied],
    ['Pelapor belum puas (T), dirumuskan kembali', f.notSatisfied],
    ['Selesai otomatis (10 hari kerja tanpa tanggapan)', f.closedAutomatically],
    ['Melewati batas waktu tindak lanjut', f.overdue],
    ['Dilimpahkan ke Ombudsman (60 hari)', f.escalatedToOmbudsman],
    ['Dikembalikan (bukan wewenang)', f.returned],
    ['Diarsipkan', f.archived],
  ];
}

const TS_HEADERS = ['Langkah', 'Kegiatan', 'Bidang', 'Mutu baku', 'Jumlah', 'Sesuai mutu baku', 'Melebihi', '% sesuai', 'Median'];

function tsCells(r: TimeStandardLine): string[] {
  return [
    String(r.step),
    r.activity,
    r.division ?? 'Seluruh OPD',
    `${formatMinutes(r.minMinutes)} – ${formatMinutes(r.maxMinutes)}`,
    formatNumber(r.count),
    formatNumber(r.withinStandard),
    formatNumber(r.overStandard),
    formatPercent(r.withinStandard, r.count),
    formatMinutes(r.medianMinutes),
  ];
}

function subtitle(d: RecapData): string {
  return `Bulan ${formatMonth(d.month)}${d.agencyCode ? '' : ' — seluruh OPD'}`;
}

export async function monthlyRecapXlsx(d: RecapData): Promise<Buffer> {
  const wb = new (await loadExcelJS()).Workbook();
  wb.creator = 'tuntas';
  wb.created = d.generatedAt;
  const sheet = (name: string, widths: number[]) => {
    const ws = wb.addWorksheet(name, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.columns = widths.map((width) => ({ width }));
    const heading = (text: string, bold = true) => {
      const row = ws.addRow([text]);
      ws.mergeCells(row.number, 1, row.number, widths.length);
      row.getCell(1).font = { bold, size: bold ? 12 : 10 };
    };
    heading(`PEMERINTAH ${d.head.regency.toUpperCase()} — ${(d.head.agencyName ?? 'SELURUH OPD').toUpperCase()}`);
    heading(`${RECAP_TITLE}: ${name}`);
    heading(subtitle(d), false);
    ws.addRow([]);
    return ws;
  };
  const header = (ws: ExcelJS.Worksheet, cells: string[]) => {
    const row = ws.addRow(cells);
    row.font = { bold: true };
    row.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } }));
  };
  const counts = (ws: ExcelJS.Worksheet, title: string, rows: CountRow[]) => {
    header(ws, [title, 'Jumlah']);
    for (const r of rows) ws.addRow([r.label, r.count]);
    ws.addRow(['Jumlah', rows.reduce((n, r) => n + r.count, 0)]).font = { bold: true };
    ws.addRow([]);
  };

  const summary = sheet('Ringkasan', [52, 14]);
  header(summary, ['Uraian', 'Jumlah']);
  for (const [label, n] of flowLines(d.flow)) summary.addRow([label, n]);
  summary.addRow([]);
  header(summary, ['Status saat ini (laporan diterima bulan ini)', 'Jumlah']);
  for (const s of d.byStatus) summary.addRow([STATUS_LABEL[s.status] ?? s.status, s.count]);
  summary.addRow(['Jumlah', d.byStatus.reduce((n, s) => n + s.count, 0)]).font = { bold: true };
  summary.addRow([]);
  summary.addRow([`Dicetak ${formatDateTime(d.generatedAt, d.timeZone)} oleh ${d.generatedBy}`]);

  const divisions = sheet('Per Bidang', [12, 40, 14]);
  header(divisions, ['Kode', 'Bidang', 'Jumlah']);
  for (const r of d.byDivision) divisions.addRow([r.code, r.name, r.count]);

  const classes = sheet('Per Jenis dan Kategori', [40, 14]);
  counts(classes, 'Jenis', d.byKind);
  counts(classes, 'Saluran', d.byChannel);
  counts(classes, 'Sifat disposisi', d.byPriority);
  counts(classes, 'Kategori', d.byCategory);

  const ts = sheet('Mutu Baku', [9, 46, 30, 22, 10, 16, 10, 10, 22]);
  header(ts, TS_HEADERS);
  const tsRow = (r: TimeStandardLine) =>
    ts.addRow([
      r.step,
      r.activity,
      r.division ?? 'Seluruh OPD',
      `${formatMinutes(r.minMinutes)} – ${formatMinutes(r.maxMinutes)}`,
      r.count,
      r.withinStandard,
      r.overStandard,
      r.count ? r.withinStandard / r.count : null,
      formatMinutes(r.medianMinutes),
    ]);
  for (const r of [...d.timeStandards, ...d.timeStandardsByDivision]) tsRow(r).getCell(8).numFmt = '0.0%';

  const trend = sheet('Tren 12 Bulan', [20, 14, 14]);
  header(trend, ['Bulan', 'Diterima', 'Selesai']);
  for (const r of d.trend) trend.addRow([formatMonth(r.month), r.received, r.closed]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function countsTable(doc: Doc, heading: string, rows: CountRow[], x: number, width: number): number {
  const y0 = doc.y;
  doc.x = x;
  const saved = doc.page.margins.left;
  doc.page.margins.left = x;
  table(
    doc,
    [
      { header: heading, width: width - 60 },
      { header: 'Jumlah', width: 60, align: 'right' },
    ],
    [
      ...rows.map((r) => ({ cells: [r.label, formatNumber(r.count)] })),
      { cells: ['Jumlah', formatNumber(rows.reduce((n, r) => n + r.count, 0))], bold: true },
    ],
  );
  doc.page.margins.left = saved;
  const end = doc.y;
  doc.y = y0;
  return end;
}

/** Draws an SVG scaled to fit width × maxHeight (keeping its proportions); returns the height used. */
function drawSvg(doc: Doc, svg: string, x: number, y: number, width: number, maxHeight: number): number {
  const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? width);
  const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? maxHeight);
  const scale = Math.min(width / w, maxHeight / h);
  // Without its own width/height the SVG fills the given viewport (through its viewBox), scaled.
  const fitted = svg.replace(/^(<svg[^>]*?)\swidth="[\d.]+"\s+height="[\d.]+"/, '$1');
  SVGtoPDF(doc, fitted, x, y, {
    width: w * scale,
    height: h * scale,
    fontCallback: (family: string, bold: boolean) => chartFont(family, bold),
    assumePt: true,
  });
  return h * scale;
}

export async function monthlyRecapPdf(d: RecapData): Promise<Doc> {
  const tz = d.timeZone;
  // The charts are rendered first: everything asynchronous happens before the document is written.
  const [bars, trend] = await Promise.all([
    renderSvg(
      divisionBarsSpec(
        d.byDivision.map((r) => ({ name: r.name, count: r.count })),
        300,
        Math.max(60, d.byDivision.length * 22),
      ),
    ),
    renderSvg(trendSpec(d.trend, 330, 150)),
  ]);
  const doc = newDocument({ landscape: true, title: RECAP_TITLE, subject: subtitle(d) });
  letterhead(doc, d.head);
  title(doc, 'Rekapitulasi Bulanan Pengaduan melalui SP4N-LAPOR!', subtitle(d));
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  const col = (w - 20) / 2;

  // Page 1: the flow of the month on the left, the charts on the right.
  const top = doc.y;
  table(
    doc,
    [
      { header: 'Uraian', width: col - 70 },
      { header: 'Jumlah', width: 70, align: 'right' },
    ],
    flowLines(d.flow).map(([label, n]) => ({ cells: [label, formatNumber(n)] })),
    { fontSize: 9 },
  );
  const leftEnd = doc.y;
  const chartX = x + col + 20;
  const barsH = drawSvg(doc, bars, chartX, top, col, 170);
  const trendH = drawSvg(doc, trend, chartX, top + barsH + 22, col, 200);
  doc.x = x;
  doc.y = Math.max(leftEnd, top + barsH + 22 + trendH) + 8;

  // Status now, and the classifications side by side.
  ensureSpace(doc, 160);
  doc.font(FONT_BOLD).fontSize(10.5).text('Laporan yang diterima bulan ini menurut status saat ini, jenis, saluran dan sifat', x, doc.y);
  doc.moveDown(0.3);
  const colW = (w - 30) / 4;
  const y1 = doc.y;
  const ends = [
    countsTable(
      doc,
      'Status',
      d.byStatus.map((s) => ({ label: STATUS_LABEL[s.status] ?? s.status, count: s.count })),
      x,
      colW,
    ),
    countsTable(doc, 'Jenis', d.byKind, x + colW + 10, colW),
    countsTable(doc, 'Saluran', d.byChannel, x + 2 * (colW + 10), colW),
    countsTable(doc, 'Sifat disposisi', d.byPriority, x + 3 * (colW + 10), colW),
  ];
  doc.y = Math.max(y1, ...ends) + 6;
  doc.x = x;

  ensureSpace(doc, 120);
  doc.font(FONT_BOLD).fontSize(10.5).text('Menurut kategori dan bidang', x, doc.y);
  doc.moveDown(0.3);
  const y2 = doc.y;
  const e1 = countsTable(doc, 'Kategori', d.byCategory, x, col);
  const e2 = countsTable(
    doc,
    'Bidang (disposisi)',
    d.byDivision.map((r) => ({ label: r.name, count: r.count })),
    x + col + 20,
    col,
  );
  doc.y = Math.max(y2, e1, e2) + 6;
  doc.x = x;

  // Time standards: every SOP step, then steps 4 and 5 per division.
  ensureSpace(doc, 140);
  doc.font(FONT_BOLD).fontSize(10.5).text('Kepatuhan terhadap mutu baku waktu SOP (hari/jam kerja)', x, doc.y);
  doc.moveDown(0.3);
  const widths = [50, 200, 130, 112, 46, 66, 52, 50, 55];
  table(
    doc,
    TS_HEADERS.map((header, i) => ({ header, width: widths[i]!, align: i >= 4 && i <= 7 ? ('right' as const) : ('left' as const) })),
    [
      ...d.timeStandards.map((r) => ({ cells: tsCells(r) })),
      ...d.timeStandardsByDivision.map((r) => ({ cells: tsCells(r), fill: '#f7f7f7' })),
    ],
    { fontSize: 8 },
  );
  doc
    .font(FONT_REGULAR)
    .fontSize(8)
    .text(`Waktu diukur dalam jam kerja kantor (1 hari kerja = 8 jam); tanggal dan jam dalam ${zoneAbbreviation(tz)}.`, x);

  signatureBlock(doc, d.signatory);
  return finish(doc, `Dicetak ${formatDateTime(d.generatedAt, tz)} oleh ${d.generatedBy} — tuntas`);
}
