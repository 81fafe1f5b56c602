// The one message catalogue: every error message, guard reason, history summary and vocabulary label a
// person reads, in Bahasa Indonesia (`id`, the SOP's own words) and English (`en`). A message is
// passed around as data (`Message`: key + params) and rendered for the reader's locale at the edge
// (GraphQL `message` fields, history summaries). The Indonesian table declares the keys and their
// params; the English one must have exactly the same keys (the compiler checks). Pure.
import type { ActorRole, ComplaintStatus, PauseReason } from '../sop/vocabulary.js';
import type { Locale } from './locale.js';

type WorkflowActionName =
  | 'RECEIVE'
  | 'REGISTER'
  | 'DISPOSE'
  | 'FORMULATE_FOLLOW_UP'
  | 'RECORD_FOLLOW_UP_RESULT'
  | 'COMPILE_FOLLOW_UP_REPORT'
  | 'DELIVER_RESPONSE'
  | 'RECORD_FEEDBACK'
  | 'AUTO_CLOSE'
  | 'RETURN'
  | 'DISPATCH'
  | 'ARCHIVE'
  | 'RESTORE'
  | 'PAUSE'
  | 'RESUME'
  | 'EXTEND_FOLLOW_UP'
  | 'RECLASSIFY';

type Labels<K extends string> = Record<Locale, Record<K, string>>;

/** Complaint statuses as the agency's staff call them. */
export const STATUS_LABELS: Labels<ComplaintStatus> = {
  id: {
    RECEIVED: 'Diterima',
    REGISTERED: 'Diinventarisasi',
    DISPOSED: 'Didisposisikan',
    IN_FOLLOW_UP: 'Dalam tindak lanjut',
    FOLLOW_UP_COMPLETED: 'Tindak lanjut selesai',
    REPORT_COMPILED: 'Laporan hasil tindak lanjut disusun',
    RESPONSE_DELIVERED: 'Tanggapan disampaikan',
    CLOSED: 'Selesai',
    RETURNED: 'Dikembalikan (bukan wewenang)',
    ARCHIVED: 'Diarsipkan',
  },
  en: {
    RECEIVED: 'Received',
    REGISTERED: 'Registered',
    DISPOSED: 'Disposed',
    IN_FOLLOW_UP: 'In follow-up',
    FOLLOW_UP_COMPLETED: 'Follow-up completed',
    REPORT_COMPILED: 'Follow-up report compiled',
    RESPONSE_DELIVERED: 'Response delivered',
    CLOSED: 'Closed',
    RETURNED: 'Returned (not our authority)',
    ARCHIVED: 'Archived',
  },
};

/** Workflow actions as verbs ("only X may <verb>"). */
export const ACTION_LABELS: Labels<WorkflowActionName> = {
  id: {
    RECEIVE: 'menerima laporan',
    REGISTER: 'mencatat laporan di buku register',
    DISPOSE: 'mendisposisikan laporan',
    FORMULATE_FOLLOW_UP: 'merumuskan tindak lanjut',
    RECORD_FOLLOW_UP_RESULT: 'mencatat hasil tindak lanjut',
    COMPILE_FOLLOW_UP_REPORT: 'menyusun laporan hasil tindak lanjut',
    DELIVER_RESPONSE: 'menyampaikan tanggapan kepada pelapor',
    RECORD_FEEDBACK: 'mencatat umpan balik pelapor',
    AUTO_CLOSE: 'menutup laporan otomatis',
    RETURN: 'mengembalikan laporan (bukan wewenang)',
    DISPATCH: 'mendisposisikan ulang laporan ke perangkat daerah lain',
    ARCHIVE: 'mengarsipkan laporan',
    RESTORE: 'memulihkan laporan dari arsip',
    PAUSE: 'menunda laporan (tunda)',
    RESUME: 'melanjutkan laporan yang ditunda',
    EXTEND_FOLLOW_UP: 'memperpanjang batas waktu tindak lanjut',
    RECLASSIFY: 'mengubah klasifikasi laporan',
  },
  en: {
    RECEIVE: 'receive a report',
    REGISTER: 'register a report in the register book',
    DISPOSE: 'dispose a report',
    FORMULATE_FOLLOW_UP: 'formulate a follow-up',
    RECORD_FOLLOW_UP_RESULT: 'record a follow-up result',
    COMPILE_FOLLOW_UP_REPORT: 'compile the follow-up report',
    DELIVER_RESPONSE: 'deliver the response to the complainant',
    RECORD_FEEDBACK: 'record the complainant’s feedback',
    AUTO_CLOSE: 'close a report automatically',
    RETURN: 'return a report (not our authority)',
    DISPATCH: 'dispatch a report to another agency',
    ARCHIVE: 'archive a report',
    RESTORE: 'restore a report from the archive',
    PAUSE: 'pause a report (tunda)',
    RESUME: 'resume a paused report',
    EXTEND_FOLLOW_UP: 'extend the follow-up deadline',
    RECLASSIFY: 'reclassify a report',
  },
};

