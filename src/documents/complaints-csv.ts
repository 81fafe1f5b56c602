// The complaints CSV: one row per complaint the reader may see, UTF-8 with a byte-order mark so Excel
// opens it with the right characters, written page by page as the rows arrive (csv-stringify), never held whole.
import type { Writable } from 'node:stream';
import { writeWithBackpressure } from './backpressure.js';
import { stringify } from 'csv-stringify/sync';
import { CHANNEL_LABEL, KIND_LABEL, PRIORITY_LABEL, reporterLabel, STATUS_LABEL, zoneAbbreviation } from './format.js';

/** What the loader hands over per complaint: only fields the reader may see. */
export interface CsvComplaint {
  registerNumber: string | null;
  registeredAt: Date | null;
  trackingId: string;
  agencyCode: string;
  timeZone: string;
  kind: string;
  title: string;
  content: string;
  category: string | null;
  location: string | null;
  channel: string;
  submittedAt: Date;
  receivedAt: Date;
  status: string;
  round: number;
  priority: string | null;
  divisions: string[];
  followUpDueAt: Date | null;
  responseDeliveredAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  reporter: { visibility: 'ANONYMOUS' | 'CONFIDENTIAL' | 'VISIBLE'; name: string | null; contact: string | null };
}

export const CSV_HEADER = [
  'Nomor Register',
  'Tanggal Register',
  'Nomor Pelacakan LAPOR!',
  'OPD',
  'Jenis',
  'Judul',
  'Isi',
  'Kategori',
  'Lokasi',
  'Saluran',
  'Tanggal Laporan',
  'Tanggal Diterima',
  'Zona Waktu',
  'Status',
  'Putaran',
  'Sifat',
  'Bidang',
  'Batas Tindak Lanjut',
  'Tanggapan Disampaikan',
  'Tanggal Selesai',
  'Dilimpahkan ke Ombudsman',
  'Pelapor',
  'Kontak Pelapor',
] as const;

// One formatter per zone: building an Intl.DateTimeFormat costs far more (time and ICU memory outside
// the JS heap) than formatting with it, and the CSV formats six dates per row.
const localTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A local time Excel reads as a date: "2026-11-30 09:15" in the agency's zone (named in its own column). */
function localTime(d: Date | null, timeZone: string): string {
  if (!d) return '';
  let format = localTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localTimeFormats.set(timeZone, format);
  }
  // format() makes one string where formatToParts makes a dozen objects (six dates a row, 100,000 rows);
  // en-CA gives "2026-11-30, 09:15". Should an ICU version word it otherwise, the parts decide.
  const text = format.format(d);
  if (/^\d{4}-\d{2}-\d{2}, \d{2}:\d{2}$/.test(text)) return `${text.slice(0, 10)} ${text.slice(12)}`;
  const p = format.formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`;
}

export function csvRow(c: CsvComplaint): string[] {
  const tz = c.timeZone;
  const shown = c.reporter.visibility === 'VISIBLE';
  return [
    c.registerNumber ?? '',
    localTime(c.registeredAt, tz),
    c.trackingId,
    c.agencyCode,
    KIND_LABEL[c.kind] ?? c.kind,
    c.title,
    c.content,
    c.category ?? '',
    c.location ?? '',
    CHANNEL_LABEL[c.channel] ?? c.channel,
    localTime(c.submittedAt, tz),
    localTime(c.receivedAt, tz),
    zoneAbbreviation(tz),
    STATUS_LABEL[c.status] ?? c.status,
    String(c.round),
    c.priority ? (PRIORITY_LABEL[c.priority] ?? c.priority) : '',
    c.divisions.join(', '),
    localTime(c.followUpDueAt, tz),
    localTime(c.responseDeliveredAt, tz),
    localTime(c.closedAt, tz),
    localTime(c.escalatedAt, tz),
    reporterLabel(c.reporter),
    shown ? (c.reporter.contact ?? '') : '',
  ];
}

async function nextChunk(pages: AsyncIterator<CsvComplaint[]>): Promise<string | null> {
  const next = await pages.next();
  if (next.done) return null;
  return next.value.length > 0 ? stringify(next.value.map(csvRow), { record_delimiter: 'windows' }) : '';
}

/**
 * Writes the CSV to `out` page by page, from batches of complaints produced on demand (keyset pages):
 * each page becomes one chunk, and the next page is read only once the socket has taken the previous
 * one, so memory stays flat however many rows. Does not end `out`.
 */
export async function writeComplaintsCsv(batches: AsyncIterable<CsvComplaint[]>, out: Writable): Promise<void> {
  await writeWithBackpressure(out, stringify([[...CSV_HEADER]], { bom: true, record_delimiter: 'windows' }));
  const pages = batches[Symbol.asyncIterator]();
  try {
    for (;;) {
      // Only the page's text stays referenced while the socket drains: the rows become garbage while
      // still young, so the export does not pile them into the old generation page after page.
      const chunk = await nextChunk(pages);
      if (chunk === null) return;
      if (chunk) await writeWithBackpressure(out, chunk);
    }
  } finally {
    await pages.return?.();
  }
}
