// adminEvents: the administrative audit, newest first. COORDINATOR: everything; an agency's ADMIN
// and AUDITOR: the events concerning their agency.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode, userById } from '../agencies/types.js';
import { ActorRoleEnum } from '../complaints/types.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { ADMIN_ACTIONS } from './events.js';

export const AdminActionEnum = builder.enumType('AdminAction', { values: ADMIN_ACTIONS });

const AdminEventNode = builder.prismaNode('AdminEvent', {
  id: { field: 'id' },
  authScopes: { role: ['COORDINATOR', 'ADMIN', 'AUDITOR'] },
  description: 'One administrative change: who, what, before → after (only the fields that changed; never a password or secret).',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    action: t.expose('action', { type: AdminActionEnum }),
    actorRole: t.expose('actorRole', { type: ActorRoleEnum, description: 'SYSTEM: the `npm run admin` command or the demo seed' }),
    actor: t.field(userById<{ actorId: string | null }>((e) => e.actorId)),
    agencyId: t.id({
      nullable: true,
      description: 'Global ID of the Agency concerned',
      resolve: (e) => (e.agencyId ? encodeGlobalID('Agency', e.agencyId) : null),
    }),
    entity: t.exposeString('entity', {
      description:
        'Agency, Division, User, ApiKey, Holiday, TimeStandard, ClockPolicy, Document (an export), WebhookEndpoint or NotificationPreference',
    }),
    entityId: t.exposeString('entityId', {
      description:
        'The row id (not a global ID); ClockPolicy: the agency id or REGENCY; Document: the signed link id; NotificationPreference: the user id',
    }),
    before: t.string({ nullable: true, description: 'JSON', resolve: (e) => (e.before === null ? null : JSON.stringify(e.before)) }),
    after: t.string({ nullable: true, description: 'JSON', resolve: (e) => (e.after === null ? null : JSON.stringify(e.after)) }),
    detail: t.string({
      nullable: true,
      description:
        'JSON. DOCUMENT_EXPORTED: kind, format, parameters, fileName, rowCount, confidentialRevealed; CLOCK_POLICY_*: recomputedComplaints (and the preset)',
      resolve: (e) => (e.detail === null ? null : JSON.stringify(e.detail)),
    }),
  }),
});

const AdminEventFilter = builder.inputType('AdminEventFilter', {
  fields: (t) => ({
    agencyId: t.globalID({ for: AgencyNode, required: false, description: 'COORDINATOR: one agency' }),
    action: t.field({ type: AdminActionEnum, required: false }),
    entityId: t.string({ required: false, description: 'Changes to one row (its id)' }),
  }),
});

function where(ctx: Context, f: typeof AdminEventFilter.$inferInput | null | undefined): Prisma.AdminEventWhereInput {
  const v = ctx.viewer!;
  const scope = v.kind === 'user' && v.role !== 'COORDINATOR' ? { agencyId: v.agencyId ?? '00000000-0000-0000-0000-000000000000' } : {};
  return {
    AND: [
      scope,
      f?.agencyId ? { agencyId: f.agencyId.id } : {},
      f?.action ? { action: f.action } : {},
      f?.entityId ? { entityId: f.entityId } : {},
    ],
  };
}

builder.queryFields((t) => ({
  adminEvents: t.prismaConnection(
    {
      type: AdminEventNode,
      cursor: 'id',
      maxSize: 200,
      description: 'The administrative audit, newest first.',
      authScopes: { role: ['COORDINATOR', 'ADMIN', 'AUDITOR'] },
      args: { filter: t.arg({ type: AdminEventFilter, required: false }) },
      totalCount: (_p, args, ctx) => ctx.services.db.prisma.adminEvent.count({ where: where(ctx, args.filter) }),
      resolve: (query, _p, args, ctx) =>
        ctx.services.db.prisma.adminEvent.findMany({ ...query, where: where(ctx, args.filter), orderBy: { id: 'desc' } }),
    },
    { name: 'AdminEventConnection' },
    { name: 'AdminEventEdge' },
  ),
}));