/** Roles by the SOP's titles. */
export const ROLE_LABELS: Labels<ActorRole> = {
  id: {
    COORDINATOR: 'Tim Administrator Kabupaten',
    ADMIN: 'Administrator (Kasubbag Umum dan Kepegawaian)',
    LIAISON: 'Penghubung (Sekretaris)',
    HEAD: 'Kepala Dinas',
    DIVISION: 'Bidang/Seksi',
    AUDITOR: 'Auditor',
    SYSTEM: 'sistem',
    SERVICE: 'portal lain (kunci API)',
  },
  en: {
    COORDINATOR: 'Regency administrator team (Tim Administrator Kabupaten)',
    ADMIN: 'Agency administrator (Kasubbag Umum)',
    LIAISON: 'Liaison officer (Penghubung)',
    HEAD: 'Head of agency (Kepala Dinas)',
    DIVISION: 'Division staff (Bidang/Seksi)',
    AUDITOR: 'Auditor',
    SYSTEM: 'the system',
    SERVICE: 'another portal (API key)',
  },
};

/** Disposition instruction codes (the boxes of a Lembar Disposisi). */
export const INSTRUCTION_LABELS: Labels<
  | 'TINDAK_LANJUTI'
  | 'KOORDINASIKAN'
  | 'PELAJARI'
  | 'UNTUK_DIKETAHUI'
  | 'LAPORKAN_HASILNYA'
  | 'SIAPKAN_JAWABAN'
  | 'HADIR_WAKILI'
  | 'ARSIPKAN'
> = {
  id: {
    TINDAK_LANJUTI: 'Untuk ditindaklanjuti',
    KOORDINASIKAN: 'Koordinasikan',
    PELAJARI: 'Pelajari / telaah',
    UNTUK_DIKETAHUI: 'Untuk diketahui',
    LAPORKAN_HASILNYA: 'Laporkan hasilnya',
    SIAPKAN_JAWABAN: 'Siapkan jawaban',
    HADIR_WAKILI: 'Hadir / wakili',
    ARSIPKAN: 'Arsipkan',
  },
  en: {
    TINDAK_LANJUTI: 'Follow up',
    KOORDINASIKAN: 'Coordinate',
    PELAJARI: 'Study / review',
    UNTUK_DIKETAHUI: 'For information',
    LAPORKAN_HASILNYA: 'Report the result',
    SIAPKAN_JAWABAN: 'Prepare a reply',
    HADIR_WAKILI: 'Attend / represent',
    ARSIPKAN: 'File',
  },
};

const ENTITY_LABELS: Labels<string> = {
  id: { Complaint: 'Laporan', Agency: 'Perangkat daerah', Division: 'Bidang', User: 'Pengguna', Holiday: 'Hari libur' },
  en: { Complaint: 'Complaint', Agency: 'Agency', Division: 'Division', User: 'User', Holiday: 'Holiday' },
};

/** A nested message (a guard's reason inside an error), rendered in the same locale. */
interface NestedMessage {
  key: string;
  params?: unknown;
}
type Render = (m: NestedMessage) => string;
// biome-ignore lint/suspicious/noExplicitAny: the catalogue's templates each declare their own params.
type Template = (p: any, r: Render) => string;

