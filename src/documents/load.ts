// Loads the plain data of each document for one viewer, reusing the service's own read rules: the
// complaint scope, the register book's period and day rule, complaintCounts, the time-standard report
// and the reporter policy. A confidential identity printed in a document is written to the reporter
// access log before the document leaves the service.
import type { UserViewer } from '../auth/viewer.js';
import { addCalendarDays, DEFAULT_TIME_ZONE, localDate, startOfLocalDay } from '../calendar/calendar.js';
import { countComplaints } from '../complaints/counts.js';
import { searchWords } from '../complaints/queries.js';
import { CONFIDENTIAL_READERS, reporterDecision } from '../complaints/reporter-policy.js';
import { complaintScope, complaintScopeSql } from '../complaints/visibility.js';
import { buildTimeStandardReport } from '../deadlines/time-standards-graphql.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { isUuid } from '../uuid.js';
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

/** Rows per keyset page: one statement each, and the only rows in memory at a time. */
export const CSV_BATCH = 500;

/**
 * The CSV's complaints as a SQL condition over `c`: the caller's scope (complaintScopeSql, the SQL twin
 * of complaintScope) AND the same filter as the complaints connection (complaintListWhere; checked
 * already by checkRequest). Plain SQL because Prisma 6 compiles every call in Wasm and allocates per
 * row far more than the export can afford at 100,000 rows.
 */
export function csvCondition(viewer: UserViewer, f: CsvFilter, params: unknown[]): string {
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // Prisma keeps DateTime as timestamp(3) holding UTC: compare against the instant read in UTC.
  const utc = (iso: string) => `(${bind(iso)}::timestamptz AT TIME ZONE 'UTC')`;
  const and = [complaintScopeSql(viewer, bind)];
  if (f.status?.length) and.push(`c.status::text = ANY(${bind(f.status)}::text[])`);
  if (f.kind) and.push(`c.kind::text = ${bind(f.kind)}`);
  if (f.divisionId) {
    and.push(
      isUuid(f.divisionId)
        ? `EXISTS (SELECT 1 FROM "DispositionDivision" fd WHERE fd."complaintId" = c.id AND fd."divisionId" = ${bind(f.divisionId)}::uuid)`
        : 'false',
    );
  }
  if (f.agencyId) and.push(isUuid(f.agencyId) ? `c."agencyId" = ${bind(f.agencyId)}::uuid` : 'false');
  and.push(`c."receivedAt" >= ${utc(f.receivedFrom)}`, `c."receivedAt" < ${utc(f.receivedTo)}`);
  if (f.minRound != null) and.push(`c.round >= ${bind(f.minRound)}`);
  // searchWords keeps letters and digits only: no LIKE wildcard can reach the pattern.
  for (const word of f.search == null ? [] : searchWords(f.search)) {
    const w = bind(`%${word}%`);
    and.push(`(c.title ILIKE ${w} OR c.content ILIKE ${w})`);
  }
  return and.map((x) => `(${x})`).join(' AND ');
}

/** What the export record states up front: the rows about to be written, the identities revealed. */
export async function csvCounts(services: AppServices, viewer: UserViewer, f: CsvFilter): Promise<{ rows: number; confidential: number }> {
  const params: unknown[] = [];
  const where = csvCondition(viewer, f, params);
  // reporterDecision's rule in the count: a confidential, non-anonymous reporter of the reader's own agency.
  const reveals = (CONFIDENTIAL_READERS as readonly string[]).includes(viewer.role) && viewer.agencyId;
  const revealed = reveals
    ? `count(*) FILTER (WHERE c.confidential AND NOT c.anonymous AND c."agencyId" = $${params.push(viewer.agencyId)}::uuid)::int`
    : '0';
  const [row] = await services.db.query<{ rows: number; confidential: number }>(
    `SELECT count(*)::int AS rows, ${revealed} AS confidential FROM "Complaint" c WHERE ${where}`,
    params,
  );
  return row ?? { rows: 0, confidential: 0 };
}

type CsvSqlRow = Omit<CsvComplaint, 'reporter' | 'divisions'> & {
  id: string;
  agencyId: string;
  anonymous: boolean;
  confidential: boolean;
  reporterName: string | null;
  reporterContact: string | null;
  divisions: string[] | null;
};

