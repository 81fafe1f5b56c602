// Laporan Hasil Tindak Lanjut (SOP step 6) of one report and round: the report, the disposition, each
// division's facts, action and solution, the compiled report, and the response as posted on LAPOR!
// (the SOP: "the posted response can be copied, stored and printed as documentation").
import { formatDateTime } from './format.js';
import type { FollowUpReportData } from './model.js';
import { FONT_BOLD, FONT_REGULAR } from './pdf/fonts.js';
import { contentWidth, ensureSpace, fieldLines, finish, letterhead, newDocument, signatureBlock, title, type Doc } from './pdf/layout.js';

function section(doc: Doc, text: string): void {
  ensureSpace(doc, 40);
  doc.moveDown(0.4);
  doc
    .font(FONT_BOLD)
    .fontSize(10.5)
    .text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.2);
}

function paragraph(doc: Doc, text: string, indent = 0): void {
  doc
    .font(FONT_REGULAR)
    .fontSize(10)
    .text(text || '–', doc.page.margins.left + indent, doc.y, { width: contentWidth(doc) - indent, align: 'justify' });
  doc.moveDown(0.3);
}

export function followUpReportPdf(d: FollowUpReportData): Doc {
  const c = d.complaint;
  const tz = d.timeZone;
  const doc = newDocument({ title: 'Laporan Hasil Tindak Lanjut', subject: `${c.trackingId} putaran ${d.round}` });
  letterhead(doc, d.head);
  title(doc, 'Laporan Hasil Tindak Lanjut', `Pengaduan melalui SP4N-LAPOR! nomor ${c.trackingId} — putaran ${d.round}`);

  section(doc, 'A. Data Laporan');
  fieldLines(doc, [
    ['Nomor pelacakan LAPOR!', c.trackingId],
    ['Nomor register', c.registerNumber ?? '–'],
    ['Tanggal diterima', formatDateTime(c.receivedAt, tz)],
    ['Jenis', c.kind],
    ['Kategori', c.category ?? '–'],
    ['Pelapor', c.reporter],
    ['Lokasi', c.location ?? '–'],
    ['Perihal', c.title],
  ]);
  doc.font(FONT_REGULAR).fontSize(9.5).text('Isi laporan:', doc.page.margins.left);
  paragraph(doc, c.content, 12);

  section(doc, 'B. Disposisi Kepala Dinas');
  if (d.disposition) {
    fieldLines(doc, [
      ['Tanggal disposisi', formatDateTime(d.disposition.at, tz)],
      ['Diteruskan kepada', d.disposition.divisions.join(', ')],
      ['Catatan', d.disposition.note],
    ]);
  } else paragraph(doc, 'Belum ada disposisi.');

  section(doc, 'C. Hasil Tindak Lanjut per Bidang');
  d.divisions.forEach((div, i) => {
    ensureSpace(doc, 90);
    doc
      .font(FONT_BOLD)
      .fontSize(10)
      .text(`${i + 1}. ${div.name}`, doc.page.margins.left, doc.y);
    fieldLines(
      doc,
      [
        ...(div.plan ? ([['Rumusan tindak lanjut', div.plan]] as [string, string][]) : []),
        ['Fakta', div.facts],
        ['Tindakan', div.actionTaken],
        ['Solusi', div.solution],
        ['Dicatat', formatDateTime(div.recordedAt, tz)],
        ...(div.evidence.length ? ([['Bukti', div.evidence.join(', ')]] as [string, string][]) : []),
      ],
      { x: doc.page.margins.left + 14, width: contentWidth(doc) - 14, labelWidth: 130 },
    );
    doc.moveDown(0.3);
  });

  section(doc, 'D. Laporan Hasil Tindak Lanjut (disusun Penghubung)');
  doc
    .font(FONT_REGULAR)
    .fontSize(8.5)
    .text(`Disusun ${formatDateTime(d.report.compiledAt, tz)}`);
  paragraph(doc, d.report.text);

  section(doc, 'E. Tanggapan yang Disampaikan melalui LAPOR!');
  if (d.response) {
    fieldLines(doc, [
      ['Waktu penyampaian', formatDateTime(d.response.postedAt, tz)],
      ['Referensi LAPOR!', d.response.laporReference ?? '–'],
    ]);
    const x = doc.page.margins.left;
    const w = contentWidth(doc);
    doc.font(FONT_REGULAR).fontSize(10);
    const h = doc.heightOfString(d.response.text, { width: w - 16 }) + 12;
    ensureSpace(doc, Math.min(h, 300));
    const y = doc.y;
    doc.text(d.response.text, x + 8, y + 6, { width: w - 16 });
    if (doc.y - y < 700)
      doc
        .lineWidth(0.6)
        .rect(x, y, w, doc.y - y + 6)
        .stroke();
    doc.y += 10;
    if (d.feedback) {
      paragraph(
        doc,
        `Umpan balik pelapor (${formatDateTime(d.feedback.at, tz)}): ${d.feedback.satisfied ? 'Puas (Y)' : 'Belum puas (T)'}${d.feedback.comment ? ` — “${d.feedback.comment}”` : ''}.`,
      );
    }
  } else paragraph(doc, 'Tanggapan belum disampaikan melalui LAPOR!.');

  signatureBlock(doc, d.signatory);
  return finish(doc, `Dicetak ${formatDateTime(d.generatedAt, tz)} oleh ${d.generatedBy} — tuntas`);
}
