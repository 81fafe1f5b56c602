// Demo complaints at various stages, with realistic history timestamps (in office hours, relative to
// the clock), so Complaint.deadlines and timeStandardReport have something to show in GraphiQL.
// Runs right after seedDemoData seeded an empty database (app.ts), never otherwise.
import { addCalendarDays, isWorkingDay, localDate, startOfLocalDay, type WorkingCalendar } from '../calendar/calendar.js';
import { formatRegisterNumber, nextRegisterSeq } from '../complaints/register-number.js';
import type { ComplaintStatus, WorkflowAction } from '../complaints/workflow.js';
import type { ActorRole } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { DEMO_AGENCY_CODE } from '../seed/demo.js';
import type { AppServices } from '../services.js';
import { maintainDeadlines } from './recompute.js';

type Tx = Prisma.TransactionClient;
const MIN = 60_000;

/** Minutes since local midnight for 'HH:MM'. */
const hhmm = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** The local date `n` working days before `now`'s date. */
function workingDaysAgo(now: Date, n: number, cal: WorkingCalendar): string {
  let d = localDate(now, cal.timeZone);
  for (let found = 0; found < n; ) {
    d = addCalendarDays(d, -1);
    if (isWorkingDay(d, cal)) found++;
  }
  return d;
}

/** `t` moved forward by `minutes` of office time (skipping nights, weekends and holidays). */
function addOfficeMinutes(t: Date, minutes: number, cal: WorkingCalendar): Date {
  let cur = t.getTime();
  let left = minutes * MIN;
  for (let guard = 0; guard < 400; guard++) {
    const day = localDate(new Date(cur), cal.timeZone);
    const hours = isWorkingDay(day, cal) ? cal.officeHours[new Date(`${day}T00:00:00Z`).getUTCDay() as 0] : null;
    if (hours) {
      const midnight = startOfLocalDay(day, cal.timeZone).getTime();
      const open = midnight + hhmm(hours.start) * MIN;
      const close = midnight + hhmm(hours.end) * MIN;
      if (cur < open) cur = open;
      if (cur < close) {
        const take = Math.min(left, close - cur);
        cur += take;
        left -= take;
        if (left === 0) return new Date(cur);
      }
    }
    cur = startOfLocalDay(addCalendarDays(day, 1), cal.timeZone).getTime();
  }
  throw new Error('addOfficeMinutes: no office time found');
}

interface DemoStep {
  action: WorkflowAction;
  /** Office minutes after the previous step. */
  after: number;
  /** FORMULATE / RESULT: the division it concerns. */
  division?: string;
  /** RESULT: office minutes after that division's formulation (instead of `after`). */
  afterFormulation?: number;
}

interface DemoComplaint {
  trackingId: string;
  title: string;
  content: string;
  category: string;
  /** Dispatched by LAPOR! this many working days ago, at this local time. */
  daysAgo: number;
  dispatchedTime: string;
  receiveAfter: number;
  steps: DemoStep[];
  feedback?: { satisfied: boolean; after: number };
}

const A = (action: WorkflowAction, after: number, more: Partial<DemoStep> = {}): DemoStep => ({ action, after, ...more });

