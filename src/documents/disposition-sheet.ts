// Lembar Disposisi (SOP step 3): the head's disposition of one report, on the form an Indonesian
// office uses: where it came from, its numbers and dates, its nature (sifat), the subject, the
// divisions it goes to and the instruction boxes, ticked, the head's note and the signature.
import { formatDate, formatDateTime } from './format.js';
import type { Box, DispositionSheetData } from './model.js';
import { FONT_BOLD, FONT_REGULAR } from './pdf/fonts.js';
import { contentWidth, finish, letterhead, newDocument, signatureBlock, title, type Doc } from './pdf/layout.js';

function checkbox(doc: Doc, x: number, y: number, ticked: boolean): void {
  doc.lineWidth(0.8).rect(x, y, 9, 9).stroke();
  if (ticked) {
    doc
      .lineWidth(1.4)
      .moveTo(x + 1.8, y + 4.8)
      .lineTo(x + 3.8, y + 7.4)
      .lineTo(x + 7.6, y + 1.6)
      .stroke();
    doc.lineWidth(1);
  }
}

/** Boxes one under the other inside a column; returns the y after the last. */
function boxList(doc: Doc, boxes: Box[], x: number, y: number, width: number): number {
  doc.font(FONT_REGULAR).fontSize(9.5);
  for (const b of boxes) {
    checkbox(doc, x, y + 1, b.ticked);
    doc.font(b.ticked ? FONT_BOLD : FONT_REGULAR).text(b.label, x + 15, y, { width: width - 15 });
    y = doc.y + 3;
  }
  return y;
}

/** A bordered cell with a small label and its value, as on the printed form. */
function cell(doc: Doc, x: number, y: number, w: number, h: number, label: string, value: string): void {
  doc.lineWidth(0.8).rect(x, y, w, h).stroke();
  doc
    .font(FONT_REGULAR)
    .fontSize(8)
    .fillColor('#333333')
    .text(label, x + 4, y + 3, { width: w - 8 });
  doc
    .fillColor('black')
    .font(FONT_BOLD)
    .fontSize(9.5)
    .text(value, x + 4, y + 13, { width: w - 8, height: h - 15, ellipsis: true });
}

export function dispositionSheetPdf(d: DispositionSheetData): Doc {
  const c = d.complaint;
  const tz = d.timeZone;
  const doc = newDocument({ title: 'Lembar Disposisi', subject: `${c.registerNumber ?? c.trackingId}` });
  letterhead(doc, d.head);
  title(doc, 'Lembar Disposisi');
  const x = doc.page.margins.left;
  const w = contentWidth(doc);
  const half = w / 2;
  let y = doc.y;
  const rowH = 32;
  cell(doc, x, y, half, rowH, 'Laporan dari (melalui SP4N-LAPOR!)', `${c.reporter} (${c.channel})`);
  cell(doc, x + half, y, half, rowH, 'Diterima tanggal', formatDateTime(c.receivedAt, tz));
  y += rowH;
  cell(doc, x, y, half, rowH, 'Nomor pelacakan LAPOR!', c.trackingId);
  cell(doc, x + half, y, half, rowH, 'Nomor agenda (register)', c.registerNumber ?? '–');
  y += rowH;
  cell(doc, x, y, half, rowH, 'Tanggal laporan', formatDateTime(c.submittedAt, tz));
  cell(doc, x + half, y, half, rowH, 'Jenis / kategori', `${c.kind}${c.category ? ` / ${c.category}` : ''}`);
  y += rowH;
  // Sifat: the three priority boxes side by side.
  doc.lineWidth(0.8).rect(x, y, w, 24).stroke();
  doc
    .font(FONT_REGULAR)
    .fontSize(9.5)
    .text('Sifat', x + 4, y + 7, { width: 60 });
  let bx = x + 80;
  for (const b of d.priorityBoxes) {
    checkbox(doc, bx, y + 8, b.ticked);
    doc.font(b.ticked ? FONT_BOLD : FONT_REGULAR).text(b.label, bx + 14, y + 7, { width: 110 });
    bx += 130;
  }
  y += 24;
  // Perihal: the subject, and as much of the report as fits.
  doc.font(FONT_REGULAR).fontSize(9.5);
  const summary = `${c.title}\n${c.location ? `Lokasi: ${c.location}\n` : ''}${c.content}`;
  const perihalH = Math.min(Math.max(doc.heightOfString(summary, { width: w - 90 }) + 10, 40), 130);
  doc.lineWidth(0.8).rect(x, y, w, perihalH).stroke();
  doc.text('Perihal', x + 4, y + 5, { width: 70 });
  doc.font(FONT_BOLD).text(c.title, x + 84, y + 5, { width: w - 90 });
  doc
    .font(FONT_REGULAR)
    .fontSize(8.5)
    .text(`${c.location ? `Lokasi: ${c.location}. ` : ''}${c.content}`, x + 84, doc.y + 1, {
      width: w - 90,
      height: perihalH - (doc.y - y) - 6,
      ellipsis: true,
    });
  y += perihalH;
  // Two columns: "Diteruskan kepada" (divisions) and "Dengan hormat harap" (instructions).
  const top = y;
  doc
    .font(FONT_BOLD)
    .fontSize(9.5)
    .text('Diteruskan kepada Sdr.:', x + 6, y + 6, { width: half - 12 });
  const leftEnd = boxList(doc, d.divisionBoxes, x + 6, doc.y + 4, half - 12);
  doc
    .font(FONT_BOLD)
    .fontSize(9.5)
    .text('Dengan hormat harap:', x + half + 6, top + 6, { width: half - 12 });
  const rightEnd = boxList(doc, d.instructionBoxes, x + half + 6, doc.y + 4, half - 12);
  const bottom = Math.max(leftEnd, rightEnd) + 4;
  doc
    .lineWidth(0.8)
    .rect(x, top, half, bottom - top)
    .stroke();
  doc.rect(x + half, top, half, bottom - top).stroke();
  y = bottom;
  // Catatan: the head's note.
  doc.font(FONT_REGULAR).fontSize(9.5);
  const noteH = Math.max(doc.heightOfString(d.disposition.note, { width: w - 12 }) + 24, 60);
  doc.rect(x, y, w, noteH).stroke();
  doc.font(FONT_BOLD).text('Catatan Kepala Dinas:', x + 6, y + 5, { width: w - 12 });
  doc.font(FONT_REGULAR).text(d.disposition.note, x + 6, doc.y + 2, { width: w - 12 });
  y += noteH;
  doc
    .fontSize(8.5)
    .text(
      `Didisposisikan ${formatDateTime(d.disposition.at, tz)} (putaran ${d.disposition.round}).` +
        (d.followUpDueAt ? ` Batas waktu tindak lanjut: ${formatDate(d.followUpDueAt, tz)} (5 hari kerja sejak diterima).` : ''),
      x,
      y + 6,
      { width: w },
    );
  signatureBlock(doc, d.signatory);
  return finish(doc, `Dicetak ${formatDateTime(d.generatedAt, tz)} oleh ${d.generatedBy} — tuntas`);
}
