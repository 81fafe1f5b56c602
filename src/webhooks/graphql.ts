// Webhook endpoints for other systems: an ADMIN manages their agency's, the COORDINATOR any (also
// regency-wide ones, agencyId omitted). The secret is shown at creation and rotation only.
import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { AgencyNode } from '../agencies/types.js';
import { actorOf } from '../audit/actor.js';
import { recordAdminEvent } from '../audit/events.js';
import { InputChecker, InvalidInputError, NotFoundError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { isUuid, uuidOrNil } from '../uuid.js';
import { WEBHOOK_EVENT_TYPES } from './payload.js';
import { addressProblem, urlSyntaxProblem } from './url.js';

export const WebhookEventTypeEnum = builder.enumType('WebhookEventType', {
  values: WEBHOOK_EVENT_TYPES,
  description: 'COMPLAINT_STATUS_CHANGED: body type "complaint.status_changed"; COMPLAINT_DEADLINE: "complaint.deadline".',
});
const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: ['PENDING', 'DELIVERED', 'FAILED'] as const });

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** ADMIN: own agency only; COORDINATOR: everything. */
function ownEndpoints(ctx: Pick<Context, 'viewer'>): Prisma.WebhookEndpointWhereInput {
  const v = ctx.viewer;
  return v?.kind === 'user' && v.role === 'ADMIN' ? { agencyId: uuidOrNil(v.agencyId ?? '') } : {};
}

/** What the audit keeps of an endpoint: never its secret. */
function endpointSnapshot(e: { url: string; description: string; eventTypes: string[]; agencyId: string | null; active: boolean }) {
  return { url: e.url, description: e.description, eventTypes: [...e.eventTypes], agencyId: e.agencyId, active: e.active };
}

async function findOwn(ctx: Context, id: string) {
  const row = isUuid(id) ? await ctx.services.db.prisma.webhookEndpoint.findFirst({ where: { id, ...ownEndpoints(ctx) } }) : null;
  if (!row) throw new NotFoundError('WebhookEndpoint', id);
  return row;
}

async function checkUrl(ctx: Context, check: InputChecker, url: string): Promise<void> {
  const { config } = ctx.services;
  const policy = { production: config.nodeEnv === 'production', allowPrivate: config.webhookAllowPrivateUrls };
  const syntax = urlSyntaxProblem(url, policy);
  check.check(syntax === null, 'url', syntax ?? '');
  if (syntax === null) {
    const address = await addressProblem(url, policy);
    check.check(address === null, 'url', address ?? '');
  }
}

builder.prismaObject('WebhookAttempt', {
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs'),
    error: t.exposeString('error', { nullable: true }),
  }),
});

const WebhookDeliveryNode = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  authScopes: { role: ['ADMIN', 'COORDINATOR'] },
  nullable: true,
  // As webhookEndpoints: an ADMIN sees their agency's endpoints' deliveries only.
  findUnique: (id, ctx) => ({ id: uuidOrNil(id), endpoint: ownEndpoints(ctx) }) as never,
  fields: (t) => ({
    eventId: t.exposeString('eventId', { description: 'The webhook-id header: receivers de-duplicate by it.' }),
    eventType: t.field({ type: WebhookEventTypeEnum, resolve: (d) => d.eventType }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'PENDING' ? d.nextAttemptAt : null) }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    log: t.relation('log', { description: 'Every attempt, oldest first.', query: { orderBy: { at: 'asc' } } }),
  }),
});

const WebhookEndpointNode = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  authScopes: { role: ['ADMIN', 'COORDINATOR'] },
  nullable: true,
  findUnique: (id, ctx) => ({ id: uuidOrNil(id), ...ownEndpoints(ctx) }) as never,
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    eventTypes: t.field({ type: [WebhookEventTypeEnum], resolve: (e) => e.eventTypes }),
    agency: t.relation('agency', { nullable: true, description: 'null: every agency (set by the coordinator).' }),
    active: t.exposeBoolean('active'),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.relation('deliveries', {
      description: 'The delivery log, newest first.',
      args: { first: t.arg.int({ required: false, defaultValue: 50 }), status: t.arg({ type: DeliveryStatusEnum, required: false }) },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: { createdAt: 'desc' },
        take: Math.min(Math.max(args.first ?? 50, 1), 500),
      }),
    }),
  }),
});

