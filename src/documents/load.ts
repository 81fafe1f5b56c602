// Loads the plain data of each document for one viewer, reusing the service's own read rules: the
// complaint scope, the register book's period and day rule, complaintCounts, the time-standard report
// and the reporter policy. A confidential identity printed in a document is written to the reporter
// access log before the document leaves the service.
import type { UserViewer } from '../auth/viewer.js';
import { addCalendarDays, DEFAULT_TIME_ZONE, localDate, startOfLocalDay } from '../calendar/calendar.js';
import { countComplaints } from '../complaints/counts.js';
import { complaintListWhere } from '../complaints/queries.js';
import { reporterDecision } from '../complaints/reporter-policy.js';
import { complaintScope } from '../complaints/visibility.js';
import { buildTimeStandardReport } from '../deadlines/time-standards-graphql.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Context } from '../graphql/context.js';
import type { AppServices } from '../services.js';
import type { CsvComplaint } from './complaints-csv.js';
import { CHANNEL_LABEL, formatDate, INSTRUCTION_LABEL, KIND_LABEL, PRIORITY_LABEL, reporterLabel, STATUS_LABEL } from './format.js';
import type { CsvFilter } from './kinds.js';
import type {
  CountRow,
  DispositionSheetData,
  DocumentMeta,
  FollowUpReportData,
  RecapData,
  RegisterBookData,
  TimeStandardLine,
} from './model.js';
import type { Signatory } from './pdf/layout.js';

export interface Loaded<T> {
  data: T;
  rowCount: number | null;
  /** Complaints whose confidential reporter the document shows (already in the access log). */
  confidentialRevealed: string[];
}

/** Writes the access-log rows first; only then may the identities be put in a document. */
export async function logReporterReads(services: AppServices, viewer: UserViewer, complaintIds: string[]): Promise<void> {
  if (complaintIds.length === 0) return;
  const at = services.clock.now();
  await services.db.prisma.reporterAccessLog.createMany({
    data: complaintIds.map((complaintId) => ({ complaintId, userId: viewer.id, role: viewer.role, at })),
  });
  services.log.info({ count: complaintIds.length, userId: viewer.id, role: viewer.role }, 'confidential reporter identity exported');
}

type ReporterFields = {
  id: string;
  agencyId: string;
  anonymous: boolean;
  confidential: boolean;
  reporterName: string | null;
  reporterContact: string | null;
};

function reporterOf(viewer: UserViewer, c: ReporterFields, reveal: string[]) {
  const d = reporterDecision(viewer, c);
  if (d.log) reveal.push(c.id);
  return { visibility: d.visibility, name: d.reveal ? c.reporterName : null, contact: d.reveal ? c.reporterContact : null };
}

async function meta(services: AppServices, viewer: UserViewer, agencyId: string | null): Promise<DocumentMeta & { regency: string }> {
  const { prisma } = services.db;
  const agency = agencyId ? await prisma.agency.findUniqueOrThrow({ where: { id: agencyId } }) : null;
  // Regency-wide: the regency of the agencies and their (one, in practice) time zone.
  const any = agency ?? (await prisma.agency.findFirst({ orderBy: { code: 'asc' } }));
  const regency = any?.regency ?? 'Kabupaten';
  return {
    head: { regency, agencyName: agency?.name ?? null },
    agencyCode: agency?.code ?? null,
    timeZone: any?.timeZone ?? DEFAULT_TIME_ZONE,
    generatedAt: services.clock.now(),
    generatedBy: viewer.name,
    regency,
  };
}

/** The one who signs: a named user of the agency in that role, or an empty line to sign by hand. */
async function signatory(
  services: AppServices,
  m: { regency: string; timeZone: string; generatedAt: Date },
  position: string,
  who: { userId?: string | null; agencyId?: string | null; role?: 'ADMIN' | 'HEAD' | 'LIAISON' },
): Promise<Signatory> {
  const { prisma } = services.db;
  const user = who.userId
    ? await prisma.user.findUnique({ where: { id: who.userId } })
    : who.agencyId && who.role
      ? await prisma.user.findFirst({ where: { agencyId: who.agencyId, role: who.role, active: true }, orderBy: { createdAt: 'asc' } })
      : null;
  return {
    position,
    name: user?.name ?? null,
    nip: user?.nip ?? null,
    placeAndDate: `${m.regency}, ${formatDate(m.generatedAt, m.timeZone)}`,
  };
}

