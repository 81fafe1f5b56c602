// History summaries in the SOP's own wording (Bahasa Indonesia): what the head of the agency reads
// in a complaint's history. Pure; the mutations pass in names and values they already loaded.
import type { ComplaintStatus } from './vocabulary.js';
import type { PauseReason } from './vocabulary.js';

/** Long free text (reasons, notes) is cut in the summary; the full text stays in its own row. */
export function excerpt(text: string, max = 300): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

const ZONE_ABBREVIATION: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "28-11-2026 14.05 WIB": the date and time as the agency's staff write them. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}.${parts.minute} ${ZONE_ABBREVIATION[timeZone] ?? timeZone}`;
}

export function receiveSummary(d: { trackingId: string; viaPortal: string | null }): string {
  return `Laporan diterima dari LAPOR! (${d.trackingId})${d.viaPortal === null ? '' : ` via ${d.viaPortal}`}`;
}

export function registerSummary(registerNumber: string): string {
  return `Dicatat di Buku Inventarisasi dengan nomor ${registerNumber}`;
}

const PRIORITY_WORDS: Record<string, string> = { BIASA: 'biasa', SEGERA: 'segera', SANGAT_SEGERA: 'sangat segera' };

export function disposeSummary(d: { divisionNames: string[]; instructions: string[]; priority: string }): string {
  const priority = d.priority === 'BIASA' ? '' : `; sifat: ${PRIORITY_WORDS[d.priority] ?? d.priority}`;
  return `Disposisi Kepala Dinas ke: ${d.divisionNames.join(', ')} (${d.instructions.join(', ')})${priority}`;
}

export function formulateSummary(d: { divisionName: string; round: number; allFormulated: boolean }): string {
  const rest = d.allFormulated ? '; semua bidang sudah memiliki rumusan tindak lanjut' : '';
  return `Rumusan tindak lanjut disusun Penghubung bersama ${d.divisionName} (putaran ${d.round})${rest}`;
}

export function resultSummary(d: { divisionName: string; round: number; evidenceCount: number; allReported: boolean }): string {
  const evidence = d.evidenceCount > 0 ? `, ${d.evidenceCount} bukti` : '';
  const rest = d.allReported ? '; semua bidang telah melaporkan hasil tindak lanjut' : '';
  return `Hasil tindak lanjut ${d.divisionName} dicatat (putaran ${d.round}${evidence})${rest}`;
}

export function compileSummary(d: { round: number; divisionCount: number; fromResults: boolean }): string {
  const how = d.fromResults ? ', disusun otomatis dari hasil bidang' : '';
  return `Laporan hasil tindak lanjut disusun Penghubung dari hasil ${d.divisionCount} bidang (putaran ${d.round}${how})`;
}

export function deliverSummary(d: { postedAt: Date; timeZone: string; laporReference: string | null }): string {
  const ref = d.laporReference ? ` (ref. ${d.laporReference})` : '';
  return `Tanggapan/tindak lanjut disampaikan kepada pelapor melalui LAPOR! pada ${formatLocalDateTime(d.postedAt, d.timeZone)}${ref}`;
}

export function feedbackSummary(d: { satisfied: boolean; nextRound: number; comment: string | null }): string {
  const comment = d.comment?.trim() ? `: "${excerpt(d.comment)}"` : '';
  return d.satisfied
    ? `Pelapor puas (Y); laporan selesai${comment}`
    : `Pelapor tidak puas (T); tindak lanjut dirumuskan kembali, putaran ${d.nextRound}${comment}`;
}

export function returnSummary(reason: string): string {
  return `Dikembalikan ke Tim Administrator Kabupaten: bukan wewenang. Alasan: ${excerpt(reason)}`;
}

