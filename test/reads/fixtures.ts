// Complaints in any status, built directly with Prisma (the lifecycle mutations live elsewhere):
// each status gets the rows the SOP steps before it would have written, for every round, plus the
// history rows. Reads can then be tested without walking the workflow.
import { hashPassword } from '../../src/auth/password.js';
import type { PrismaClient } from '../../src/db/database.js';
import { DEMO_AGENCY_CODE, DEMO_PASSWORD, DEMO_USERS } from '../../src/seed/demo.js';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../src/sop/vocabulary.js';

export const EMAIL = {
  coordinator: 'koordinator@lapor.demo',
  admin: 'admin@disporbudpar.demo',
  liaison: 'penghubung@disporbudpar.demo',
  head: 'kepala@disporbudpar.demo',
  kepemudaan: 'kepemudaan@disporbudpar.demo',
  olahraga: 'olahraga@disporbudpar.demo',
  kebudayaan: 'kebudayaan@disporbudpar.demo',
  pariwisata: 'pariwisata@disporbudpar.demo',
  auditor: 'auditor@disporbudpar.demo',
} as const;

export interface AgencyFixture {
  id: string;
  code: string;
  /** division code → id */
  divisions: Record<string, string>;
  /** email → user */
  users: Record<string, { id: string; role: string; divisionId: string | null }>;
}

export async function demoAgency(prisma: PrismaClient): Promise<AgencyFixture> {
  const agency = await prisma.agency.findUniqueOrThrow({ where: { code: DEMO_AGENCY_CODE }, include: { divisions: true } });
  const users = await prisma.user.findMany({ where: { email: { in: DEMO_USERS.map((u) => u.email) } } });
  return {
    id: agency.id,
    code: agency.code,
    divisions: Object.fromEntries(agency.divisions.map((d) => [d.code, d.id])),
    users: Object.fromEntries(users.map((u) => [u.email, { id: u.id, role: u.role, divisionId: u.divisionId }])),
  };
}

/** A second agency with an ADMIN, a HEAD and one DIVISION user (password: the demo password). */
export async function otherAgency(prisma: PrismaClient, code = 'DISHUB'): Promise<AgencyFixture> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const lower = code.toLowerCase();
  const agency = await prisma.agency.create({
    data: {
      code,
      name: `Dinas ${code}`,
      regency: 'Kabupaten Demo',
      divisions: { create: [{ code: 'LALU_LINTAS', name: 'Bidang Lalu Lintas' }] },
    },
    include: { divisions: true },
  });
  const division = agency.divisions[0]!;
  const defs = [
    { email: `admin@${lower}.demo`, role: 'ADMIN' as const, divisionId: null },
    { email: `kepala@${lower}.demo`, role: 'HEAD' as const, divisionId: null },
    { email: `lalulintas@${lower}.demo`, role: 'DIVISION' as const, divisionId: division.id },
  ];
  const users: AgencyFixture['users'] = {};
  for (const d of defs) {
    const u = await prisma.user.create({ data: { ...d, name: d.email, passwordHash, agencyId: agency.id } });
    users[u.email] = { id: u.id, role: u.role, divisionId: u.divisionId };
  }
  return { id: agency.id, code, divisions: { [division.code]: division.id }, users };
}

export interface ComplaintSpec {
  status?: ComplaintStatus;
  round?: number;
  /** Division codes it is disposed to (from DISPOSED on). Default: KEPEMUDAAN. */
  divisions?: string[];
  kind?: 'LAPORAN' | 'SARAN' | 'INFORMASI';
  title?: string;
  content?: string;
  anonymous?: boolean;
  confidential?: boolean;
  reporterName?: string | null;
  reporterContact?: string | null;
  receivedAt?: Date;
  registeredAt?: Date;
  updatedAt?: Date;
  trackingId?: string;
}

let counter = 0;
const STEP = (s: ComplaintStatus) => COMPLAINT_STATUSES.indexOf(s);
const reached = (status: ComplaintStatus, step: ComplaintStatus) =>
  status === 'CLOSED'
    ? true
    : ['RETURNED', 'ARCHIVED'].includes(status)
      ? step === 'RECEIVED' || step === 'REGISTERED'
      : STEP(status) >= STEP(step);

