// What every printed form shares: the letterhead (kop surat) of the regency and the agency, a centred
// title, simple ruled tables, a signature block, and "Halaman x dari y" on every page. Pure: takes
// plain data, draws on a pdfkit document.
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR, registerFonts } from './fonts.js';

export type Doc = PDFKit.PDFDocument;

export interface Letterhead {
  /** "Kabupaten Demo" */
  regency: string;
  /** The agency's full name; null for a regency-wide document. */
  agencyName: string | null;
}

export interface Signatory {
  /** "Kepala Sub Bagian Umum dan Kepegawaian" */
  position: string;
  name: string | null;
  nip: string | null;
  /** Where and when: "Kabupaten Demo, 30 November 2026". */
  placeAndDate: string;
}

export const MARGIN = 40;

export function newDocument(opts: { landscape?: boolean; title: string; subject: string }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: opts.title, Subject: opts.subject, Author: 'tuntas', Creator: 'tuntas' },
    lang: 'id-ID',
  });
  registerFonts(doc);
  doc.font(FONT_REGULAR).fontSize(10);
  return doc;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** The kop surat: PEMERINTAH KABUPATEN ..., the agency in bold capitals, a double rule. */
export function letterhead(doc: Doc, head: Letterhead): void {
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  doc.font(FONT_BOLD).fontSize(12).text(`PEMERINTAH ${head.regency.toUpperCase()}`, x, doc.page.margins.top, { width: w, align: 'center' });
  doc.fontSize(14).text((head.agencyName ?? 'Tim Administrator SP4N-LAPOR! Kabupaten').toUpperCase(), { width: w, align: 'center' });
  doc.font(FONT_REGULAR).fontSize(8.5).text('Pengelolaan Pengaduan Pelayanan Publik melalui SP4N-LAPOR!', { width: w, align: 'center' });
  const y = doc.y + 4;
  doc
    .moveTo(x, y)
    .lineTo(x + w, y)
    .lineWidth(2)
    .stroke();
  doc
    .moveTo(x, y + 3)
    .lineTo(x + w, y + 3)
    .lineWidth(0.6)
    .stroke();
  doc.lineWidth(1);
  doc.y = y + 12;
}

/** Centred, bold, underlined title with an optional subtitle line (period, number). */
export function title(doc: Doc, text: string, subtitle?: string): void {
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  doc.font(FONT_BOLD).fontSize(12).text(text.toUpperCase(), x, doc.y, { width: w, align: 'center', underline: true });
  if (subtitle) doc.font(FONT_REGULAR).fontSize(10).text(subtitle, { width: w, align: 'center' });
  doc.moveDown(0.8);
}

/** "label : value" lines with aligned colons, as on a printed form. */
export function fieldLines(doc: Doc, rows: [string, string][], opts: { labelWidth?: number; x?: number; width?: number } = {}): void {
  const x = opts.x ?? doc.page.margins.left;
  const labelWidth = opts.labelWidth ?? 150;
  const width = opts.width ?? contentWidth(doc);
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font(FONT_REGULAR).fontSize(10);
    const h = Math.max(
      doc.heightOfString(label, { width: labelWidth }),
      doc.heightOfString(value || '–', { width: width - labelWidth - 12 }),
    );
    ensureSpace(doc, h + 4);
    const top = doc.y === y ? y : doc.y;
    doc.text(label, x, top, { width: labelWidth });
    doc.text(':', x + labelWidth, top, { width: 8 });
    doc.text(value || '–', x + labelWidth + 12, top, { width: width - labelWidth - 12 });
    doc.y = top + h + 3;
  }
}

/** A new page when fewer than `height` points are left. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * A ruled table; the header row is repeated on every page. `rows` is any iterable, and each row's
 * height follows its tallest cell. `bold` rows (totals) are printed in bold.
 */
export function table(
  doc: Doc,
  columns: Column[],
  rows: Iterable<{ cells: string[]; bold?: boolean; fill?: string; span?: boolean }>,
  opts: { fontSize?: number } = {},
): void {
  const size = opts.fontSize ?? 8.5;
  const x0 = doc.page.margins.left;
  const pad = 3;
  const totalWidth = columns.reduce((n, c) => n + c.width, 0);
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, fill?: string) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    if (fill) doc.rect(x0, y, totalWidth, h).fill(fill).fillColor('black');
    let x = x0;
    doc.font(font).fontSize(size);
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc.rect(x, y, col.width, h).lineWidth(0.5).stroke();
      doc.text(c, x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' });
      x += col.width;
    });
    doc.x = x0;
    doc.y = y + h;
  };
  const header = () =>
    drawRow(
      columns.map((c) => c.header),
      FONT_BOLD,
      '#e6e6e6',
    );
  header();
  for (const row of rows) {
    const font = row.bold ? FONT_BOLD : FONT_REGULAR;
    if (doc.y + rowHeight(row.cells, font) > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
    }
    if (row.span) {
      // One cell across the whole table (a total line).
      doc.font(font).fontSize(size);
      const h = doc.heightOfString(row.cells[0] ?? '', { width: totalWidth - 2 * pad }) + 2 * pad;
      const y = doc.y;
      if (row.fill) doc.rect(x0, y, totalWidth, h).fill(row.fill).fillColor('black');
      doc.rect(x0, y, totalWidth, h).lineWidth(0.5).stroke();
      doc.text(row.cells[0] ?? '', x0 + pad, y + pad, { width: totalWidth - 2 * pad });
      doc.x = x0;
      doc.y = y + h;
    } else drawRow(row.cells, font, row.fill);
  }
  doc.moveDown(0.6);
}

/** Right-aligned signature block: place and date, position, room to sign, name (underlined) and NIP. */
export function signatureBlock(doc: Doc, s: Signatory, opts: { acknowledged?: string } = {}): void {
  ensureSpace(doc, 120);
  const w = 230;
  const x = doc.page.width - doc.page.margins.right - w;
  const y = doc.y + 10;
  doc.font(FONT_REGULAR).fontSize(10);
  doc.text(s.placeAndDate, x, y, { width: w, align: 'center' });
  if (opts.acknowledged) doc.text(opts.acknowledged, { width: w, align: 'center' });
  doc.text(`${s.position},`, { width: w, align: 'center' });
  doc.moveDown(3.5);
  doc.font(FONT_BOLD).text(s.name ?? '(.......................................)', { width: w, align: 'center', underline: !!s.name });
  doc.font(FONT_REGULAR).text(`NIP. ${s.nip ?? '.......................................'}`, { width: w, align: 'center' });
  doc.x = doc.page.margins.left;
}

/** "Halaman x dari y" and the generation stamp in every page's footer; then ends the document. */
export function finish(doc: Doc, stamp: string): Doc {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.height - doc.page.margins.bottom + 2;
    const x = doc.page.margins.left;
    const w = contentWidth(doc);
    // Writing into the bottom margin must not open a new page.
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT_REGULAR).fontSize(7.5).fillColor('#444444');
    doc.text(stamp, x, bottom, { width: w, align: 'left', lineBreak: false });
    doc.text(`Halaman ${i - range.start + 1} dari ${range.count}`, x, bottom, { width: w, align: 'right', lineBreak: false });
    doc.fillColor('black');
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return doc;
}

/** Reads a finished document into memory (tests, and forms that are a page or two). */
export async function toBuffer(doc: Doc): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of doc as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