export function dispatchSummary(d: {
  fromAgency: string;
  toAgency: string;
  oldRegisterNumber: string | null;
  note: string | null;
}): string {
  const register = d.oldRegisterNumber ? `; nomor register lama ${d.oldRegisterNumber} (${d.fromAgency}) tidak dipakai lagi` : '';
  const note = d.note?.trim() ? `. Catatan: ${excerpt(d.note)}` : '';
  return `Didisposisikan ulang oleh Tim Administrator Kabupaten ke ${d.toAgency}${register}${note}`;
}

export function archiveSummary(reason: string): string {
  return `Diarsipkan. Alasan: ${excerpt(reason)}`;
}

export function restoreSummary(d: { to: ComplaintStatus; note: string }): string {
  return `Dipulihkan dari arsip oleh Kepala Dinas ke status ${d.to}. Catatan: ${excerpt(d.note)}`;
}

export function autoCloseSummary(workingDays: number): string {
  return `Ditutup otomatis: ${workingDays} hari kerja tanpa tanggapan pelapor`;
}

export function escalationSummary(d: { length: number; unit: 'CALENDAR_DAYS' | 'WORKING_DAYS' }): string {
  const unit = d.unit === 'CALENDAR_DAYS' ? 'hari kalender' : 'hari kerja';
  return `Dilimpahkan ke Ombudsman: ${d.length} ${unit} sejak laporan diterima tanpa tanggapan; penanganan tetap berlanjut`;
}

/** The deadlines a recomputation can move, as the history names them. */
export const DEADLINE_LABELS = {
  followUpDueAt: 'tindak lanjut',
  autoCloseAt: 'tutup otomatis',
  ombudsmanDueAt: 'Ombudsman',
  pauseLimitAt: 'batas tunda',
} as const;

/** The fixed phrase of a pause reason: what the status view and the history say (never the free text). */
export const PAUSE_PHRASES = {
  AWAITING_REPORTER: 'Ditunda: menunggu kelengkapan informasi dari pelapor',
  AWAITING_THIRD_PARTY: 'Ditunda: menunggu keterangan pihak ketiga',
} as const satisfies Record<PauseReason, string>;

export function pauseSummary(reason: PauseReason, note: string): string {
  return `${PAUSE_PHRASES[reason]}. Catatan: ${excerpt(note)}`;
}

export function resumeSummary(pausedWorkingDays: number): string {
  return `Dilanjutkan setelah ditunda ${pausedWorkingDays} hari kerja; batas waktu tindak lanjut bergeser ${pausedWorkingDays} hari kerja`;
}

export function extendSummary(workingDays: number, reason: string): string {
  return `Batas waktu tindak lanjut diperpanjang ${workingDays} hari kerja. Alasan: ${excerpt(reason)}`;
}

const CLASS_NAMES = {
  ASPIRASI: 'aspirasi',
  INFORMASI: 'permintaan informasi',
  LAPORAN: 'pengaduan',
  LAPORAN_PENGAWASAN: 'pengaduan berkadar pengawasan',
} as const;

export function reclassifySummary(from: keyof typeof CLASS_NAMES, to: keyof typeof CLASS_NAMES, reason: string): string {
  return `Klasifikasi diubah dari ${CLASS_NAMES[from]} menjadi ${CLASS_NAMES[to]}. Alasan: ${excerpt(reason)}`;
}

/** `moved`: each changed deadline with its last counted local day before and after ("—" = none). */
export function recomputeSummary(d: {
  reason: string;
  moved: readonly { deadline: keyof typeof DEADLINE_LABELS; before: string; after: string }[];
}): string {
  const what = d.moved.map((m) => `${DEADLINE_LABELS[m.deadline]} ${m.before} → ${m.after}`).join(', ');
  return `Batas waktu dihitung ulang (${d.reason})${what ? `: ${what}` : ''}`;
}

/** Start-up correction: a report dispatched before firstReceivedAt existed got its Ombudsman clock back. */
export function ombudsmanRealignedSummary(): string {
  return 'Batas waktu Ombudsman dihitung ulang sejak laporan pertama kali diterima di kabupaten, bukan sejak dilimpahkan ulang';
}
