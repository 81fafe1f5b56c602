// Dashboard counts by status, by division, by class and by catalogue category, over exactly the complaints the caller may see (a
// DIVISION user counts only the complaints disposed to their division). READ_COMPLAINTS keys get
// their agency's counts: numbers and division names only.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode } from '../agencies/types.js';
import type { PrismaClient } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import { agencyForRead } from './agency-arg.js';
import { ComplaintStatusEnum } from './types.js';
import { complaintScope } from './visibility.js';
import { ComplaintClassEnum } from '../deadlines/types.js';
import { classOf, COMPLAINT_CLASSES, COMPLAINT_STATUSES, type ComplaintClass, type ComplaintStatus } from '../sop/vocabulary.js';

interface DivisionCount {
  divisionId: string;
  code: string;
  name: string;
  count: number;
}

const StatusCount = builder.objectRef<{ status: ComplaintStatus; count: number }>('StatusCount').implement({
  fields: (t) => ({ status: t.expose('status', { type: ComplaintStatusEnum }), count: t.exposeInt('count') }),
});

const DivisionCountRef = builder.objectRef<DivisionCount>('DivisionCount').implement({
  description: 'Complaints disposed to one division.',
  fields: (t) => ({
    divisionId: t.id({ resolve: (d) => encodeGlobalID('Division', d.divisionId) }),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    count: t.exposeInt('count'),
  }),
});

const ClassCount = builder.objectRef<{ complaintClass: ComplaintClass; count: number }>('ClassCount').implement({
  fields: (t) => ({ complaintClass: t.expose('complaintClass', { type: ComplaintClassEnum }), count: t.exposeInt('count') }),
});

interface CategoryCount {
  categoryId: string | null;
  code: string | null;
  name: string | null;
  count: number;
}
const CategoryCountRef = builder.objectRef<CategoryCount>('CategoryCount').implement({
  description: 'Complaints of one catalogue category; categoryId null = not mapped to a category.',
  fields: (t) => ({
    categoryId: t.id({ nullable: true, resolve: (c) => (c.categoryId ? encodeGlobalID('ComplaintCategory', c.categoryId) : null) }),
    code: t.exposeString('code', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

export interface CountsValue {
  total: number;
  byStatus: { status: ComplaintStatus; count: number }[];
  byDivision: DivisionCount[];
  /** The complaints counted (for the by-class and by-category breakdowns, resolved on demand). */
  where: Prisma.ComplaintWhereInput;
}

const ComplaintCounts = builder.objectRef<CountsValue>('ComplaintCounts').implement({
  fields: (t) => ({
    total: t.exposeInt('total'),
    byStatus: t.field({ type: [StatusCount], description: 'Every status, zeros included', resolve: (c) => c.byStatus }),
    byDivision: t.field({ type: [DivisionCountRef], description: 'Divisions with at least one complaint', resolve: (c) => c.byDivision }),
    byClass: t.field({
      type: [ClassCount],
      description: 'Every class (kind, and the oversight element for LAPORAN), zeros included',
      resolve: async (c, _a, ctx) => {
        const rows = await ctx.services.db.prisma.complaint.groupBy({
          by: ['kind', 'hasOversight'],
          where: c.where,
          _count: { _all: true },
        });
        const counts = new Map<ComplaintClass, number>();
        for (const r of rows) counts.set(classOf(r), (counts.get(classOf(r)) ?? 0) + r._count._all);
        return COMPLAINT_CLASSES.map((complaintClass) => ({ complaintClass, count: counts.get(complaintClass) ?? 0 }));
      },
    }),
    byCategory: t.field({
      type: [CategoryCountRef],
      description: 'Catalogue categories with at least one complaint, then the unmapped ones (categoryId null)',
      resolve: async (c, _a, ctx) => {
        const { prisma } = ctx.services.db;
        const rows = await prisma.complaint.groupBy({ by: ['categoryId'], where: c.where, _count: { _all: true } });
        const ids = rows.flatMap((r) => (r.categoryId ? [r.categoryId] : []));
        const categories = new Map((await prisma.complaintCategory.findMany({ where: { id: { in: ids } } })).map((k) => [k.id, k]));
        return rows
          .map((r) => {
            const k = r.categoryId ? categories.get(r.categoryId) : undefined;
            return { categoryId: r.categoryId, code: k?.code ?? null, name: k?.name ?? null, count: r._count._all };
          })
          .sort((a, b) => (a.code === null ? 1 : b.code === null ? -1 : a.code.localeCompare(b.code)));
      },
    }),
  }),
});

/** Counts by status and by division of the complaints matching `where` (callers include the scope). */
export async function countComplaints(prisma: PrismaClient, where: Prisma.ComplaintWhereInput): Promise<CountsValue> {
  const [statusRows, divisionRows] = await Promise.all([
    prisma.complaint.groupBy({ by: ['status'], where, _count: { _all: true } }),
    // Disposition happens once per complaint, so a (complaint, division) pair appears once.
    prisma.dispositionDivision.groupBy({ by: ['divisionId'], where: { complaint: where }, _count: { _all: true } }),
  ]);
  const divisions = await prisma.division.findMany({ where: { id: { in: divisionRows.map((d) => d.divisionId) } } });
  const byStatusMap = new Map(statusRows.map((r) => [r.status, r._count._all]));
  const divisionCount = new Map(divisionRows.map((d) => [d.divisionId, d._count._all]));
  return {
    where,
    total: statusRows.reduce((n, r) => n + r._count._all, 0),
    byStatus: COMPLAINT_STATUSES.map((status) => ({ status, count: byStatusMap.get(status) ?? 0 })),
    byDivision: divisions
      .map((d) => ({ divisionId: d.id, code: d.code, name: d.name, count: divisionCount.get(d.id) ?? 0 }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

builder.queryField('complaintCounts', (t) =>
  t.field({
    type: ComplaintCounts,
    description:
      'Counts for the dashboard: by status and by division. agencyId: COORDINATOR (or a regency-wide key) only; default all agencies. receivedFrom/receivedTo: only complaints received in that period (as the monthly recap counts them).',
    authScopes: { signedIn: true, service: 'READ_COMPLAINTS' },
    args: {
      agencyId: t.arg.globalID({ for: AgencyNode, required: false }),
      receivedFrom: t.arg({ type: 'DateTime', required: false, description: 'Received at or after' }),
      receivedTo: t.arg({ type: 'DateTime', required: false, description: 'Received before' }),
    },
    resolve: async (_root, args, ctx) => {
      const agencyId = await agencyForRead(ctx, args.agencyId?.id);
      const received =
        args.receivedFrom || args.receivedTo
          ? {
              receivedAt: { ...(args.receivedFrom ? { gte: args.receivedFrom } : {}), ...(args.receivedTo ? { lt: args.receivedTo } : {}) },
            }
          : {};
      return countComplaints(ctx.services.db.prisma, { AND: [complaintScope(ctx.viewer), agencyId ? { agencyId } : {}, received] });
    },
  }),
);