const DEMO: DemoComplaint[] = [
  {
    trackingId: 'LAP-DEMO-0001',
    title: 'Lampu lapangan sepak bola desa padam',
    content: 'Sudah tiga minggu lampu penerangan lapangan sepak bola desa tidak menyala sehingga latihan malam terhenti.',
    category: 'Sarana Olahraga',
    daysAgo: 24,
    dispatchedTime: '08:05',
    receiveAfter: 15,
    steps: [
      A('REGISTER', 20),
      A('DISPOSE', 45),
      A('FORMULATE_FOLLOW_UP', 40, { division: 'OLAHRAGA' }),
      A('RECORD_FOLLOW_UP_RESULT', 0, { division: 'OLAHRAGA', afterFormulation: 3 * 510 }),
      A('COMPILE_FOLLOW_UP_REPORT', 35),
      A('DELIVER_RESPONSE', 40),
    ],
    feedback: { satisfied: true, after: 2 * 510 },
  },
  {
    trackingId: 'LAP-DEMO-0002',
    title: 'Pungutan liar di objek wisata air terjun',
    content: 'Pengunjung dimintai biaya parkir tambahan tanpa karcis resmi di kawasan air terjun.',
    category: 'Pariwisata',
    daysAgo: 14,
    dispatchedTime: '09:10',
    receiveAfter: 35, // over the 20-minute standard
    steps: [
      A('REGISTER', 25),
      A('DISPOSE', 140), // the head reviewed it the next morning: over the standard
      A('FORMULATE_FOLLOW_UP', 50, { division: 'PARIWISATA' }),
      A('FORMULATE_FOLLOW_UP', 30, { division: 'SEKRETARIAT' }),
      A('RECORD_FOLLOW_UP_RESULT', 0, { division: 'SEKRETARIAT', afterFormulation: 2 * 510 }),
      A('RECORD_FOLLOW_UP_RESULT', 0, { division: 'PARIWISATA', afterFormulation: 6 * 510 }), // over 5 days
      A('COMPILE_FOLLOW_UP_REPORT', 55),
      A('DELIVER_RESPONSE', 30),
    ],
  },
  {
    trackingId: 'LAP-DEMO-0003',
    title: 'Gedung kesenian tidak bisa dipinjam sanggar tari',
    content: 'Permohonan peminjaman gedung kesenian untuk latihan sanggar tari tidak pernah dijawab.',
    category: 'Kebudayaan',
    daysAgo: 4,
    dispatchedTime: '10:00',
    receiveAfter: 12,
    steps: [
      A('REGISTER', 15),
      A('DISPOSE', 50),
      A('FORMULATE_FOLLOW_UP', 45, { division: 'KEBUDAYAAN' }),
      A('FORMULATE_FOLLOW_UP', 25, { division: 'KEPEMUDAAN' }),
      A('RECORD_FOLLOW_UP_RESULT', 0, { division: 'KEPEMUDAAN', afterFormulation: 510 }),
    ],
  },
  {
    trackingId: 'LAP-DEMO-0004',
    title: 'Saran jadwal kegiatan karang taruna',
    content: 'Mohon jadwal pelatihan kepemudaan diumumkan lebih awal melalui media sosial dinas.',
    category: 'Kepemudaan',
    daysAgo: 2,
    dispatchedTime: '13:20',
    receiveAfter: 18,
    steps: [A('REGISTER', 28), A('DISPOSE', 55)],
  },
  {
    trackingId: 'LAP-DEMO-0005',
    title: 'Kolam renang daerah keruh',
    content: 'Air kolam renang milik daerah keruh dan berbau, anak-anak mengeluh gatal setelah berenang.',
    category: 'Sarana Olahraga',
    daysAgo: 7, // received 7 working days ago and not yet disposed: the follow-up is overdue
    dispatchedTime: '14:00',
    receiveAfter: 25,
    steps: [A('REGISTER', 30)],
  },
  {
    trackingId: 'LAP-DEMO-0006',
    title: 'Cagar budaya rusak tidak terawat',
    content: 'Pagar situs cagar budaya roboh dan papan informasinya hilang sejak awal tahun.',
    category: 'Kebudayaan',
    daysAgo: 50, // about 70 calendar days: past the Ombudsman's 60 days without a response
    dispatchedTime: '08:30',
    receiveAfter: 10,
    steps: [A('REGISTER', 20), A('DISPOSE', 60), A('FORMULATE_FOLLOW_UP', 45, { division: 'KEBUDAYAAN' })],
  },
];

const NEXT_STATUS: Partial<Record<WorkflowAction, ComplaintStatus>> = {
  REGISTER: 'REGISTERED',
  DISPOSE: 'DISPOSED',
  COMPILE_FOLLOW_UP_REPORT: 'REPORT_COMPILED',
  DELIVER_RESPONSE: 'RESPONSE_DELIVERED',
};