const at = (column: string) => `c."${column}" AT TIME ZONE 'UTC' AS "${column}"`;
/** One page: the columns the CSV prints, the agency's code and zone, the disposition's priority and divisions. */
const csvPageSql = (where: string, after: string | null, limit: string) => `
  SELECT c.id, c."agencyId", c."registerNumber", ${at('registeredAt')}, c."trackingId", a.code AS "agencyCode", a."timeZone",
    c.kind::text AS kind, c.title, c.content, c.category, c.location, c.channel::text AS channel,
    ${at('submittedAt')}, ${at('receivedAt')}, c.status::text AS status, c.round,
    ${at('followUpDueAt')}, ${at('responseDeliveredAt')}, ${at('closedAt')}, ${at('escalatedAt')},
    c.anonymous, c.confidential, c."reporterName", c."reporterContact",
    (SELECT d.priority::text FROM "Disposition" d WHERE d."complaintId" = c.id ORDER BY d."createdAt" DESC LIMIT 1) AS priority,
    (SELECT array_agg(v.name ORDER BY v.code) FROM "DispositionDivision" dd JOIN "Division" v ON v.id = dd."divisionId"
      WHERE dd."complaintId" = c.id) AS divisions
  FROM "Complaint" c JOIN "Agency" a ON a.id = c."agencyId"
  WHERE ${where}${after ? ` AND (c."receivedAt", c.id) > (${after})` : ''}
  ORDER BY c."receivedAt", c.id
  LIMIT ${limit}`;

const asDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

interface CsvCursor {
  after: { receivedAt: Date; id: string } | null;
  done: boolean;
}

/** One keyset page, mapped, its confidential identities logged; moves the cursor past it. */
async function readCsvPage(
  services: AppServices,
  viewer: UserViewer,
  f: CsvFilter,
  cursor: CsvCursor,
  stats: { rows: number; revealed: number },
): Promise<CsvComplaint[]> {
  const params: unknown[] = [];
  const where = csvCondition(viewer, f, params);
  let after: string | null = null;
  if (cursor.after) {
    params.push(cursor.after.receivedAt.toISOString(), cursor.after.id);
    after = `$${params.length - 1}::timestamptz AT TIME ZONE 'UTC', $${params.length}::uuid`;
  }
  params.push(CSV_BATCH);
  const page = await services.db.query<CsvSqlRow>(csvPageSql(where, after, `$${params.length}`), params);
  cursor.done = page.length < CSV_BATCH;
  if (page.length === 0) return [];
  const reveal: string[] = [];
  const batch = page.map(
    (c): CsvComplaint => ({
      registerNumber: c.registerNumber,
      registeredAt: asDate(c.registeredAt),
      trackingId: c.trackingId,
      agencyCode: c.agencyCode,
      timeZone: c.timeZone ?? DEFAULT_TIME_ZONE,
      kind: c.kind,
      title: c.title,
      content: c.content,
      category: c.category,
      location: c.location,
      channel: c.channel,
      submittedAt: asDate(c.submittedAt)!,
      receivedAt: asDate(c.receivedAt)!,
      status: c.status,
      round: c.round,
      priority: c.priority,
      divisions: c.divisions ?? [],
      followUpDueAt: asDate(c.followUpDueAt),
      responseDeliveredAt: asDate(c.responseDeliveredAt),
      closedAt: asDate(c.closedAt),
      escalatedAt: asDate(c.escalatedAt),
      reporter: reporterOf(viewer, c, reveal),
    }),
  );
  await logReporterReads(services, viewer, reveal);
  stats.rows += batch.length;
  stats.revealed += reveal.length;
  const last = page[page.length - 1]!;
  cursor.after = { receivedAt: asDate(last.receivedAt)!, id: last.id };
  return batch;
}

/**
 * The complaints of a CSV export in pages of CSV_BATCH, by (receivedAt, id) keyset (unique: id breaks
 * ties): each page is one statement through Database.query, whatever the offset, and only one page
 * is in memory at a time. Confidential identities of a page are logged before the page is handed on.
 * The page is yielded straight from readCsvPage, so this frame holds no rows while the consumer writes.
 */
export async function* complaintPages(
  services: AppServices,
  viewer: UserViewer,
  f: CsvFilter,
  stats: { rows: number; revealed: number },
): AsyncGenerator<CsvComplaint[]> {
  const cursor: CsvCursor = { after: null, done: false };
  while (!cursor.done) yield await readCsvPage(services, viewer, f, cursor, stats);
}
