// Demo complaints at various stages, with realistic history timestamps (in office hours, relative to
// the clock), so Complaint.deadlines and timeStandardReport have something to show in GraphiQL.
// Runs right after seedDemoData seeded an empty database (app.ts), never otherwise. It replays the
// real SOP steps (src/sop/actions) at past instants, so statuses, rows and wording are the service's own.
import { addCalendarDays, isWorkingDay, localDate, startOfLocalDay, type WorkingCalendar } from '../calendar/calendar.js';
import type { Prisma } from '../generated/prisma/client.js';
import { DEMO_AGENCY_CODE } from '../seed/demo.js';
import type { AppServices } from '../services.js';
import { compileFollowUpReport } from '../sop/actions/compile-follow-up-report.js';
import { deliverResponse } from '../sop/actions/deliver-response.js';
import { dispose } from '../sop/actions/dispose.js';
import { extendFollowUp } from '../sop/actions/extend-follow-up.js';
import { pause } from '../sop/actions/pause.js';
import { resume } from '../sop/actions/resume.js';
import { formulateFollowUp } from '../sop/actions/formulate-follow-up.js';
import { receiveInTx } from '../sop/actions/receive.js';
import { recordFeedback } from '../sop/actions/record-feedback.js';
import { recordFollowUpResult } from '../sop/actions/record-follow-up-result.js';
import { register } from '../sop/actions/register.js';
import type { Actor } from '../sop/runner.js';
import { performStepInTx, type Step } from '../sop/step.js';
import { staffRolesFor, type WorkflowAction } from '../sop/workflow.js';

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
  /** DISPOSE: the divisions, when no later step formulates with them. */
  disposeTo?: string[];
  /** LAPORAN berkadar pengawasan. */
  hasOversight?: boolean;
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
    hasOversight: true, // an allegation against officials: berkadar pengawasan
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
      // The building's schedule is kept by another office: the head extends the deadline by 7 days.
      A('EXTEND_FOLLOW_UP', 20),
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
    disposeTo: ['KEPEMUDAAN'], // disposed, nothing formulated yet
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
  {
    trackingId: 'LAP-DEMO-0007',
    title: 'Bantuan alat olahraga belum diterima',
    content: 'Klub bola voli kami dijanjikan bantuan net dan bola tahun lalu, sampai sekarang belum ada kabar.',
    category: 'Fasilitas Olahraga',
    daysAgo: 3,
    dispatchedTime: '09:40',
    receiveAfter: 14,
    // Which club and which programme? Paused (tunda) until the reporter answers.
    steps: [A('REGISTER', 20), A('PAUSE', 30)],
  },
];

/** The demo agency's category catalogue (LAPOR! texts as aliases) and response templates. */
const DEMO_CATEGORIES = [
  {
    code: 'SARPRAS-OR',
    name: 'Sarana dan prasarana olahraga',
    divisions: ['OLAHRAGA'],
    aliases: ['sarana olahraga', 'fasilitas olahraga'],
  },
  { code: 'WISATA', name: 'Objek dan layanan wisata', divisions: ['PARIWISATA'], aliases: ['pariwisata', 'objek wisata'] },
  { code: 'BUDAYA', name: 'Kebudayaan dan cagar budaya', divisions: ['KEBUDAYAAN'], aliases: ['kebudayaan', 'cagar budaya'] },
  { code: 'PEMUDA', name: 'Kepemudaan', divisions: ['KEPEMUDAAN'], aliases: ['kepemudaan'] },
];

async function seedCatalogue(tx: Tx, agencyId: string, division: (code: string) => string) {
  const categories = await tx.complaintCategory.createManyAndReturn({
    data: DEMO_CATEGORIES.map((c) => ({
      agencyId,
      code: c.code,
      name: c.name,
      defaultDivisionIds: c.divisions.map(division),
      aliases: c.aliases,
    })),
    select: { id: true, code: true },
  });
  const sarpras = categories.find((c) => c.code === 'SARPRAS-OR')!;
  await tx.responseTemplate.createMany({
    data: [
      {
        agencyId,
        categoryId: sarpras.id,
        name: 'Tanggapan sarana olahraga',
        body:
          'Terima kasih atas laporan {{trackingId}} yang kami terima pada {{receivedDate}}.\n' +
          'Laporan telah ditindaklanjuti oleh {{divisions}}:\n\n{{results}}\n\nDinas Kepemudaan, Olahraga, Kebudayaan dan Pariwisata',
      },
      {
        agencyId,
        categoryId: null,
        name: 'Tanggapan umum',
        body: 'Terima kasih atas laporan {{trackingId}}. Hasil tindak lanjut ({{divisions}}):\n\n{{results}}',
      },
    ],
  });
}