const EndpointWithSecret = builder.objectRef<{ id: string; secret: string }>('WebhookEndpointWithSecret').implement({
  fields: (t) => ({
    secret: t.exposeString('secret', { description: 'The signing secret (whsec_…). Shown only now: store it safely.' }),
    endpoint: t.prismaField({
      type: 'WebhookEndpoint',
      resolve: (query, p, _a, ctx) => ctx.services.db.prisma.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: p.id } }),
    }),
  }),
});

const DeletedEndpoint = builder.objectRef<{ id: string }>('DeletedWebhookEndpoint').implement({
  fields: (t) => ({ id: t.exposeID('id', { description: 'Global ID of the deleted endpoint' }) }),
});

builder.queryFields((t) => ({
  webhookEndpoints: t.prismaField({
    type: ['WebhookEndpoint'],
    description: 'Webhook endpoints of the caller’s agency (all, for the coordinator).',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    resolve: (query, _r, _a, ctx) =>
      ctx.services.db.prisma.webhookEndpoint.findMany({ ...query, where: ownEndpoints(ctx), orderBy: { createdAt: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: EndpointWithSecret,
    description:
      'Register a URL that receives signed events (Standard Webhooks). An ADMIN’s endpoint gets their agency’s events; the coordinator’s, one agency’s or (agencyId omitted) every agency’s.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      url: t.arg.string(),
      eventTypes: t.arg({ type: [WebhookEventTypeEnum] }),
      description: t.arg.string({ required: false }),
      agencyId: t.arg.globalID({ for: AgencyNode, required: false, description: 'COORDINATOR only; omit for every agency.' }),
    },
    resolve: async (_r, args, ctx) => {
      const v = ctx.viewer!;
      if (v.kind !== 'user') throw new Error('unreachable: scope requires a user');
      const check = new InputChecker()
        .text('url', args.url, { max: 2000 })
        .text('description', args.description, { max: 500, required: false });
      check.check(args.eventTypes.length > 0, 'eventTypes', 'choose at least one event type');
      const requested = args.agencyId?.id ?? null;
      check.check(
        !(v.role === 'ADMIN' && requested && requested !== v.agencyId),
        'agencyId',
        'an ADMIN can only receive their own agency’s events',
      );
      await checkUrl(ctx, check, args.url.trim());
      check.throwIfAny();
      const agencyId = v.role === 'ADMIN' ? v.agencyId : requested;
      const prisma = ctx.services.db.prisma;
      if (agencyId && !(isUuid(agencyId) && (await prisma.agency.findUnique({ where: { id: agencyId } })))) {
        throw new NotFoundError('Agency', agencyId);
      }
      const secret = newSecret();
      const row = await prisma.$transaction(async (tx) => {
        const created = await tx.webhookEndpoint.create({
          data: {
            url: args.url.trim(),
            description: args.description?.trim() ?? '',
            eventTypes: [...new Set(args.eventTypes)],
            secret,
            agencyId,
            createdById: v.id,
          },
        });
        await recordAdminEvent(tx, actorOf(v), {
          action: 'WEBHOOK_ENDPOINT_CREATED',
          agencyId,
          entity: 'WebhookEndpoint',
          entityId: created.id,
          after: endpointSnapshot(created),
        });
        return created;
      });
      ctx.log.info({ webhookEndpointId: row.id, by: v.id }, 'webhook endpoint created');
      return { id: row.id, secret };
    },
  }),
  updateWebhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    description: 'Change the URL, events or description, or disable / re-enable (re-enabling clears the reason).',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: {
      id: t.arg.globalID({ for: WebhookEndpointNode }),
      url: t.arg.string({ required: false }),
      eventTypes: t.arg({ type: [WebhookEventTypeEnum], required: false }),
      description: t.arg.string({ required: false }),
      active: t.arg.boolean({ required: false }),
    },
    resolve: async (query, _r, args, ctx) => {
      const existing = await findOwn(ctx, args.id.id);
      const check = new InputChecker().text('description', args.description, { max: 500, required: false });
      if (args.url != null) await checkUrl(ctx, check.text('url', args.url, { max: 2000 }), args.url.trim());
      if (args.eventTypes != null) check.check(args.eventTypes.length > 0, 'eventTypes', 'choose at least one event type');
      check.throwIfAny();
      const now = ctx.services.clock.now();
      return ctx.services.db.prisma.$transaction(async (tx) => {
        const updated = await tx.webhookEndpoint.update({
          ...query,
          where: { id: existing.id },
          data: {
            ...(args.url != null ? { url: args.url.trim() } : {}),
            ...(args.eventTypes != null ? { eventTypes: [...new Set(args.eventTypes)] } : {}),
            ...(args.description != null ? { description: args.description.trim() } : {}),
            ...(args.active === true ? { active: true, disabledAt: null, disabledReason: null } : {}),
            ...(args.active === false && existing.active ? { active: false, disabledAt: now, disabledReason: 'disabled by a user' } : {}),
          },
        });
        const before = endpointSnapshot(existing);
        const after = endpointSnapshot(updated);
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await recordAdminEvent(tx, actorOf(ctx.viewer), {
            action: existing.active && !updated.active ? 'WEBHOOK_ENDPOINT_DISABLED' : 'WEBHOOK_ENDPOINT_UPDATED',
            agencyId: existing.agencyId,
            entity: 'WebhookEndpoint',
            entityId: existing.id,
            before,
            after,
          });
        }
        return updated;
      });
    },
  }),
  rotateWebhookSecret: t.field({
    type: EndpointWithSecret,
    description: 'A new signing secret, used from the next delivery on; the old one stops working at once.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: WebhookEndpointNode }) },
    resolve: async (_r, args, ctx) => {
      const existing = await findOwn(ctx, args.id.id);
      const secret = newSecret();
      await ctx.services.db.prisma.$transaction(async (tx) => {
        await tx.webhookEndpoint.update({ where: { id: existing.id }, data: { secret } });
        // The secret itself is never recorded.
        await recordAdminEvent(tx, actorOf(ctx.viewer), {
          action: 'WEBHOOK_SECRET_ROTATED',
          agencyId: existing.agencyId,
          entity: 'WebhookEndpoint',
          entityId: existing.id,
        });
      });
      ctx.log.info({ webhookEndpointId: existing.id }, 'webhook secret rotated');
      return { id: existing.id, secret };
    },
  }),
  deleteWebhookEndpoint: t.field({
    type: DeletedEndpoint,
    description: 'Delete an endpoint and its delivery log.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [NotFoundError] },
    args: { id: t.arg.globalID({ for: WebhookEndpointNode }) },
    resolve: async (_r, args, ctx) => {
      const existing = await findOwn(ctx, args.id.id);
      await ctx.services.db.prisma.$transaction(async (tx) => {
        await tx.webhookEndpoint.delete({ where: { id: existing.id } });
        await recordAdminEvent(tx, actorOf(ctx.viewer), {
          action: 'WEBHOOK_ENDPOINT_DELETED',
          agencyId: existing.agencyId,
          entity: 'WebhookEndpoint',
          entityId: existing.id,
          before: endpointSnapshot(existing),
        });
      });
      return { id: encodeGlobalID('WebhookEndpoint', existing.id) };
    },
  }),
  redeliverWebhook: t.prismaField({
    type: 'WebhookDelivery',
    description: 'Send a delivery again now (whatever its status), with the same webhook-id; the retry schedule starts over.',
    authScopes: { role: ['ADMIN', 'COORDINATOR'] },
    errors: { types: [InvalidInputError, NotFoundError] },
    args: { id: t.arg.globalID({ for: WebhookDeliveryNode }) },
    resolve: async (query, _r, args, ctx) => {
      const id = args.id.id;
      const prisma = ctx.services.db.prisma;
      const d = isUuid(id)
        ? await prisma.webhookDelivery.findFirst({ where: { id, endpoint: ownEndpoints(ctx) }, include: { endpoint: true } })
        : null;
      if (!d) throw new NotFoundError('WebhookDelivery', id);
      if (!d.endpoint.active) throw new InvalidInputError([{ field: 'id', message: 'the endpoint is disabled: enable it first' }]);
      const row = await prisma.webhookDelivery.update({
        ...query,
        where: { id: d.id },
        data: { status: 'PENDING', attempts: 0, nextAttemptAt: ctx.services.clock.now(), leaseUntil: null },
      });
      void ctx.services.outbox.committed();
      return row;
    },
  }),
}));
