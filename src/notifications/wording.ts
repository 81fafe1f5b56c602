// E-mail texts, in Bahasa Indonesia. Status-level only: the tracking ID, the step, the deadline and
// a link to the console; never the reporter, the title or the content of the report.
import type { ComplaintDeadlineEvent, ComplaintStatusChanged } from '../sop/events.js';
import type { DeadlineKind } from '../sop/vocabulary.js';
import type { NoticeKind } from './hand-over.js';

const DEADLINE_NAME: Record<DeadlineKind, string> = {
  FOLLOW_UP: 'batas waktu tindak lanjut',
  AUTO_CLOSE: 'batas waktu penutupan otomatis',
  OMBUDSMAN: 'batas 60 hari (pengambilalihan oleh Ombudsman)',
  PAUSE: 'batas waktu penundaan (tunda)',
};

const HEADLINE: Record<NoticeKind, string> = {
  NEW_REPORT: 'Laporan baru perlu dicatat di Buku Inventarisasi',
  TO_DISPOSE: 'Laporan telah dicatat dan menunggu disposisi Kepala Dinas',
  DISPOSITION: 'Disposisi Kepala Dinas: laporan perlu ditindaklanjuti',
  RESULTS_IN: 'Semua hasil tindak lanjut bidang telah masuk: laporan hasil perlu disusun',
  TO_POST: 'Laporan hasil tindak lanjut telah disusun: tanggapan perlu disampaikan melalui LAPOR!',
  COMPLAINANT_ANSWER: 'Pelapor telah memberi tanggapan atas tindak lanjut',
  DEADLINE_WARNING: 'Peringatan: batas waktu segera berakhir',
  DEADLINE_OVERDUE: 'Batas waktu telah terlampaui',
  OMBUDSMAN: 'Laporan melewati 60 hari dan diambil alih oleh Ombudsman',
  PAUSE_TOO_LONG: 'Penundaan (tunda) telah melewati batas waktu maksimum: lanjutkan penanganan laporan',
};

function formatTime(iso: string): string {
  return `${new Date(iso).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' })} WIB`;
}

export interface Notice {
  subject: string;
  /** The paragraph for this event (a digest lists several). */
  text: string;
}

export function noticeFor(kind: NoticeKind, event: ComplaintStatusChanged | ComplaintDeadlineEvent, consoleUrl: string): Notice {
  const link = `${consoleUrl}/complaints/${event.complaintId}`;
  const lines = [`${HEADLINE[kind]}.`, `Nomor pelacakan LAPOR!: ${event.trackingId}`];
  if ('status' in event) {
    if (kind === 'COMPLAINANT_ANSWER') {
      lines.push(
        event.status === 'CLOSED'
          ? 'Pelapor menyatakan puas; laporan ditutup.'
          : `Pelapor belum puas; tindak lanjut putaran ke-${event.round} dimulai.`,
      );
    }
  } else {
    lines.push(`${DEADLINE_NAME[event.deadline][0]!.toUpperCase()}${DEADLINE_NAME[event.deadline].slice(1)}: ${formatTime(event.dueAt)}`);
  }
  lines.push(`Buka di konsol tuntas: ${link}`);
  return { subject: `[tuntas] ${event.trackingId}: ${HEADLINE[kind]}`, text: lines.join('\n') };
}

const FOOTER =
  'Pesan ini dikirim otomatis oleh tuntas kepada petugas yang memegang langkah SOP berikutnya. ' +
  'Identitas pelapor tidak pernah dicantumkan dalam e-mail. Atur pemberitahuan (segera, ringkasan harian, atau tidak sama sekali) di konsol.';

export function emailBody(name: string, paragraphs: readonly string[]): string {
  return [`Yth. ${name},`, '', ...paragraphs.flatMap((p) => [p, '']), '--', FOOTER, ''].join('\n');
}

export function digestSubject(count: number, day: string): string {
  return `[tuntas] Ringkasan harian ${day}: ${count} pemberitahuan`;
}
