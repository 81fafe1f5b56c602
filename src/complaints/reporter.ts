// The reporter's identity on a complaint (policy in reporter-policy.ts). A confidential identity is
// returned only after its read is in the access log; reads in one request are batched into one
// INSERT, one row per resolved `reporter` field (a complaint read twice is logged twice).
import DataLoader from 'dataloader';
import { RoleEnum, userById } from '../agencies/types.js';
import type { UserViewer } from '../auth/viewer.js';
import { NotFoundError } from '../errors.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { isUuid } from '../uuid.js';
import { reporterDecision } from './reporter-policy.js';
import { ComplaintNode } from './types.js';
import { complaintScope } from './visibility.js';

export const ReporterVisibilityEnum = builder.enumType('ReporterVisibility', {
  values: ['ANONYMOUS', 'CONFIDENTIAL', 'VISIBLE'] as const,
  description:
    'Why `reporter` is or is not shown: ANONYMOUS (hidden from everyone), CONFIDENTIAL (rahasia: only the agency’s ADMIN and HEAD see it, and each read is logged), VISIBLE (shown to you).',
});

const Reporter = builder.objectRef<{ name: string | null; contact: string | null }>('Reporter').implement({
  authScopes: { signedIn: true },
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    contact: t.exposeString('contact', { nullable: true }),
  }),
});

const accessLoggers = new WeakMap<Context, DataLoader<string, true>>();

/** Per request: batches the access-log rows of all confidential reads resolved in the same tick. */
function accessLogger(ctx: Context): DataLoader<string, true> {
  let loader = accessLoggers.get(ctx);
  if (!loader) {
    const viewer = ctx.viewer as UserViewer;
    loader = new DataLoader<string, true>(
      async (complaintIds) => {
        const at = ctx.services.clock.now();
        await ctx.services.db.prisma.reporterAccessLog.createMany({
          data: complaintIds.map((complaintId) => ({ complaintId, userId: viewer.id, role: viewer.role, at })),
        });
        ctx.log.info({ complaintIds, userId: viewer.id, role: viewer.role }, 'confidential reporter identity read');
        return complaintIds.map(() => true as const);
      },
      { cache: false },
    );
    accessLoggers.set(ctx, loader);
  }
  return loader;
}

const reporterColumns = {
  id: true,
  agencyId: true,
  anonymous: true,
  confidential: true,
  reporterName: true,
  reporterContact: true,
} as const;

builder.prismaObjectFields(ComplaintNode, (t) => ({
  reporter: t.field({
    type: Reporter,
    nullable: true,
    description:
      'Who reported it. Null when anonymous, or when confidential and you are not the agency’s ADMIN or HEAD (see reporterHidden). Reading a confidential reporter is logged.',
    select: reporterColumns,
    resolve: async (c, _args, ctx) => {
      const d = reporterDecision(ctx.viewer, c);
      if (!d.reveal) return null;
      // No identity leaves the service unless its read is recorded first.
      if (d.log) await accessLogger(ctx).load(c.id);
      return { name: c.reporterName, contact: c.reporterContact };
    },
  }),
  reporterHidden: t.field({
    type: ReporterVisibilityEnum,
    description: 'Whether `reporter` is shown to you, and if not, why.',
    select: { agencyId: true, anonymous: true, confidential: true },
    resolve: (c, _args, ctx) => reporterDecision(ctx.viewer, c).visibility,
  }),
}));

const AccessLogEntry = builder.prismaObject('ReporterAccessLog', {
  authScopes: { role: ['ADMIN', 'HEAD', 'AUDITOR'] },
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    role: t.expose('role', { type: RoleEnum }),
    user: t.field(userById((r) => r.userId)),
  }),
});

builder.queryField('reporterAccessLog', (t) =>
  t.prismaField({
    type: [AccessLogEntry],
    description: 'Every read of a confidential reporter’s identity, oldest first (ADMIN, HEAD and AUDITOR of the agency).',
    authScopes: { role: ['ADMIN', 'HEAD', 'AUDITOR'] },
    args: { complaintId: t.arg.globalID({ for: ComplaintNode }) },
    resolve: async (query, _root, args, ctx) => {
      const id = args.complaintId.id;
      const prisma = ctx.services.db.prisma;
      const visible =
        isUuid(id) && (await prisma.complaint.findFirst({ where: { AND: [{ id }, complaintScope(ctx.viewer)] }, select: { id: true } }));
      if (!visible) throw new NotFoundError('Complaint', id);
      return prisma.reporterAccessLog.findMany({ ...query, where: { complaintId: id }, orderBy: { id: 'asc' } });
    },
  }),
);
