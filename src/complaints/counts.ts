// Dashboard counts by status and by division, over exactly the complaints the caller may see (a
// DIVISION user counts only the complaints disposed to their division). READ_COMPLAINTS keys get
// their agency's counts: numbers and division names only.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode } from '../agencies/types.js';
import { builder } from '../graphql/builder.js';
import { agencyForRead } from './agency-arg.js';
import { ComplaintStatusEnum } from './types.js';
import { complaintScope } from './visibility.js';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../sop/vocabulary.js';

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

const ComplaintCounts = builder
  .objectRef<{ total: number; byStatus: { status: ComplaintStatus; count: number }[]; byDivision: DivisionCount[] }>('ComplaintCounts')
  .implement({
    fields: (t) => ({
      total: t.exposeInt('total'),
      byStatus: t.field({ type: [StatusCount], description: 'Every status, zeros included', resolve: (c) => c.byStatus }),
      byDivision: t.field({ type: [DivisionCountRef], description: 'Divisions with at least one complaint', resolve: (c) => c.byDivision }),
    }),
  });

builder.queryField('complaintCounts', (t) =>
  t.field({
    type: ComplaintCounts,
    description:
      'Counts for the dashboard: by status and by division. agencyId: COORDINATOR (or a regency-wide key) only; default all agencies.',
    authScopes: { signedIn: true, service: 'READ_COMPLAINTS' },
    args: { agencyId: t.arg.globalID({ for: AgencyNode, required: false }) },
    resolve: async (_root, args, ctx) => {
      const prisma = ctx.services.db.prisma;
      const agencyId = await agencyForRead(ctx, args.agencyId?.id);
      const where = { AND: [complaintScope(ctx.viewer), agencyId ? { agencyId } : {}] };
      const [statusRows, divisionRows] = await Promise.all([
        prisma.complaint.groupBy({ by: ['status'], where, _count: { _all: true } }),
        // Disposition happens once per complaint, so a (complaint, division) pair appears once.
        prisma.dispositionDivision.groupBy({ by: ['divisionId'], where: { complaint: where }, _count: { _all: true } }),
      ]);
      const divisions = await prisma.division.findMany({ where: { id: { in: divisionRows.map((d) => d.divisionId) } } });
      const byStatusMap = new Map(statusRows.map((r) => [r.status, r._count._all]));
      const divisionCount = new Map(divisionRows.map((d) => [d.divisionId, d._count._all]));
      return {
        total: statusRows.reduce((n, r) => n + r._count._all, 0),
        byStatus: COMPLAINT_STATUSES.map((status) => ({ status, count: byStatusMap.get(status) ?? 0 })),
        byDivision: divisions
          .map((d) => ({ divisionId: d.id, code: d.code, name: d.name, count: divisionCount.get(d.id) ?? 0 }))
          .sort((a, b) => a.code.localeCompare(b.code)),
      };
    },
  }),
);
