// clockPolicy (read), setClockPolicy, applyClockPolicyPreset: thin resolvers over change.ts.
import { AgencyNode } from '../agencies/types.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import { ComplaintClassEnum } from '../deadlines/types.js';
import { isUuid } from '../uuid.js';
import { changeClockPolicy, type ClockPolicyChangeResult } from './change.js';
import { CLOCK_PRESETS, COMPLAINT_CLASSES, type ClockPreset, type ComplaintClass } from './policy.js';

const ClockPresetEnum = builder.enumType('ClockPreset', {
  description:
    'SOP: 5 working days for every class. PERMENPANRB_62_2018: aspirasi and information 5, LAPORAN 14, LAPORAN with oversight 60.',
  values: Object.keys(CLOCK_PRESETS) as ClockPreset[],
});

const ClockPolicySource = builder.enumType('ClockPolicySource', {
  values: ['AGENCY', 'REGENCY', 'SOP_DEFAULT'] as const,
});

interface EntryShape {
  complaintClass: ComplaintClass;
  followUpWorkingDays: number;
  source: 'AGENCY' | 'REGENCY' | 'SOP_DEFAULT';
}

const ClockPolicyEntry = builder.objectRef<EntryShape>('ClockPolicyEntry').implement({
  fields: (t) => ({
    complaintClass: t.field({ type: ComplaintClassEnum, resolve: (e) => e.complaintClass }),
    followUpWorkingDays: t.exposeInt('followUpWorkingDays'),
    source: t.field({ type: ClockPolicySource, resolve: (e) => e.source, description: 'Where the length comes from' }),
  }),
});

async function entries(
  ctx: { services: { db: { prisma: import('../generated/prisma/client.js').PrismaClient }; config: { followUpWorkingDays: number } } },
  agencyId: string | null,
) {
  const rows = await ctx.services.db.prisma.clockPolicy.findMany({
    where: agencyId ? { OR: [{ agencyId }, { agencyId: null }] } : { agencyId: null },
  });
  return COMPLAINT_CLASSES.map((k): EntryShape => {
    const own = agencyId ? rows.find((r) => r.agencyId === agencyId && r.complaintClass === k) : undefined;
    const regency = rows.find((r) => r.agencyId === null && r.complaintClass === k);
    if (own) return { complaintClass: k, followUpWorkingDays: own.followUpWorkingDays, source: 'AGENCY' };
    if (regency) return { complaintClass: k, followUpWorkingDays: regency.followUpWorkingDays, source: 'REGENCY' };
    return { complaintClass: k, followUpWorkingDays: ctx.services.config.followUpWorkingDays, source: 'SOP_DEFAULT' };
  });
}

const ClockPolicyChange = builder.objectRef<ClockPolicyChangeResult>('ClockPolicyChange').implement({
  description: 'A clock policy change and how many open complaints had their deadlines moved by it.',
  fields: (t) => ({
    policy: t.field({ type: [ClockPolicyEntry], resolve: (r, _a, ctx) => entries(ctx, r.agencyId) }),
    recomputedComplaints: t.exposeInt('recomputedComplaints', {
      description: 'Open complaints whose deadlines moved (each got a RECOMPUTE_DEADLINES history row)',
    }),
  }),
});

const ClockPolicyInput = builder.inputType('ClockPolicyInput', {
  fields: (t) => ({
    complaintClass: t.field({ type: ComplaintClassEnum }),
    followUpWorkingDays: t.int({
      required: false,
      description: 'null: remove this level’s value (fall back to the regency default or the SOP)',
    }),
  }),
});

const ERRORS = [InvalidInputError, NotFoundError];
const EDITORS = ['COORDINATOR', 'ADMIN'] as const;

builder.queryField('clockPolicy', (t) =>
  t.field({
    type: [ClockPolicyEntry],
    description: 'The follow-up length per complaint class that applies to an agency (default: yours; none: the regency defaults).',
    authScopes: { role: ['COORDINATOR', 'ADMIN', 'HEAD', 'LIAISON', 'AUDITOR'] },
    errors: { types: [NotFoundError] },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }) },
    resolve: async (_root, args, ctx) => {
      const v = ctx.viewer;
      if (v?.kind !== 'user') throw new ForbiddenError('Staff only');
      const requested = args.agencyId?.id ?? null;
      if (requested && v.role !== 'COORDINATOR' && requested !== v.agencyId) throw new NotFoundError('Agency', requested);
      const agencyId = requested ?? (v.role === 'COORDINATOR' ? null : v.agencyId);
      if (agencyId && (!isUuid(agencyId) || !(await ctx.services.db.prisma.agency.findUnique({ where: { id: agencyId } })))) {
        throw new NotFoundError('Agency', agencyId);
      }
      return entries(ctx, agencyId);
    },
  }),
);

builder.mutationFields((t) => ({
  setClockPolicy: t.field({
    type: ClockPolicyChange,
    description:
      'Set follow-up lengths per class: the COORDINATOR the regency defaults (no agencyId), an agency ADMIN its own overrides. Open deadlines are recomputed.',
    authScopes: { role: [...EDITORS] },
    errors: { types: ERRORS },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }), entries: t.arg({ type: [ClockPolicyInput] }) },
    resolve: (_root, args, ctx) =>
      changeClockPolicy(ctx.services, ctx.viewer, args.agencyId?.id ?? null, {
        kind: 'SET',
        lengths: Object.fromEntries(args.entries.map((e) => [e.complaintClass, e.followUpWorkingDays ?? null])),
      }),
  }),
  applyClockPolicyPreset: t.field({
    type: ClockPolicyChange,
    description: 'Apply a documented preset (SOP, PERMENPANRB_62_2018) at your level. Open deadlines are recomputed.',
    authScopes: { role: [...EDITORS] },
    errors: { types: ERRORS },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }), preset: t.arg({ type: ClockPresetEnum }) },
    resolve: (_root, args, ctx) =>
      changeClockPolicy(ctx.services, ctx.viewer, args.agencyId?.id ?? null, { kind: 'PRESET', preset: args.preset }),
  }),
}));