const SUMMARY: Partial<Record<WorkflowAction, string>> = {
  REGISTER: 'Dicatat di Buku Inventarisasi',
  DISPOSE: 'Disposisi Kepala Dinas ke bidang terkait',
  FORMULATE_FOLLOW_UP: 'Tindak lanjut dirumuskan bersama bidang',
  RECORD_FOLLOW_UP_RESULT: 'Hasil tindak lanjut bidang dicatat',
  COMPILE_FOLLOW_UP_REPORT: 'Laporan hasil tindak lanjut disusun',
  DELIVER_RESPONSE: 'Tanggapan disampaikan kepada pelapor melalui LAPOR!',
};

export async function seedDemoDeadlines(services: AppServices): Promise<number> {
  const { prisma } = services.db;
  const agency = await prisma.agency.findUnique({ where: { code: DEMO_AGENCY_CODE }, include: { divisions: true, users: true } });
  if (!agency) return 0;
  const cal = await services.calendars.forAgency(prisma, agency.id);
  const now = services.clock.now();
  const division = (code: string) => agency.divisions.find((d) => d.code === code)!.id;
  const user = (role: string, divisionCode?: string) =>
    agency.users.find((u) => u.role === role && (!divisionCode || u.divisionId === division(divisionCode)))?.id ?? null;

  for (const demo of DEMO) {
    await prisma.$transaction(async (tx: Tx) => {
      const dispatchedAt = new Date(startOfLocalDay(workingDaysAgo(now, demo.daysAgo, cal), cal.timeZone).getTime() + hhmm(demo.dispatchedTime) * MIN);
      const receivedAt = addOfficeMinutes(dispatchedAt, demo.receiveAfter, cal);
      let complaint = await tx.complaint.create({
        data: {
          agencyId: agency.id,
          trackingId: demo.trackingId,
          kind: 'LAPORAN',
          title: demo.title,
          content: demo.content,
          category: demo.category,
          submittedAt: new Date(dispatchedAt.getTime() - 26 * 60 * MIN),
          dispatchedAt,
          receivedAt,
          firstReceivedAt: receivedAt,
          reporterName: 'Warga (demo)',
          status: 'RECEIVED',
        },
      });
      const history = async (action: WorkflowAction, actorRole: ActorRole, actorId: string | null, from: ComplaintStatus | null, to: ComplaintStatus, at: Date, summary: string) =>
        tx.complaintHistory.create({ data: { complaintId: complaint.id, actorId, actorRole, action, fromStatus: from, toStatus: to, round: 1, summary, at } });
      await history('RECEIVE', 'ADMIN', user('ADMIN'), null, 'RECEIVED', receivedAt, `Laporan diterima dari LAPOR! (${demo.trackingId})`);

      let status: ComplaintStatus = 'RECEIVED';
      let t = receivedAt;
      const formulated = new Map<string, Date>();
      const disposed = demo.steps.filter((s) => s.action === 'FORMULATE_FOLLOW_UP').map((s) => division(s.division!));
      let resultsLeft = disposed.length;
      let formulationsLeft = disposed.length;
      let responseAt: Date | null = null;
      for (const step of demo.steps) {
        const code = step.division;
        t = step.afterFormulation !== undefined ? addOfficeMinutes(formulated.get(code!)!, step.afterFormulation, cal) : addOfficeMinutes(t, step.after, cal);
        let next: ComplaintStatus = NEXT_STATUS[step.action] ?? status;
        const data: Prisma.ComplaintUpdateInput = {};
        switch (step.action) {
          case 'REGISTER': {
            const year = Number(localDate(t, cal.timeZone).slice(0, 4));
            const seq = await nextRegisterSeq(tx, agency.id, year);
            const number = formatRegisterNumber(agency.registerNumberFormat, { seq, code: agency.code, year });
            Object.assign(data, { registerYear: year, registerSeq: seq, registeredAt: t, registerNumber: number });
            await tx.registerEntry.create({
              data: { agencyId: agency.id, year, seq, number, complaintId: complaint.id, trackingId: complaint.trackingId, registeredAt: t, registeredById: user('ADMIN') ?? null },
            });
            break;
          }
          case 'DISPOSE': {
            const d = await tx.disposition.create({
              data: { complaintId: complaint.id, round: 1, instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'], note: 'Segera ditindaklanjuti dan laporkan hasilnya.', disposedById: user('HEAD')!, createdAt: t },
            });
            for (const divisionId of new Set(disposed)) {
              await tx.dispositionDivision.create({ data: { dispositionId: d.id, divisionId, complaintId: complaint.id } });
            }
            break;
          }
          case 'FORMULATE_FOLLOW_UP':
            await tx.followUpPlan.create({ data: { complaintId: complaint.id, divisionId: division(code!), round: 1, plan: 'Peninjauan lapangan dan koordinasi dengan pengelola.', formulatedById: user('LIAISON')!, createdAt: t } });
            formulated.set(code!, t);
            next = --formulationsLeft === 0 ? 'IN_FOLLOW_UP' : 'DISPOSED';
            break;
          case 'RECORD_FOLLOW_UP_RESULT':
            await tx.followUpResult.create({
              data: { complaintId: complaint.id, divisionId: division(code!), round: 1, facts: 'Keluhan terbukti di lapangan.', actionTaken: 'Perbaikan dijadwalkan dan pengelola ditegur.', solution: 'Perbaikan selesai dalam dua minggu.', recordedById: user('DIVISION', code) ?? user('LIAISON')!, createdAt: t },
            });
            next = --resultsLeft === 0 ? 'FOLLOW_UP_COMPLETED' : 'IN_FOLLOW_UP';
            break;
          case 'COMPILE_FOLLOW_UP_REPORT':
            await tx.followUpReport.create({ data: { complaintId: complaint.id, round: 1, text: 'Laporan hasil tindak lanjut: keluhan ditangani, perbaikan dijadwalkan.', compiledById: user('LIAISON')!, createdAt: t } });
            break;
          case 'DELIVER_RESPONSE':
            await tx.response.create({ data: { complaintId: complaint.id, round: 1, postedAt: t, postedText: 'Terima kasih atas laporan Anda. Keluhan telah ditindaklanjuti.', deliveredById: user('ADMIN')!, createdAt: t } });
            data.responseDeliveredAt = t;
            responseAt = t;
            break;
          default:
            break;
        }
        const actor: ActorRole = step.action === 'DISPOSE' ? 'HEAD' : step.action === 'REGISTER' || step.action === 'DELIVER_RESPONSE' ? 'ADMIN' : step.action === 'RECORD_FOLLOW_UP_RESULT' ? 'DIVISION' : 'LIAISON';
        await history(step.action, actor, user(actor, actor === 'DIVISION' ? code : undefined), status, next, t, `${SUMMARY[step.action]}${code ? ` (${agency.divisions.find((d) => d.code === code)!.name})` : ''}`);
        complaint = await tx.complaint.update({ where: { id: complaint.id }, data: { ...data, status: next, version: { increment: 1 } } });
        status = next;
      }
      if (demo.feedback && responseAt) {
        const fat = addOfficeMinutes(responseAt, demo.feedback.after, cal);
        await tx.complainantFeedback.create({ data: { complaintId: complaint.id, round: 1, satisfied: demo.feedback.satisfied, recordedById: user('ADMIN')!, createdAt: fat } });
        await history('RECORD_FEEDBACK', 'ADMIN', user('ADMIN'), status, 'CLOSED', fat, 'Pelapor puas (Y): laporan selesai');
        complaint = await tx.complaint.update({ where: { id: complaint.id }, data: { status: 'CLOSED', closedAt: fat, version: { increment: 1 } } });
      }
      await maintainDeadlines(services, tx, complaint, now);
    });
  }
  return DEMO.length;
}
