// What the public and other portals may know about a complaint: its status, kind, key dates and the
// agency's name. Never the reporter, the title, the content or any internal text (a title can hold
// personal data), never staff names. A separate Prisma variant of Complaint, so nothing here can
// reach the staff-only Complaint node's fields.
import type { ComplaintHistory } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import { COMPLAINT_ORDER, connectionWhere, MAX_PAGE_SIZE } from './queries.js';
import { ActorRoleEnum, ComplaintKindEnum, ComplaintStatusEnum, WorkflowActionEnum } from './types.js';
import { complaintScope } from './visibility.js';
import { readComplaintStatus } from '../status/read.js';

export const ComplaintStatusView = builder.prismaObject('Complaint', {
  variant: 'ComplaintStatusView',
  description: 'Status-level view of a complaint, safe for the public and other portals: no personal data, no internal text.',
  authScopes: { public: true },
  fields: (t) => ({
    trackingId: t.exposeString('trackingId', { description: 'LAPOR! tracking ID' }),
    kind: t.expose('kind', { type: ComplaintKindEnum }),
    status: t.expose('status', { type: ComplaintStatusEnum }),
    round: t.exposeInt('round'),
    version: t.exposeInt('version'),
    receivedAt: t.expose('receivedAt', { type: 'DateTime', description: 'When the agency now handling it received it' }),
    firstReceivedAt: t.expose('firstReceivedAt', {
      type: 'DateTime',
      description: 'When the report first reached the regency; differs from receivedAt after a dispatch to another agency',
    }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime', nullable: true }),
    respondedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the latest response was posted on LAPOR!',
      select: { responses: { select: { postedAt: true }, orderBy: { postedAt: 'desc' }, take: 1 } },
      resolve: (c) => c.responses[0]?.postedAt ?? null,
    }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    agencyName: t.string({ select: { agency: { select: { name: true } } }, resolve: (c) => c.agency.name }),
  }),
});

const StatusFilter = builder.inputType('ComplaintStatusFilter', {
  fields: (t) => ({
    status: t.field({ type: [ComplaintStatusEnum], required: false }),
    receivedFrom: t.field({ type: 'DateTime', required: false }),
    receivedTo: t.field({ type: 'DateTime', required: false }),
  }),
});

/** History without people: what happened and which role did it, never who. */
const HistorySummaryEntry = builder
  .objectRef<Pick<ComplaintHistory, 'at' | 'action' | 'actorRole' | 'fromStatus' | 'toStatus' | 'round'>>('ComplaintHistorySummaryEntry')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      at: t.expose('at', { type: 'DateTime' }),
      action: t.expose('action', { type: WorkflowActionEnum }),
      actorRole: t.expose('actorRole', { type: ActorRoleEnum }),
      fromStatus: t.expose('fromStatus', { type: ComplaintStatusEnum, nullable: true }),
      toStatus: t.expose('toStatus', { type: ComplaintStatusEnum, nullable: true }),
      round: t.exposeInt('round'),
    }),
  });

builder.queryFields((t) => ({
  complaintStatus: t.prismaField({
    type: ComplaintStatusView,
    nullable: true,
    description: 'Public status of a complaint by its LAPOR! tracking ID; null when unknown.',
    authScopes: { public: true },
    args: { trackingId: t.arg.string() },
    // One plain SQL statement (src/status/read.ts) already shaped like this type's Prisma selection.
    resolve: (_query, _root, args, ctx) => readComplaintStatus(ctx.services.db, args.trackingId.trim()) as never,
  }),
  complaintStatuses: t.prismaConnection(
    {
      type: ComplaintStatusView,
      cursor: 'id',
      maxSize: MAX_PAGE_SIZE,
      description: 'Status-level listing of the complaints you may see (a READ_COMPLAINTS key: its agency’s), newest first.',
      authScopes: { service: 'READ_COMPLAINTS', signedIn: true },
      args: { filter: t.arg({ type: StatusFilter, required: false }) },
      totalCount: (_parent, args, ctx) => ctx.services.db.prisma.complaint.count({ where: connectionWhere(ctx, args) }),
      resolve: (query, _parent, args, ctx) =>
        ctx.services.db.prisma.complaint.findMany({
          ...query,
          where: connectionWhere(ctx, args),
          orderBy: COMPLAINT_ORDER.RECEIVED_AT_DESC,
        }),
    },
    { name: 'ComplaintStatusViewConnection' },
    { name: 'ComplaintStatusViewEdge' },
  ),
  complaintHistorySummary: t.field({
    type: [HistorySummaryEntry],
    nullable: true,
    description: 'What happened to a complaint, when, and by which role (never who); null when unknown or not yours.',
    authScopes: { service: 'READ_COMPLAINTS', signedIn: true },
    args: { trackingId: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const c = await ctx.services.db.prisma.complaint.findFirst({
        where: { AND: [{ trackingId: args.trackingId.trim() }, complaintScope(ctx.viewer)] },
        select: {
          history: {
            orderBy: { id: 'asc' },
            select: { at: true, action: true, actorRole: true, fromStatus: true, toStatus: true, round: true },
          },
        },
      });
      return c ? c.history : null;
    },
  }),
}));

// A portal that forwards a report (FORWARD_COMPLAINTS key) must learn what it created, but the
// Complaint node is for staff: this one field opens its status-level view to such a key.
builder.prismaObjectField('Complaint', 'statusView', (t) =>
  t.variant(ComplaintStatusView, {
    description: 'The status-level view of this complaint (what a forwarding portal may read back).',
    skipTypeScopes: true,
    authScopes: { signedIn: true, service: 'FORWARD_COMPLAINTS' },
  }),
);