// --- Register book ----------------------------------------------------------------------------------

export async function loadRegisterBook(
  services: AppServices,
  viewer: UserViewer,
  agencyId: string,
  from: string,
  to: string,
): Promise<Loaded<RegisterBookData>> {
  const { prisma } = services.db;
  const m = await meta(services, viewer, agencyId);
  const tz = m.timeZone;
  // The same period rule as the registerBook query: local days of the agency, both ends inclusive.
  const entries = await prisma.registerEntry.findMany({
    where: { agencyId, registeredAt: { gte: startOfLocalDay(from, tz), lt: startOfLocalDay(addCalendarDays(to, 1), tz) } },
    orderBy: [{ year: 'asc' }, { seq: 'asc' }],
    include: {
      complaint: {
        select: {
          id: true,
          agencyId: true,
          kind: true,
          title: true,
          category: true,
          channel: true,
          receivedAt: true,
          status: true,
          anonymous: true,
          confidential: true,
          reporterName: true,
          reporterContact: true,
          dispositionDivisions: { select: { division: { select: { name: true, code: true } } } },
        },
      },
    },
  });
  const reveal: string[] = [];
  const lines = entries.map((e) => {
    const c = e.complaint.agencyId === e.agencyId ? e.complaint : null;
    return {
      seq: e.seq,
      number: e.number,
      registeredAt: e.registeredAt,
      day: localDate(e.registeredAt, tz),
      trackingId: e.trackingId,
      complaint: c && {
        kind: KIND_LABEL[c.kind] ?? c.kind,
        title: c.title,
        category: c.category,
        channel: CHANNEL_LABEL[c.channel] ?? c.channel,
        receivedAt: c.receivedAt,
        reporter: reporterLabel(reporterOf(viewer, c, reveal)),
        divisions: c.dispositionDivisions
          .map((d) => d.division)
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((d) => d.name),
        status: STATUS_LABEL[c.status] ?? c.status,
      },
    };
  });
  await logReporterReads(services, viewer, reveal);
  const sign = await signatory(services, m, 'Kepala Sub Bagian Umum dan Kepegawaian', { agencyId, role: 'ADMIN' });
  return { data: { ...m, from, to, lines, signatory: sign }, rowCount: lines.length, confidentialRevealed: reveal };
}

// --- Disposition sheet ------------------------------------------------------------------------------

export async function loadDispositionSheet(
  services: AppServices,
  viewer: UserViewer,
  complaintId: string,
): Promise<Loaded<DispositionSheetData>> {
  const { prisma } = services.db;
  const c = await prisma.complaint.findFirstOrThrow({
    where: { AND: [{ id: complaintId }, complaintScope(viewer)] },
    include: { dispositions: { orderBy: { createdAt: 'desc' }, take: 1, include: { divisions: { include: { division: true } } } } },
  });
  const disposition = c.dispositions[0]!;
  const m = await meta(services, viewer, c.agencyId);
  const reveal: string[] = [];
  const reporter = reporterLabel(reporterOf(viewer, c, reveal));
  await logReporterReads(services, viewer, reveal);
  const disposed = new Set(disposition.divisions.map((d) => d.divisionId));
  const divisions = await prisma.division.findMany({ where: { agencyId: c.agencyId }, orderBy: { code: 'asc' } });
  // Sekretariat first, as on the printed form, then the bidang.
  divisions.sort(
    (a, b) => Number(b.parentId === null && /SEKRETARIAT/.test(b.code)) - Number(a.parentId === null && /SEKRETARIAT/.test(a.code)),
  );
  const ticked = new Set<string>(disposition.instructions);
  return {
    data: {
      ...m,
      complaint: {
        trackingId: c.trackingId,
        registerNumber: c.registerNumber,
        registeredAt: c.registeredAt,
        receivedAt: c.receivedAt,
        submittedAt: c.submittedAt,
        kind: KIND_LABEL[c.kind] ?? c.kind,
        title: c.title,
        content: c.content,
        category: c.category,
        location: c.location,
        channel: CHANNEL_LABEL[c.channel] ?? c.channel,
        reporter,
      },
      disposition: {
        round: disposition.round,
        at: disposition.createdAt,
        priority: PRIORITY_LABEL[disposition.priority] ?? disposition.priority,
        instructions: disposition.instructions.map((i) => INSTRUCTION_LABEL[i] ?? i),
        note: disposition.note,
        divisions: disposition.divisions.map((d) => d.division.name),
      },
      divisionBoxes: divisions.map((d) => ({ label: d.name, ticked: disposed.has(d.id) })),
      instructionBoxes: Object.entries(INSTRUCTION_LABEL).map(([code, label]) => ({ label, ticked: ticked.has(code) })),
      priorityBoxes: Object.entries(PRIORITY_LABEL).map(([code, label]) => ({ label, ticked: disposition.priority === code })),
      followUpDueAt: c.followUpDueAt,
      signatory: await signatory(services, m, 'Kepala Dinas', { userId: disposition.disposedById }),
    },
    rowCount: null,
    confidentialRevealed: reveal,
  };
}

