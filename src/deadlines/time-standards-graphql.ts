// timeStandardReport (per SOP step and per division: within / over the standard, median working
// minutes, for a period) and updateTimeStandard (an agency ADMIN its own, the COORDINATOR the defaults).
import { AgencyNode } from '../agencies/types.js';
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import type { Viewer } from '../auth/viewer.js';
import type { WorkflowAction } from '../sop/workflow.js';
import { ForbiddenError, InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import { isUuid } from '../uuid.js';
import type { AppServices } from '../services.js';
import { measureSteps, summarise, type Standard, type StepMeasurement, type StepSummary } from './time-standards.js';

type Reader = Prisma.TransactionClient;

export const TimeStandardNode = builder.prismaObject('TimeStandard', {
  description: 'The SOP’s quality standard (Mutu Baku) for one step, in working minutes.',
  fields: (t) => ({
    step: t.exposeInt('step'),
    activity: t.exposeString('activity'),
    minMinutes: t.exposeInt('minMinutes'),
    maxMinutes: t.exposeInt('maxMinutes'),
    isDefault: t.boolean({
      select: { agencyId: true },
      resolve: (s) => s.agencyId === null,
      description: 'The regency-wide default (no agency override)',
    }),
    agency: t.relation('agency', { nullable: true }),
  }),
});

/** The standards that apply to an agency: its own rows over the defaults. */
export async function effectiveStandards(db: Reader, agencyId: string): Promise<Map<number, Standard & { id: string }>> {
  const rows = await db.timeStandard.findMany({ where: { OR: [{ agencyId: null }, { agencyId }] }, orderBy: { step: 'asc' } });
  const map = new Map<number, Standard & { id: string }>();
  for (const r of rows.filter((r) => r.agencyId === null)) map.set(r.step, r);
  for (const r of rows.filter((r) => r.agencyId !== null)) map.set(r.step, r);
  return map;
}

interface ReportRow extends StepSummary {
  activity: string;
  minMinutes: number;
  maxMinutes: number;
  standardId: string | null;
}
interface Report {
  agencyId: string;
  from: Date;
  to: Date;
  steps: ReportRow[];
  byDivision: ReportRow[];
}

const ReportRowRef = builder.objectRef<ReportRow>('TimeStandardReportRow').implement({
  fields: (t) => ({
    step: t.exposeInt('step'),
    activity: t.exposeString('activity'),
    minMinutes: t.exposeInt('minMinutes'),
    maxMinutes: t.exposeInt('maxMinutes'),
    division: t.prismaField({
      type: 'Division',
      nullable: true,
      description: 'Steps 4 and 5 are measured per division; null = the agency as a whole',
      resolve: (query, r, _a, ctx) =>
        r.divisionId ? ctx.services.db.prisma.division.findUnique({ ...query, where: { id: r.divisionId } }) : null,
    }),
    count: t.exposeInt('count', { description: 'Steps done in the period' }),
    withinStandard: t.exposeInt('withinStandard', { description: 'Done within the maximum (faster than the minimum counts as within)' }),
    overStandard: t.exposeInt('overStandard'),
    extended: t.exposeInt('extended', {
      description: 'Steps done after the head extended the follow-up deadline in their round; not in within / over',
    }),
    medianMinutes: t.exposeFloat('medianMinutes', { nullable: true, description: 'Median elapsed working minutes' }),
  }),
});

const ReportRef = builder.objectRef<Report>('TimeStandardReport').implement({
  description: 'How the agency’s steps compare with the SOP time standards in a period (by the instant each step was done).',
  fields: (t) => ({
    agency: t.prismaField({
      type: 'Agency',
      resolve: (query, r, _a, ctx) => ctx.services.db.prisma.agency.findUniqueOrThrow({ ...query, where: { id: r.agencyId } }),
    }),
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    steps: t.field({ type: [ReportRowRef], description: 'Every SOP step, all divisions together', resolve: (r) => r.steps }),
    byDivision: t.field({ type: [ReportRowRef], description: 'Steps 4 and 5 per division', resolve: (r) => r.byDivision }),
  }),
});

/** Which agency the viewer asks about: their own, or any for a COORDINATOR (who must name it). */
function reportAgency(viewer: Viewer, requested: string | null): string {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Staff only');
  if (viewer.role === 'COORDINATOR') {
    if (!requested) throw new InvalidInputError([{ field: 'agencyId', message: 'say which agency' }]);
    return requested;
  }
  if (requested && requested !== viewer.agencyId) throw new NotFoundError('Agency', requested);
  if (!viewer.agencyId) throw new NotFoundError('Agency', requested ?? '');
  return viewer.agencyId;
}

export async function buildTimeStandardReport(services: AppServices, agencyId: string, from: Date, to: Date): Promise<Report> {
  const { prisma } = services.db;
  const cal = await services.calendars.forAgency(prisma, agencyId);
  const standards = await effectiveStandards(prisma, agencyId);
  // Complaints with a step done in the period: received in it (step 1) or a history row in it.
  const complaints = await prisma.complaint.findMany({
    where: { agencyId, OR: [{ receivedAt: { gte: from, lt: to } }, { history: { some: { at: { gte: from, lt: to } } } }] },
    select: {
      id: true,
      dispatchedAt: true,
      receivedAt: true,
      history: { select: { action: true, round: true, at: true }, orderBy: { id: 'asc' } },
      followUpPlans: { select: { divisionId: true, round: true }, orderBy: { createdAt: 'asc' } },
      followUpResults: { select: { divisionId: true, round: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  const measured: StepMeasurement[] = [];
  for (const c of complaints) {
    const byRound = (rows: { divisionId: string; round: number }[]) => {
      const m = new Map<number, string[]>();
      for (const r of rows) m.set(r.round, [...(m.get(r.round) ?? []), r.divisionId]);
      return m;
    };
    const steps = measureSteps(
      c,
      c.history.map((h) => ({ ...h, action: h.action as WorkflowAction })),
      { plans: byRound(c.followUpPlans), results: byRound(c.followUpResults) },
      cal,
    );
    measured.push(...steps.filter((s) => s.at >= from && s.at < to));
  }
  const withStandard = (s: StepSummary): ReportRow => {
    const std = standards.get(s.step);
    return {
      ...s,
      activity: std?.activity ?? '',
      minMinutes: std?.minMinutes ?? 0,
      maxMinutes: std?.maxMinutes ?? 0,
      standardId: std?.id ?? null,
    };
  };
  const overall = new Map(summarise(measured, standards, false).map((s) => [s.step, s]));
  // Every step appears, with count 0 when nothing was done, so the table always reads 1–7.
  const steps = [...standards.keys()].map((step) =>
    withStandard(
      overall.get(step) ?? { step, divisionId: null, count: 0, withinStandard: 0, overStandard: 0, extended: 0, medianMinutes: null },
    ),
  );
  const byDivision = summarise(
    measured.filter((m) => m.divisionId !== null),
    standards,
    true,
  ).map(withStandard);
  return { agencyId, from, to, steps, byDivision };
}

builder.queryField('timeStandardReport', (t) =>
  t.field({
    type: ReportRef,
    description:
      'SOP time standards for a period: per step and per division, how many steps were within the standard, over it, and the median working time.',
    authScopes: { role: ['COORDINATOR', 'ADMIN', 'HEAD', 'LIAISON', 'AUDITOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false, description: 'Default: your own agency (a COORDINATOR must name one)' }),
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
    },
    resolve: async (_root, args, ctx) => {
      const agencyId = reportAgency(ctx.viewer, args.agencyId?.id ?? null);
      new InputChecker()
        .check(args.from < args.to, 'to', 'must be after from')
        .check(args.to.getTime() - args.from.getTime() <= 3 * 366 * 86_400_000, 'to', 'the period is at most 3 years')
        .throwIfAny();
      if (!isUuid(agencyId) || !(await ctx.services.db.prisma.agency.findUnique({ where: { id: agencyId }, select: { id: true } }))) {
        throw new NotFoundError('Agency', agencyId);
      }
      return buildTimeStandardReport(ctx.services, agencyId, args.from, args.to);
    },
  }),
);

builder.mutationField('updateTimeStandard', (t) =>
  t.prismaField({
    type: 'TimeStandard',
    description: 'Set a step’s time standard: an agency ADMIN for its own agency, the COORDINATOR the regency-wide default (no agencyId).',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false }),
      step: t.arg.int(),
      minMinutes: t.arg.int({ description: 'Working minutes' }),
      maxMinutes: t.arg.int({ description: 'Working minutes' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const v = ctx.viewer;
      if (v?.kind !== 'user') throw new ForbiddenError('Staff only');
      const requested = args.agencyId?.id ?? null;
      let agencyId: string | null;
      if (v.role === 'COORDINATOR') {
        if (requested) throw new ForbiddenError('An agency’s own standards are set by its admin; the coordinator sets the defaults');
        agencyId = null;
      } else {
        if (requested && requested !== v.agencyId) throw new NotFoundError('Agency', requested);
        agencyId = v.agencyId;
        if (!agencyId) throw new NotFoundError('Agency', '');
      }
      new InputChecker()
        .check(Number.isInteger(args.step) && args.step >= 1 && args.step <= 7, 'step', 'must be an SOP step 1–7')
        .check(args.minMinutes > 0, 'minMinutes', 'must be > 0')
        .check(args.maxMinutes >= args.minMinutes, 'maxMinutes', 'must be at least minMinutes')
        .check(args.maxMinutes <= 100_000, 'maxMinutes', 'must be at most 100000')
        .throwIfAny();
      const { prisma } = ctx.services.db;
      const base = await prisma.timeStandard.findFirstOrThrow({ where: { agencyId: null, step: args.step } });
      const existing = agencyId ? await prisma.timeStandard.findFirst({ where: { agencyId, step: args.step } }) : base;
      const data = { minMinutes: args.minMinutes, maxMinutes: args.maxMinutes };
      const row = await prisma.$transaction(async (tx) => {
        const saved = existing
          ? await tx.timeStandard.update({ where: { id: existing.id }, data })
          : await tx.timeStandard.create({ data: { agencyId, step: args.step, activity: base.activity, ...data } });
        await recordAdminEvent(tx, actorOf(v), {
          action: 'TIME_STANDARD_UPDATED',
          agencyId,
          entity: 'TimeStandard',
          entityId: saved.id,
          before: {
            step: args.step,
            minMinutes: existing?.minMinutes ?? base.minMinutes,
            maxMinutes: existing?.maxMinutes ?? base.maxMinutes,
          },
          after: { step: args.step, ...data },
        });
        return saved;
      });
      return prisma.timeStandard.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
);