const join = (items: readonly string[], none: string) => (items.length ? items.join(', ') : none);
/** Long free text (reasons, notes) is cut in a history summary; the full text stays in its own row. */
export function excerpt(text: string, max = 300): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}
const excerptOf = excerpt;
type ClassName = 'ASPIRASI' | 'INFORMASI' | 'LAPORAN' | 'LAPORAN_PENGAWASAN';
const CLASS_LABELS: Labels<ClassName> = {
  id: {
    ASPIRASI: 'aspirasi',
    INFORMASI: 'permintaan informasi',
    LAPORAN: 'pengaduan',
    LAPORAN_PENGAWASAN: 'pengaduan berkadar pengawasan',
  },
  en: {
    ASPIRASI: 'aspiration',
    INFORMASI: 'information request',
    LAPORAN: 'complaint',
    LAPORAN_PENGAWASAN: 'complaint with an oversight element',
  },
};
const PRIORITY_WORDS: Labels<string> = {
  id: { BIASA: 'biasa', SEGERA: 'segera', SANGAT_SEGERA: 'sangat segera' },
  en: { BIASA: 'normal', SEGERA: 'urgent', SANGAT_SEGERA: 'very urgent' },
};
export const PAUSE_PHRASES: Labels<PauseReason> = {
  id: {
    AWAITING_REPORTER: 'Ditunda: menunggu kelengkapan informasi dari pelapor',
    AWAITING_THIRD_PARTY: 'Ditunda: menunggu keterangan pihak ketiga',
  },
  en: {
    AWAITING_REPORTER: 'Paused: waiting for more information from the complainant',
    AWAITING_THIRD_PARTY: 'Paused: waiting for a statement from a third party',
  },
};
/** The deadlines a recomputation can move, as the history names them. */
export const DEADLINE_LABELS: Labels<'followUpDueAt' | 'autoCloseAt' | 'ombudsmanDueAt' | 'pauseLimitAt'> = {
  id: { followUpDueAt: 'tindak lanjut', autoCloseAt: 'tutup otomatis', ombudsmanDueAt: 'Ombudsman', pauseLimitAt: 'batas tunda' },
  en: { followUpDueAt: 'follow-up', autoCloseAt: 'automatic closing', ombudsmanDueAt: 'Ombudsman', pauseLimitAt: 'pause limit' },
};

const CURRENT_VERSION_ID =
  'baca `version` terbaru laporan (query `complaint(id) { version }`, atau `version` pada hasil langkah terakhir) lalu kirim ulang';
const CURRENT_VERSION_EN =
  'read the complaint’s current `version` (query `complaint(id) { version }`, or the `version` in the last step’s result) and send again';

