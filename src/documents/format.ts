// Indonesian formatting for printed documents: numbers (1.234), dates (30 November 2026), times with
// the agency's zone abbreviation (WIB/WITA/WIT), and the SOP's vocabulary in Bahasa Indonesia. Pure.

import { zoneAbbreviation } from '../calendar/local-time.js';
import { INSTRUCTION_LABELS, STATUS_LABELS } from '../i18n/messages.js';

export { zoneAbbreviation };

const numberFormat = new Intl.NumberFormat('id-ID');
export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** A share as "12,5%" (one decimal), or "–" when there is nothing to divide by. */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '–';
  return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format((part / whole) * 100)}%`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('id-ID', {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** "30 November 2026" (the instant's local date in the agency's zone). */
export function formatDate(instant: Date, timeZone: string): string {
  return dateFormat(timeZone, false).format(instant);
}

/** "30 November 2026 09.15 WIB". */
export function formatDateTime(instant: Date, timeZone: string): string {
  const parts = dateFormat(timeZone, true).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} ${get('hour')}.${get('minute')} ${zoneAbbreviation(timeZone)}`;
}

/** "30 November 2026" for a calendar date 'YYYY-MM-DD' (no zone: it already is a local date). */
export function formatIsoDate(date: string): string {
  return dateFormat('UTC', false).format(new Date(`${date}T00:00:00Z`));
}

export const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** "November 2026" for '2026-11'. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m! - 1]} ${y}`;
}

/** Short month label for charts: "Nov 2026". */
export function formatMonthShort(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${MONTHS[m! - 1]!.slice(0, 3)} ${y}`;
}

/** Working minutes as a reader says them: "45 menit", "2 jam 30 menit", "3 hari kerja 1 jam" (1 day = 8 h). */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '–';
  const m = Math.round(minutes);
  if (m < 60) return `${m} menit`;
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const rest = m % 60;
  return [days ? `${days} hari kerja` : '', hours ? `${hours} jam` : '', rest ? `${rest} menit` : ''].filter(Boolean).join(' ');
}

// --- The SOP's vocabulary, in the words printed on the forms. -------------------------------------

export const KIND_LABEL: Record<string, string> = { LAPORAN: 'Laporan', SARAN: 'Saran', INFORMASI: 'Informasi' };

/** The statuses as printed (the one catalogue's Indonesian labels). */
export const STATUS_LABEL: Record<string, string> = STATUS_LABELS.id;

export const CHANNEL_LABEL: Record<string, string> = {
  WEB: 'Situs web',
  SMS_1708: 'SMS 1708',
  MOBILE_APP: 'Aplikasi seluler',
  SOCIAL_MEDIA: 'Media sosial',
  OTHER: 'Lainnya',
};

export const PRIORITY_LABEL: Record<string, string> = { BIASA: 'Biasa', SEGERA: 'Segera', SANGAT_SEGERA: 'Sangat Segera' };

/** The instruction boxes of a Lembar Disposisi, in the order they are printed. */
export const INSTRUCTION_LABEL: Record<string, string> = INSTRUCTION_LABELS.id;

/** What a document prints instead of a reporter's identity it may not show. */
export function reporterLabel(r: { visibility: 'ANONYMOUS' | 'CONFIDENTIAL' | 'VISIBLE'; name: string | null }): string {
  if (r.visibility === 'ANONYMOUS') return 'Anonim';
  if (r.visibility === 'CONFIDENTIAL') return 'Dirahasiakan';
  return r.name ?? '–';
}