/** Creates a complaint of `agency` as if every step up to `spec.status` had been taken, in every round. */
export async function makeComplaint(prisma: PrismaClient, agency: AgencyFixture, spec: ComplaintSpec = {}) {
  counter += 1;
  const status = spec.status ?? 'RECEIVED';
  const round = spec.round ?? 1;
  const receivedAt = spec.receivedAt ?? new Date(Date.UTC(2026, 2, 2, 2, 0, 0) + counter * 60_000);
  const user = (role: string) => Object.values(agency.users).find((u) => u.role === role)!.id;
  const registered = reached(status, 'REGISTERED');
  const registeredAt = spec.registeredAt ?? new Date(receivedAt.getTime() + 10 * 60_000);
  const anonymous = spec.anonymous ?? false;
  const c = await prisma.complaint.create({
    data: {
      agencyId: agency.id,
      trackingId: spec.trackingId ?? `FX-${agency.code}-${counter}-${Math.random().toString(36).slice(2, 8)}`,
      kind: spec.kind ?? 'LAPORAN',
      title: spec.title ?? `Laporan nomor ${counter}`,
      content: spec.content ?? 'Isi laporan masyarakat untuk pengujian.',
      submittedAt: new Date(receivedAt.getTime() - 86_400_000),
      dispatchedAt: new Date(receivedAt.getTime() - 3_600_000),
      receivedAt,
      reporterName: anonymous ? null : spec.reporterName === undefined ? `Pelapor ${counter}` : spec.reporterName,
      reporterContact: anonymous ? null : spec.reporterContact === undefined ? `0812-${counter}` : spec.reporterContact,
      anonymous,
      confidential: spec.confidential ?? false,
      status,
      round,
      version: 1 + counter,
      registerYear: registered ? registeredAt.getUTCFullYear() : null,
      registerSeq: registered ? counter : null,
      registerNumber: registered ? `${String(counter).padStart(4, '0')}/LAPOR/${agency.code}/${registeredAt.getUTCFullYear()}` : null,
      registeredAt: registered ? registeredAt : null,
      closedAt: status === 'CLOSED' ? new Date(receivedAt.getTime() + 20 * 86_400_000) : null,
      ...(spec.updatedAt ? { updatedAt: spec.updatedAt } : {}),
      attachments: { create: [{ name: 'foto.jpg', mediaType: 'image/jpeg', size: 1024, url: 'https://lapor.go.id/f/foto.jpg' }] },
    },
  });
  if (registered) {
    await prisma.registerEntry.create({
      data: {
        agencyId: agency.id,
        year: c.registerYear!,
        seq: c.registerSeq!,
        number: c.registerNumber!,
        complaintId: c.id,
        trackingId: c.trackingId,
        registeredAt: c.registeredAt!,
      },
    });
  }
  const history: { action: string; from: ComplaintStatus | null; to: ComplaintStatus; role: string; round: number }[] = [
    { action: 'RECEIVE', from: null, to: 'RECEIVED', role: 'ADMIN', round: 1 },
  ];
  if (registered) history.push({ action: 'REGISTER', from: 'RECEIVED', to: 'REGISTERED', role: 'ADMIN', round: 1 });
  if (status === 'RETURNED') history.push({ action: 'RETURN', from: 'REGISTERED', to: 'RETURNED', role: 'ADMIN', round: 1 });
  if (status === 'ARCHIVED') history.push({ action: 'ARCHIVE', from: 'REGISTERED', to: 'ARCHIVED', role: 'ADMIN', round: 1 });

  const divisionIds = (spec.divisions ?? ['KEPEMUDAAN']).map((code) => agency.divisions[code]!);
  if (reached(status, 'DISPOSED')) {
    await prisma.disposition.create({
      data: {
        complaintId: c.id,
        round: 1,
        instructions: ['TINDAK_LANJUTI', 'LAPORKAN_HASILNYA'],
        note: 'Mohon segera ditindaklanjuti',
        priority: 'SEGERA',
        disposedById: user('HEAD'),
        divisions: { create: divisionIds.map((divisionId) => ({ divisionId, complaintId: c.id })) },
      },
    });
    history.push({ action: 'DISPOSE', from: 'REGISTERED', to: 'DISPOSED', role: 'HEAD', round: 1 });
  }
  for (let r = 1; r <= round; r++) {
    // Earlier rounds went all the way to a "not satisfied" answer; the current one stops at `status`.
    const upTo = (step: ComplaintStatus) => r < round || reached(status, step);
    if (upTo('IN_FOLLOW_UP') && reached(status, 'DISPOSED')) {
      await prisma.followUpPlan.createMany({
        data: divisionIds.map((divisionId) => ({
          complaintId: c.id,
          divisionId,
          round: r,
          plan: `Rencana putaran ${r}`,
          formulatedById: user('LIAISON'),
        })),
      });
      history.push({ action: 'FORMULATE_FOLLOW_UP', from: 'DISPOSED', to: 'IN_FOLLOW_UP', role: 'LIAISON', round: r });
    }
    if (upTo('FOLLOW_UP_COMPLETED') && reached(status, 'DISPOSED')) {
      for (const divisionId of divisionIds) {
        const staff = Object.values(agency.users).find((u) => u.divisionId === divisionId && u.role === 'DIVISION');
        await prisma.followUpResult.create({
          data: {
            complaintId: c.id,
            divisionId,
            round: r,
            facts: `Fakta putaran ${r}`,
            actionTaken: 'Lampu diganti',
            solution: 'Perawatan rutin',
            recordedById: staff?.id ?? user('DIVISION'),
            evidence: {
              create: [
                { complaintId: c.id, name: 'bukti.pdf', mediaType: 'application/pdf', size: 2048, url: 'https://files.example/bukti.pdf' },
              ],
            },
          },
        });
      }
      history.push({ action: 'RECORD_FOLLOW_UP_RESULT', from: 'IN_FOLLOW_UP', to: 'FOLLOW_UP_COMPLETED', role: 'DIVISION', round: r });
    }
    if (upTo('REPORT_COMPILED') && reached(status, 'DISPOSED')) {
      await prisma.followUpReport.create({
        data: { complaintId: c.id, round: r, text: `Laporan hasil tindak lanjut putaran ${r}`, compiledById: user('LIAISON') },
      });
      history.push({ action: 'COMPILE_FOLLOW_UP_REPORT', from: 'FOLLOW_UP_COMPLETED', to: 'REPORT_COMPILED', role: 'LIAISON', round: r });
    }
    if (upTo('RESPONSE_DELIVERED') && reached(status, 'DISPOSED')) {
      await prisma.response.create({
        data: {
          complaintId: c.id,
          round: r,
          postedAt: new Date(receivedAt.getTime() + r * 86_400_000),
          postedText: `Tanggapan putaran ${r}`,
          laporReference: `REF-${r}`,
          deliveredById: user('ADMIN'),
        },
      });
      history.push({ action: 'DELIVER_RESPONSE', from: 'REPORT_COMPILED', to: 'RESPONSE_DELIVERED', role: 'ADMIN', round: r });
    }
    const answered = r < round || status === 'CLOSED';
    if (answered && reached(status, 'DISPOSED')) {
      const satisfied = r === round;
      await prisma.complainantFeedback.create({
        data: {
          complaintId: c.id,
          round: r,
          satisfied,
          comment: satisfied ? 'Terima kasih' : 'Belum selesai',
          recordedById: user('ADMIN'),
        },
      });
      history.push({
        action: 'RECORD_FEEDBACK',
        from: 'RESPONSE_DELIVERED',
        to: satisfied ? 'CLOSED' : 'DISPOSED',
        role: 'ADMIN',
        round: satisfied ? r : r + 1,
      });
    }
  }
  await prisma.complaintHistory.createMany({
    data: history.map((h, i) => ({
      complaintId: c.id,
      actorId: user(h.role),
      actorRole: h.role as never,
      action: h.action as never,
      fromStatus: h.from,
      toStatus: h.to,
      round: h.round,
      summary: `${h.action} (fixture)`,
      at: new Date(receivedAt.getTime() + i * 60_000),
    })),
  });
  return c;
}

/** Relay global ID, as the API shows it. */
export function gid(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}