const id = {
  // --- errors -----------------------------------------------------------------------------------
  'error.notFound': (p: { entity: string; id: string }) => `${ENTITY_LABELS.id[p.entity] ?? p.entity} ${p.id} tidak ditemukan`,
  'error.conflict': (p: { expected: number; current: number }) =>
    `Laporan sudah diubah orang lain (Anda memegang versi ${p.expected}, sekarang versi ${p.current}); ${CURRENT_VERSION_ID}`,
  'error.illegalTransition': (p: { action: WorkflowActionName; status: ComplaintStatus | null; allowed: readonly WorkflowActionName[] }) =>
    `Tidak dapat ${ACTION_LABELS.id[p.action]}: ${p.status === null ? 'laporan belum diterima' : `status laporan ${STATUS_LABELS.id[p.status]}`}; yang dapat dilakukan sekarang: ${join(
      p.allowed.map((a) => ACTION_LABELS.id[a]),
      'tidak ada',
    )}`,
  'error.guardFailed': (p: { action: WorkflowActionName; reason: NestedMessage }, r: Render) =>
    `Tidak dapat ${ACTION_LABELS.id[p.action]}: ${r(p.reason)}`,
  'error.roleNotAllowed': (p: { action: WorkflowActionName; role: ActorRole; allowedRoles: readonly ActorRole[]; step: number | null }) =>
    `Hanya ${p.allowedRoles.map((x) => ROLE_LABELS.id[x]).join(' atau ')} yang dapat ${ACTION_LABELS.id[p.action]}${p.step ? ` (langkah ${p.step} SOP)` : ''}; peran Anda: ${ROLE_LABELS.id[p.role]}`,
  'error.duplicateTrackingId': (p: { trackingId: string }) => `Laporan dengan nomor pelacakan LAPOR! ${p.trackingId} sudah ada`,
  'error.loginFailed': () => 'Email atau kata sandi salah',
  'error.rateLimited': (p: { seconds: number }) => `Terlalu banyak percobaan; coba lagi dalam ${p.seconds} detik`,
  'error.duplicateHoliday': (p: { date: string; kind: string }) => `Kalender sudah memuat hari libur ${p.kind} pada ${p.date}`,
  'error.secondFactorRequired': () => 'Masukkan kode dari aplikasi autentikator untuk menyelesaikan masuk',
  'error.complaintRef': () =>
    'harus berupa ID global laporan (dari `id`) atau nomor pelacakan LAPOR! (huruf, angka dan . _ / -, paling banyak 64 karakter)',
  // --- input checks -----------------------------------------------------------------------------
  'input.required': () => 'wajib diisi',
  'input.notEmpty': () => 'tidak boleh kosong',
  'input.maxLength': (p: { max: number }) => `paling banyak ${p.max} karakter`,
  // --- workflow guards ---------------------------------------------------------------------------
  'guard.reasonRequired': () => 'alasan wajib diisi',
  'guard.noDivision': () => 'disposisi harus menyebut paling sedikit satu bidang',
  'guard.targetDivisionRequired': () => 'bidang tujuan wajib diisi',
  'guard.notDisposedTo': (p: { division: string }) => `laporan ini tidak didisposisikan ke bidang ${p.division}`,
  'guard.alreadyFormulated': (p: { division: string; round: number }) =>
    `bidang ${p.division} sudah memiliki rumusan tindak lanjut pada putaran ${p.round}`,
  'guard.reportingDivisionRequired': () => 'bidang pelapor hasil wajib diisi',
  'guard.notFormulated': (p: { division: string; round: number }) =>
    `bidang ${p.division} belum memiliki rumusan tindak lanjut pada putaran ${p.round}`,
  'guard.alreadyReported': (p: { division: string; round: number }) =>
    `bidang ${p.division} sudah melaporkan hasilnya pada putaran ${p.round}`,
  'guard.satisfiedRequired': () => 'wajib diisi apakah pelapor puas',
  'guard.restoreStatus': (p: { statuses: readonly ComplaintStatus[] }) =>
    `status sebelum diarsipkan harus salah satu dari ${p.statuses.map((s) => STATUS_LABELS.id[s]).join(', ')}`,
  'guard.alreadyPaused': () => 'laporan sudah ditunda',
  'guard.notPaused': () => 'laporan tidak sedang ditunda',
  'guard.alreadyExtended': (p: { round: number }) => `batas waktu tindak lanjut sudah diperpanjang pada putaran ${p.round}`,
  'guard.statusRequired': () => 'status saat ini wajib diketahui',
  'guard.badRound': (p: { round: number }) => `putaran tindak lanjut harus bilangan bulat mulai 1, bukan ${p.round}`,
  // --- history summaries (stored in both languages, see DEVELOPERS.md) ----------------------------
  'history.receive': (p: { trackingId: string; viaPortal: string | null }) =>
    `Laporan diterima dari LAPOR! (${p.trackingId})${p.viaPortal === null ? '' : ` via ${p.viaPortal}`}`,
  'history.register': (p: { registerNumber: string }) => `Dicatat di Buku Inventarisasi dengan nomor ${p.registerNumber}`,
  'history.dispose': (p: { divisionNames: readonly string[]; instructions: readonly string[]; priority: string }) =>
    `Disposisi Kepala Dinas ke: ${p.divisionNames.join(', ')} (${p.instructions.join(', ')})${p.priority === 'BIASA' ? '' : `; sifat: ${PRIORITY_WORDS.id[p.priority] ?? p.priority}`}`,
  'history.formulate': (p: { divisionName: string; round: number; allFormulated: boolean }) =>
    `Rumusan tindak lanjut disusun Penghubung bersama ${p.divisionName} (putaran ${p.round})${p.allFormulated ? '; semua bidang sudah memiliki rumusan tindak lanjut' : ''}`,
  'history.result': (p: { divisionName: string; round: number; evidenceCount: number; allReported: boolean }) =>
    `Hasil tindak lanjut ${p.divisionName} dicatat (putaran ${p.round}${p.evidenceCount > 0 ? `, ${p.evidenceCount} bukti` : ''})${p.allReported ? '; semua bidang telah melaporkan hasil tindak lanjut' : ''}`,
  'history.compile': (p: { round: number; divisionCount: number; fromResults: boolean }) =>
    `Laporan hasil tindak lanjut disusun Penghubung dari hasil ${p.divisionCount} bidang (putaran ${p.round}${p.fromResults ? ', disusun otomatis dari hasil bidang' : ''})`,
  'history.deliver': (p: { postedAt: string; laporReference: string | null }) =>
    `Tanggapan/tindak lanjut disampaikan kepada pelapor melalui LAPOR! pada ${p.postedAt}${p.laporReference ? ` (ref. ${p.laporReference})` : ''}`,
  'history.feedback': (p: { satisfied: boolean; nextRound: number; comment: string | null }) => {
    const comment = p.comment?.trim() ? `: "${excerptOf(p.comment)}"` : '';
    return p.satisfied
      ? `Pelapor puas (Y); laporan selesai${comment}`
      : `Pelapor tidak puas (T); tindak lanjut dirumuskan kembali, putaran ${p.nextRound}${comment}`;
  },
  'history.return': (p: { reason: string }) =>
    `Dikembalikan ke Tim Administrator Kabupaten: bukan wewenang. Alasan: ${excerptOf(p.reason)}`,
  'history.dispatch': (p: { fromAgency: string; toAgency: string; oldRegisterNumber: string | null; note: string | null }) =>
    `Didisposisikan ulang oleh Tim Administrator Kabupaten ke ${p.toAgency}${p.oldRegisterNumber ? `; nomor register lama ${p.oldRegisterNumber} (${p.fromAgency}) tidak dipakai lagi` : ''}${p.note?.trim() ? `. Catatan: ${excerptOf(p.note)}` : ''}`,
  'history.archive': (p: { reason: string }) => `Diarsipkan. Alasan: ${excerptOf(p.reason)}`,
  'history.restore': (p: { to: ComplaintStatus; note: string }) =>
    `Dipulihkan dari arsip oleh Kepala Dinas ke status ${p.to}. Catatan: ${excerptOf(p.note)}`,
  'history.autoClose': (p: { workingDays: number }) => `Ditutup otomatis: ${p.workingDays} hari kerja tanpa tanggapan pelapor`,
  'history.escalation': (p: { length: number; unit: 'CALENDAR_DAYS' | 'WORKING_DAYS' }) =>
    `Dilimpahkan ke Ombudsman: ${p.length} ${p.unit === 'CALENDAR_DAYS' ? 'hari kalender' : 'hari kerja'} sejak laporan diterima tanpa tanggapan; penanganan tetap berlanjut`,
  'history.pause': (p: { reason: PauseReason; note: string }) => `${PAUSE_PHRASES.id[p.reason]}. Catatan: ${excerptOf(p.note)}`,
  'history.resume': (p: { days: number }) =>
    `Dilanjutkan setelah ditunda ${p.days} hari kerja; batas waktu tindak lanjut bergeser ${p.days} hari kerja`,
  'history.extend': (p: { workingDays: number; reason: string }) =>
    `Batas waktu tindak lanjut diperpanjang ${p.workingDays} hari kerja. Alasan: ${excerptOf(p.reason)}`,
  'history.reclassify': (p: { from: ClassName; to: ClassName; reason: string }) =>
    `Klasifikasi diubah dari ${CLASS_LABELS.id[p.from]} menjadi ${CLASS_LABELS.id[p.to]}. Alasan: ${excerptOf(p.reason)}`,
  'history.recompute': (p: {
    reason: string;
    moved: readonly { deadline: keyof (typeof DEADLINE_LABELS)['id']; before: string; after: string }[];
  }) => {
    const what = p.moved.map((m) => `${DEADLINE_LABELS.id[m.deadline]} ${m.before} → ${m.after}`).join(', ');
    return `Batas waktu dihitung ulang (${p.reason})${what ? `: ${what}` : ''}`;
  },
  'history.ombudsmanRealigned': () =>
    'Batas waktu Ombudsman dihitung ulang sejak laporan pertama kali diterima di kabupaten, bukan sejak dilimpahkan ulang',
} satisfies Record<string, Template>;