export async function seedDemoDeadlines(services: AppServices): Promise<number> {
  const { prisma } = services.db;
  const agency = await prisma.agency.findUnique({ where: { code: DEMO_AGENCY_CODE }, include: { divisions: true, users: true } });
  if (!agency) return 0;
  const cal = await services.calendars.forAgency(prisma, agency.id);
  const now = services.clock.now();
  const division = (code: string) => agency.divisions.find((d) => d.code === code)!.id;
  const user = (role: string, divisionCode?: string) =>
    agency.users.find((u) => u.role === role && (!divisionCode || u.divisionId === division(divisionCode)))?.id ?? null;
  /** The demo user in the role the workflow table gives the action (the seed acts on every complaint). */
  const actorFor = (action: WorkflowAction, divisionCode?: string): Actor => {
    const role = staffRolesFor(action)[0]!;
    if (role !== 'DIVISION') return { id: user(role), role, scope: {} };
    // The secretariat has no division staff of its own: its liaison records its result.
    return { id: user('DIVISION', divisionCode) ?? user('LIAISON'), role, divisionId: division(divisionCode!), scope: {} };
  };

  /** One demo complaint, received and taken through its steps by the runner at past instants. */
  const replay = async (tx: Tx, demo: DemoComplaint): Promise<void> => {
    const dispatchedAt = new Date(
      startOfLocalDay(workingDaysAgo(now, demo.daysAgo, cal), cal.timeZone).getTime() + hhmm(demo.dispatchedTime) * MIN,
    );
    const receivedAt = addOfficeMinutes(dispatchedAt, demo.receiveAfter, cal);
    const received = await receiveInTx(
      services,
      tx,
      { actor: { id: user('ADMIN'), role: 'ADMIN', scope: {} }, ownAgencyId: agency.id, viaPortal: null },
      {
        agencyId: null,
        trackingId: demo.trackingId,
        kind: 'LAPORAN',
        hasOversight: demo.hasOversight ?? false,
        title: demo.title,
        content: demo.content,
        category: demo.category,
        submittedAt: new Date(dispatchedAt.getTime() - 26 * 60 * MIN),
        dispatchedAt,
        reporter: { name: 'Warga (demo)' },
      },
      receivedAt,
    );
    let complaint = received.complaint;
    // Each demo step is the real step module, run by the runner at a past instant.
    const run = async <I, V, R>(step: Step<I, V, R>, actor: Actor, input: I, at: Date) => {
      const done = await performStepInTx(services, tx, actor, step, {
        complaintId: complaint.id,
        expectedVersion: complaint.version,
        input,
        at,
      });
      complaint = done.complaint;
    };

    let t = receivedAt;
    const formulated = new Map<string, Date>();
    const formulating = demo.steps.filter((s) => s.action === 'FORMULATE_FOLLOW_UP').map((s) => s.division!);
    const disposed = [...new Set(demo.disposeTo ?? formulating)].map(division);
    let responseAt: Date | null = null;
    for (const step of demo.steps) {
      const code = step.division;
      t =
        step.afterFormulation !== undefined
          ? addOfficeMinutes(formulated.get(code!)!, step.afterFormulation, cal)
          : addOfficeMinutes(t, step.after, cal);
      const actor = actorFor(step.action, code);
      switch (step.action) {
        case 'REGISTER':
          await run(register, actor, undefined, t);
          break;
        case 'DISPOSE':
          await run(
            dispose,
            actor,
            {
              divisionIds: disposed,
              instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'],
              note: 'Segera ditindaklanjuti dan laporkan hasilnya.',
              priority: 'BIASA',
            },
            t,
          );
          break;
        case 'FORMULATE_FOLLOW_UP':
          await run(
            formulateFollowUp,
            actor,
            { divisionId: division(code!), plan: 'Peninjauan lapangan dan koordinasi dengan pengelola.' },
            t,
          );
          formulated.set(code!, t);
          break;
        case 'RECORD_FOLLOW_UP_RESULT':
          await run(
            recordFollowUpResult,
            actor,
            {
              facts: 'Keluhan terbukti di lapangan.',
              actionTaken: 'Perbaikan dijadwalkan dan pengelola ditegur.',
              solution: 'Perbaikan selesai dalam dua minggu.',
              evidence: [],
            },
            t,
          );
          break;
        case 'COMPILE_FOLLOW_UP_REPORT':
          await run(compileFollowUpReport, actor, { text: 'Laporan hasil tindak lanjut: keluhan ditangani, perbaikan dijadwalkan.' }, t);
          break;
        case 'DELIVER_RESPONSE':
          await run(
            deliverResponse,
            actor,
            { postedAt: t, postedText: 'Terima kasih atas laporan Anda. Keluhan telah ditindaklanjuti.', laporReference: null },
            t,
          );
          responseAt = t;
          break;
        case 'EXTEND_FOLLOW_UP':
          await run(extendFollowUp, actor, { workingDays: 7, reason: 'Jadwal gedung dikelola UPT lain; menunggu konfirmasi tertulis.' }, t);
          break;
        case 'PAUSE':
          await run(pause, actor, { reason: 'AWAITING_REPORTER', note: 'Ditanyakan nama klub dan program bantuan yang dimaksud.' }, t);
          break;
        case 'RESUME':
          await run(resume, actor, {}, t);
          break;
        default:
          throw new Error(`demo seed: no demo input for ${step.action}`);
      }
    }
    if (demo.feedback && responseAt) {
      const fat = addOfficeMinutes(responseAt, demo.feedback.after, cal);
      await run(recordFeedback, actorFor('RECORD_FEEDBACK'), { satisfied: demo.feedback.satisfied, comment: null }, fat);
    }
  };

  // One transaction for the catalogue and every demo complaint: one commit, and what a transaction
  // reads once (the clock policy) is read once for all of them.
  await prisma.$transaction(
    async (tx: Tx) => {
      await seedCatalogue(tx, agency.id, division);
      for (const demo of DEMO) await replay(tx, demo);
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  await services.outbox.committed();
  return DEMO.length;
}