// --- Follow-up report -------------------------------------------------------------------------------

export async function loadFollowUpReport(
  services: AppServices,
  viewer: UserViewer,
  complaintId: string,
  round: number,
): Promise<Loaded<FollowUpReportData>> {
  const { prisma } = services.db;
  const c = await prisma.complaint.findFirstOrThrow({
    where: { AND: [{ id: complaintId }, complaintScope(viewer)] },
    include: {
      dispositions: { orderBy: { createdAt: 'asc' }, include: { divisions: { include: { division: true } } } },
      followUpPlans: { where: { round } },
      followUpResults: { where: { round }, include: { division: true, evidence: true }, orderBy: { createdAt: 'asc' } },
      followUpReports: { where: { round } },
      responses: { where: { round } },
      feedbacks: { where: { round } },
    },
  });
  const m = await meta(services, viewer, c.agencyId);
  const reveal: string[] = [];
  const reporter = reporterLabel(reporterOf(viewer, c, reveal));
  await logReporterReads(services, viewer, reveal);
  const disposition = c.dispositions.at(-1);
  const report = c.followUpReports[0]!;
  const response = c.responses[0];
  const feedback = c.feedbacks[0];
  const plans = new Map(c.followUpPlans.map((p) => [p.divisionId, p.plan]));
  return {
    data: {
      ...m,
      complaint: {
        trackingId: c.trackingId,
        registerNumber: c.registerNumber,
        receivedAt: c.receivedAt,
        kind: KIND_LABEL[c.kind] ?? c.kind,
        title: c.title,
        content: c.content,
        category: c.category,
        location: c.location,
        reporter,
      },
      round,
      disposition: disposition
        ? { at: disposition.createdAt, note: disposition.note, divisions: disposition.divisions.map((d) => d.division.name) }
        : null,
      divisions: c.followUpResults.map((r) => ({
        name: r.division.name,
        plan: plans.get(r.divisionId) ?? null,
        facts: r.facts,
        actionTaken: r.actionTaken,
        solution: r.solution,
        recordedAt: r.createdAt,
        evidence: r.evidence.map((e) => e.name),
      })),
      report: { text: report.text, compiledAt: report.createdAt },
      response: response ? { postedAt: response.postedAt, text: response.postedText, laporReference: response.laporReference } : null,
      feedback: feedback ? { satisfied: feedback.satisfied, comment: feedback.comment, at: feedback.createdAt } : null,
      signatory: await signatory(services, m, 'Penghubung (Sekretaris)', { userId: report.compiledById }),
    },
    rowCount: null,
    confidentialRevealed: reveal,
  };
}

// --- Monthly recap ----------------------------------------------------------------------------------

function nextMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number);
  return mo === 12 ? `${y! + 1}-01` : `${y}-${String(mo! + 1).padStart(2, '0')}`;
}
function previousMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number);
  return mo === 1 ? `${y! - 1}-12` : `${y}-${String(mo! - 1).padStart(2, '0')}`;
}

/** The instants a month spans in a time zone: [first day 00:00, next month's first day 00:00). */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(`${month}-01`, timeZone), to: startOfLocalDay(`${nextMonth(month)}-01`, timeZone) };
}

function rows(groups: { key: string | null; count: number }[], labels: Record<string, string>, none: string): CountRow[] {
  return groups
    .map((g) => ({ label: g.key === null ? none : (labels[g.key] ?? g.key), count: g.count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

export async function loadMonthlyRecap(
  services: AppServices,
  viewer: UserViewer,
  agencyId: string | null,
  month: string,
): Promise<Loaded<RecapData>> {
  const { prisma } = services.db;
  const m = await meta(services, viewer, agencyId);
  const { from, to } = monthRange(month, m.timeZone);
  const inMonth = { gte: from, lt: to };
  const agencyWhere: Prisma.ComplaintWhereInput = agencyId ? { agencyId } : {};
  const scope: Prisma.ComplaintWhereInput = { AND: [complaintScope(viewer), agencyWhere] };
  const received: Prisma.ComplaintWhereInput = { AND: [scope, { receivedAt: inMonth }] };

  const historyCount = (where: Prisma.ComplaintHistoryWhereInput) =>
    prisma.complaintHistory.count({ where: { ...where, at: inMonth, complaint: scope } });
  const eventCount = (kind: 'OVERDUE' | 'ESCALATED_TO_OMBUDSMAN') =>
    prisma.deadlineEvent.count({ where: { kind, at: inMonth, complaint: scope } });
  const [
    counts,
    registered,
    disposed,
    delivered,
    satisfied,
    notSatisfied,
    autoClosed,
    returned,
    archived,
    overdue,
    escalated,
    kinds,
    channels,
    categories,
    dispositions,
  ] = await Promise.all([
    countComplaints(prisma, received),
    prisma.registerEntry.count({ where: { ...(agencyId ? { agencyId } : {}), registeredAt: inMonth } }),
    historyCount({ action: 'DISPOSE' }),
    historyCount({ action: 'DELIVER_RESPONSE' }),
    historyCount({ action: 'RECORD_FEEDBACK', toStatus: 'CLOSED' }),
    historyCount({ action: 'RECORD_FEEDBACK', NOT: { toStatus: 'CLOSED' } }),
    historyCount({ action: 'AUTO_CLOSE' }),
    historyCount({ action: 'RETURN' }),
    historyCount({ action: 'ARCHIVE' }),
    eventCount('OVERDUE'),
    eventCount('ESCALATED_TO_OMBUDSMAN'),
    prisma.complaint.groupBy({ by: ['kind'], where: received, _count: { _all: true } }),
    prisma.complaint.groupBy({ by: ['channel'], where: received, _count: { _all: true } }),
    prisma.complaint.groupBy({ by: ['category'], where: received, _count: { _all: true } }),
    prisma.disposition.findMany({
      where: { complaint: received },
      select: { complaintId: true, priority: true },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  // One disposition per complaint (the SOP disposes once); the latest wins should there be more.
  const priorityOf = new Map(dispositions.map((d) => [d.complaintId, d.priority as string]));
  const priorityCounts = new Map<string | null, number>();
  for (const p of priorityOf.values()) priorityCounts.set(p, (priorityCounts.get(p) ?? 0) + 1);
  if (counts.total > priorityOf.size) priorityCounts.set(null, counts.total - priorityOf.size);

  // Time standards: the timeStandardReport of each agency for the same instants (summed regency-wide).
  const agencyIds = agencyId
    ? [agencyId]
    : (await prisma.agency.findMany({ select: { id: true }, orderBy: { code: 'asc' } })).map((a) => a.id);
  const reports = await Promise.all(agencyIds.map((id) => buildTimeStandardReport(services, id, from, to)));
  const divisionNames = new Map(
    (
      await prisma.division.findMany({
        where: { agencyId: { in: agencyIds } },
        select: { id: true, name: true, agency: { select: { code: true } } },
      })
    ).map((d) => [d.id, agencyId ? d.name : `${d.agency.code} — ${d.name}`]),
  );
  const steps = new Map<number, TimeStandardLine>();
  for (const r of reports) {
    for (const s of r.steps) {
      const prev = steps.get(s.step);
      steps.set(
        s.step,
        prev
          ? {
              ...prev,
              count: prev.count + s.count,
              withinStandard: prev.withinStandard + s.withinStandard,
              overStandard: prev.overStandard + s.overStandard,
              medianMinutes: null,
            }
          : {
              step: s.step,
              activity: s.activity,
              division: null,
              minMinutes: s.minMinutes,
              maxMinutes: s.maxMinutes,
              count: s.count,
              withinStandard: s.withinStandard,
              overStandard: s.overStandard,
              medianMinutes: s.medianMinutes,
            },
      );
    }
  }
  const byDivisionTs: TimeStandardLine[] = reports.flatMap((r) =>
    r.byDivision.map((s) => ({
      step: s.step,
      activity: s.activity,
      division: s.divisionId ? (divisionNames.get(s.divisionId) ?? s.divisionId) : null,
      minMinutes: s.minMinutes,
      maxMinutes: s.maxMinutes,
      count: s.count,
      withinStandard: s.withinStandard,
      overStandard: s.overStandard,
      medianMinutes: s.medianMinutes,
    })),
  );

  // Twelve months up to this one: received and closed, in the same scope.
  const months: string[] = [month];
  while (months.length < 12) months.unshift(previousMonth(months[0]!));
  const trend = await Promise.all(
    months.map(async (mo) => {
      const r = monthRange(mo, m.timeZone);
      const span = { gte: r.from, lt: r.to };
      const [rec, closed] = await Promise.all([
        prisma.complaint.count({ where: { AND: [scope, { receivedAt: span }] } }),
        prisma.complaint.count({ where: { AND: [scope, { closedAt: span }] } }),
      ]);
      return { month: mo, received: rec, closed };
    }),
  );

  const sign = agencyId
    ? await signatory(services, m, 'Kepala Dinas', { agencyId, role: 'HEAD' })
    : await signatory(services, m, 'Tim Administrator SP4N-LAPOR! Kabupaten', { userId: viewer.id });
  const data: RecapData = {
    ...m,
    month,
    from,
    to,
    flow: {
      received: counts.total,
      registered,
      disposed,
      responseDelivered: delivered,
      closedSatisfied: satisfied,
      notSatisfied,
      closedAutomatically: autoClosed,
      overdue,
      escalatedToOmbudsman: escalated,
      returned,
      archived,
    },
    byStatus: counts.byStatus,
    byDivision: counts.byDivision.map((d) => ({
      code: d.code,
      name: agencyId ? d.name : (divisionNames.get(d.divisionId) ?? d.name),
      count: d.count,
    })),
    byKind: rows(
      kinds.map((k) => ({ key: k.kind, count: k._count._all })),
      KIND_LABEL,
      '–',
    ),
    byChannel: rows(
      channels.map((k) => ({ key: k.channel, count: k._count._all })),
      CHANNEL_LABEL,
      '–',
    ),
    byCategory: rows(
      categories.map((k) => ({ key: k.category, count: k._count._all })),
      {},
      'Tanpa kategori',
    ),
    byPriority: rows(
      [...priorityCounts].map(([key, count]) => ({ key, count })),
      PRIORITY_LABEL,
      'Belum didisposisi',
    ),
    timeStandards: [...steps.values()].sort((a, b) => a.step - b.step),
    timeStandardsByDivision: byDivisionTs,
    trend,
    signatory: sign,
  };
  return { data, rowCount: null, confidentialRevealed: [] };
}

// --- Complaints CSV ---------------------------------------------------------------------------------

/** The CSV's complaints: the same filter and scope as the complaints connection. */
export function csvWhere(viewer: UserViewer, f: CsvFilter): Prisma.ComplaintWhereInput {
  return complaintListWhere({ viewer } as Context, {
    agencyId: f.agencyId ? { id: f.agencyId } : null,
    receivedFrom: new Date(f.receivedFrom),
    receivedTo: new Date(f.receivedTo),
    status: f.status,
    kind: f.kind,
    divisionId: f.divisionId ? { id: f.divisionId } : null,
    minRound: f.minRound,
    search: f.search,
  });
}

export const CSV_BATCH = 500;

type CsvSqlRow = Prisma.ComplaintGetPayload<object> & { priority: string | null; divisions: string[] | null };

/** One page's rows by id, in export order, with the disposition's priority and division names. */
const CSV_PAGE_SQL = `
  SELECT c.*,
    (SELECT d.priority::text FROM "Disposition" d WHERE d."complaintId" = c.id ORDER BY d."createdAt" DESC LIMIT 1) AS priority,
    (SELECT array_agg(v.name ORDER BY v.code) FROM "DispositionDivision" dd JOIN "Division" v ON v.id = dd."divisionId"
      WHERE dd."complaintId" = c.id) AS divisions
  FROM "Complaint" c
  WHERE c.id = ANY($1::uuid[])
  ORDER BY c."receivedAt", c.id`;

/**
 * The complaints of a CSV export in pages of CSV_BATCH, by (receivedAt, id) keyset: each page is one
 * indexed range read, whatever the offset, and only one page is in memory at a time. Confidential
 * identities of a page are logged before the page is handed on.
 */
export async function* complaintPages(
  services: AppServices,
  viewer: UserViewer,
  f: CsvFilter,
  stats: { rows: number; revealed: number },
): AsyncGenerator<CsvComplaint[]> {
  const { prisma } = services.db;
  const where = csvWhere(viewer, f);
  const agencies = new Map((await prisma.agency.findMany({ select: { id: true, code: true, timeZone: true } })).map((a) => [a.id, a]));
  let after: { receivedAt: Date; id: string } | null = null;
  for (;;) {
    // Visibility and filter through Prisma (ids only); the row details in one plain SQL read, which
    // allocates far less per row than relation includes (the export's memory is mostly garbage).
    const ids: { id: string; receivedAt: Date }[] = await prisma.complaint.findMany({
      where: after
        ? { AND: [where, { OR: [{ receivedAt: { gt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { gt: after.id } }] }] }
        : where,
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      take: CSV_BATCH,
      select: { id: true, receivedAt: true },
    });
    if (ids.length === 0) return;
    const page = await prisma.$queryRawUnsafe<CsvSqlRow[]>(
      CSV_PAGE_SQL,
      ids.map((i) => i.id),
    );
    const reveal: string[] = [];
    const batch = page.map((c): CsvComplaint => {
      const agency = agencies.get(c.agencyId);
      return {
        registerNumber: c.registerNumber,
        registeredAt: c.registeredAt,
        trackingId: c.trackingId,
        agencyCode: agency?.code ?? '',
        timeZone: agency?.timeZone ?? DEFAULT_TIME_ZONE,
        kind: c.kind,
        title: c.title,
        content: c.content,
        category: c.category,
        location: c.location,
        channel: c.channel,
        submittedAt: c.submittedAt,
        receivedAt: c.receivedAt,
        status: c.status,
        round: c.round,
        priority: c.priority,
        divisions: c.divisions ?? [],
        followUpDueAt: c.followUpDueAt,
        responseDeliveredAt: c.responseDeliveredAt,
        closedAt: c.closedAt,
        escalatedAt: c.escalatedAt,
        reporter: reporterOf(viewer, c, reveal),
      };
    });
    await logReporterReads(services, viewer, reveal);
    stats.rows += batch.length;
    stats.revealed += reveal.length;
    yield batch;
    const last: { id: string; receivedAt: Date } = ids[ids.length - 1]!;
    after = { receivedAt: last.receivedAt, id: last.id };
    if (ids.length < CSV_BATCH) return;
  }
}