type Catalogue = typeof id;
export type MessageKey = keyof Catalogue;
type ParamsOf<K extends MessageKey> = Parameters<Catalogue[K]>[0];

const en: { [K in MessageKey]: (p: ParamsOf<K>, r: Render) => string } = {
  'error.notFound': (p) => `${ENTITY_LABELS.en[p.entity] ?? p.entity} ${p.id} was not found`,
  'error.conflict': (p) =>
    `The complaint was changed by someone else (you had version ${p.expected}, it is now ${p.current}); ${CURRENT_VERSION_EN}`,
  'error.illegalTransition': (p) =>
    `Cannot ${ACTION_LABELS.en[p.action]}: ${p.status === null ? 'the report has not been received yet' : `the report is ${STATUS_LABELS.en[p.status]}`}; allowed now: ${join(
      p.allowed.map((a) => ACTION_LABELS.en[a]),
      'none',
    )}`,
  'error.guardFailed': (p, r) => `Cannot ${ACTION_LABELS.en[p.action]}: ${r(p.reason)}`,
  'error.roleNotAllowed': (p) =>
    `Only the ${p.allowedRoles.map((x) => ROLE_LABELS.en[x]).join(' or the ')} may ${ACTION_LABELS.en[p.action]}${p.step ? ` (SOP step ${p.step})` : ''}; your role: ${ROLE_LABELS.en[p.role]}`,
  'error.duplicateTrackingId': (p) => `A complaint with LAPOR! tracking ID ${p.trackingId} already exists`,
  'error.loginFailed': () => 'Email or password is incorrect',
  'error.rateLimited': (p) => `Too many attempts; try again in ${p.seconds} seconds`,
  'error.duplicateHoliday': (p) => `The calendar already has a ${p.kind} holiday on ${p.date}`,
  'error.secondFactorRequired': () => 'Enter the code from your authenticator app to finish signing in',
  'error.complaintRef': () =>
    'must be the complaint’s global ID (its `id`) or its LAPOR! tracking ID (letters, digits and . _ / -, at most 64 characters)',
  'input.required': () => 'is required',
  'input.notEmpty': () => 'must not be empty',
  'input.maxLength': (p) => `must be at most ${p.max} characters`,
  'guard.reasonRequired': () => 'a reason is required',
  'guard.noDivision': () => 'the disposition must name at least one division',
  'guard.targetDivisionRequired': () => 'the target division is required',
  'guard.notDisposedTo': (p) => `this complaint was not disposed to division ${p.division}`,
  'guard.alreadyFormulated': (p) => `division ${p.division} already has a formulated follow-up in round ${p.round}`,
  'guard.reportingDivisionRequired': () => 'the reporting division is required',
  'guard.notFormulated': (p) => `division ${p.division} has no formulated follow-up in round ${p.round}`,
  'guard.alreadyReported': (p) => `division ${p.division} already recorded its result in round ${p.round}`,
  'guard.satisfiedRequired': () => 'whether the complainant is satisfied is required',
  'guard.restoreStatus': (p) => `the status before archiving must be one of ${p.statuses.join(', ')}`,
  'guard.alreadyPaused': () => 'the complaint is already paused',
  'guard.notPaused': () => 'the complaint is not paused',
  'guard.alreadyExtended': (p) => `the follow-up deadline was already extended in round ${p.round}`,
  'guard.statusRequired': () => 'the current status is required',
  'guard.badRound': (p) => `the follow-up round must be a whole number from 1, got ${p.round}`,
  'history.receive': (p) => `Report received from LAPOR! (${p.trackingId})${p.viaPortal === null ? '' : ` via ${p.viaPortal}`}`,
  'history.register': (p) => `Registered in the register book as number ${p.registerNumber}`,
  'history.dispose': (p) =>
    `Disposition by the head of agency to: ${p.divisionNames.join(', ')} (${p.instructions.join(', ')})${p.priority === 'BIASA' ? '' : `; priority: ${PRIORITY_WORDS.en[p.priority] ?? p.priority}`}`,
  'history.formulate': (p) =>
    `Follow-up formulated by the liaison with ${p.divisionName} (round ${p.round})${p.allFormulated ? '; every division now has a formulated follow-up' : ''}`,
  'history.result': (p) =>
    `Follow-up result of ${p.divisionName} recorded (round ${p.round}${p.evidenceCount > 0 ? `, ${p.evidenceCount} pieces of evidence` : ''})${p.allReported ? '; every division has reported its result' : ''}`,
  'history.compile': (p) =>
    `Follow-up report compiled by the liaison from the results of ${p.divisionCount} divisions (round ${p.round}${p.fromResults ? ', drafted automatically from the divisions’ results' : ''})`,
  'history.deliver': (p) =>
    `Response/follow-up delivered to the complainant through LAPOR! at ${p.postedAt}${p.laporReference ? ` (ref. ${p.laporReference})` : ''}`,
  'history.feedback': (p) => {
    const comment = p.comment?.trim() ? `: "${excerptOf(p.comment)}"` : '';
    return p.satisfied
      ? `Complainant satisfied (Y); report closed${comment}`
      : `Complainant not satisfied (T); the follow-up is formulated again, round ${p.nextRound}${comment}`;
  },
  'history.return': (p) => `Returned to the regency administrator team: not our authority. Reason: ${excerptOf(p.reason)}`,
  'history.dispatch': (p) =>
    `Dispatched again by the regency administrator team to ${p.toAgency}${p.oldRegisterNumber ? `; old register number ${p.oldRegisterNumber} (${p.fromAgency}) no longer used` : ''}${p.note?.trim() ? `. Note: ${excerptOf(p.note)}` : ''}`,
  'history.archive': (p) => `Archived. Reason: ${excerptOf(p.reason)}`,
  'history.restore': (p) => `Restored from the archive by the head of agency to status ${p.to}. Note: ${excerptOf(p.note)}`,
  'history.autoClose': (p) => `Closed automatically: ${p.workingDays} working days without a reply from the complainant`,
  'history.escalation': (p) =>
    `Handed over to the Ombudsman: ${p.length} ${p.unit === 'CALENDAR_DAYS' ? 'calendar days' : 'working days'} since receipt without a response; handling continues`,
  'history.pause': (p) => `${PAUSE_PHRASES.en[p.reason]}. Note: ${excerptOf(p.note)}`,
  'history.resume': (p) => `Resumed after a pause of ${p.days} working days; the follow-up deadline moves by ${p.days} working days`,
  'history.extend': (p) => `Follow-up deadline extended by ${p.workingDays} working days. Reason: ${excerptOf(p.reason)}`,
  'history.reclassify': (p) => `Class changed from ${CLASS_LABELS.en[p.from]} to ${CLASS_LABELS.en[p.to]}. Reason: ${excerptOf(p.reason)}`,
  'history.recompute': (p) => {
    const what = p.moved.map((m) => `${DEADLINE_LABELS.en[m.deadline]} ${m.before} → ${m.after}`).join(', ');
    return `Deadlines recomputed (${p.reason})${what ? `: ${what}` : ''}`;
  },
  'history.ombudsmanRealigned': () => 'Ombudsman deadline recomputed from the first receipt in the regency, not from the later dispatch',
};

const CATALOGUES: Record<Locale, { [K in MessageKey]: (p: ParamsOf<K>, r: Render) => string }> = { id, en };

/** A message as data: rendered for each reader by `render`. */
export type Message = { [K in MessageKey]: { key: K; params: ParamsOf<K> } }[MessageKey];

/** Builds a message; params are checked against the catalogue's template for the key. */
export function msg<K extends MessageKey>(key: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): Message {
  return { key, params: params[0] } as Message;
}

export function render(locale: Locale, m: Message | NestedMessage): string {
  const template = CATALOGUES[locale][m.key as MessageKey] as (p: unknown, r: Render) => string;
  return template(m.params, (nested) => render(locale, nested));
}

/** A text stored in both languages (history summaries). */
export interface Localized {
  id: string;
  en: string;
}

export function renderBoth(m: Message): Localized {
  return { id: render('id', m), en: render('en', m) };
}
