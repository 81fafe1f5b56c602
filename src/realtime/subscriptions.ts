// GraphQL subscriptions: live complaint status and deadline events, over SSE and WebSocket.
// Authorization happens twice: when subscribing (scope + the filter; errors before any event flows)
// and for every event (liveEventMatches, with the viewer captured at subscribe time).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { ActorRoleEnum, ComplaintStatusEnum, WorkflowActionEnum } from '../complaints/types.js';
import { DomainError, InvalidInputError } from '../errors.js';
import type { Context } from '../graphql/context.js';
import { builder } from '../graphql/builder.js';
import type { AppServices } from '../services.js';
import type { Delivered } from '../sop/events.js';
import { DEADLINE_EVENT_KINDS, DEADLINE_KINDS } from '../sop/vocabulary.js';
import type { ComplaintDeadlineEvent, ComplaintStatusChanged, TuntasPubSubEvents } from './events.js';
import {
  authorizeLiveFilter,
  liveEventMatches,
  parseLiveFilter,
  type LiveAccessOptions,
  type LiveEventFacts,
  type LiveFilter,
  type LiveFilterInput,
} from './filter.js';
import { liveOwner } from './live-subscriptions.js';
import { replayPosition, withReplay } from './replay.js';

export const LiveFilterInputType = builder.inputType('LiveComplaintFilter', {
  description:
    'Exactly one option. The public follows one report by its LAPOR! tracking ID; service clients by tracking ID (READ_STATUS) or their agency (READ_COMPLAINTS); division staff their own queue or complaints disposed to them; agency staff their agency; the coordinator anything.',
  fields: (t) => ({
    complaintId: t.id({ required: false, description: 'One complaint (global ID of a Complaint)' }),
    trackingId: t.string({ required: false, description: 'One complaint, by its LAPOR! tracking ID' }),
    agencyId: t.id({ required: false, description: 'Every complaint of one agency (global ID of an Agency)' }),
    myDivisionQueue: t.boolean({ required: false, description: 'true: every complaint disposed to the caller’s division' }),
  }),
});

export const DeadlineKindEnum = builder.enumType('DeadlineKind', {
  values: DEADLINE_KINDS,
  description: 'FOLLOW_UP: follow-up due after receipt; AUTO_CLOSE: a response without reply closes; OMBUDSMAN: the Ombudsman takes over.',
});

export const DeadlineEventKindEnum = builder.enumType('DeadlineEventKind', {
  values: DEADLINE_EVENT_KINDS,
});

// Agency names are shown with every event (and an agency filter must name an agency); they almost
// never change, so a short cache spares the database one lookup per event and per subscriber.
const agencyNames = new WeakMap<AppServices, Map<string, { name: Promise<string | null>; until: number }>>();
function agencyName(services: AppServices, agencyId: string): Promise<string | null> {
  let cache = agencyNames.get(services);
  if (!cache) {
    cache = new Map();
    agencyNames.set(services, cache);
  }
  const now = Date.now();
  const hit = cache.get(agencyId);
  if (hit && hit.until > now) return hit.name;
  const name = services.db.prisma.agency.findUnique({ where: { id: agencyId }, select: { name: true } }).then((a) => a?.name ?? null);
  // Unknown agencies and failures are not remembered.
  name.then(
    (n) => n === null && cache.delete(agencyId),
    () => cache.delete(agencyId),
  );
  cache.set(agencyId, { name, until: now + 5 * 60_000 });
  return name;
}

type LiveEventBase = LiveEventFacts & { round: number; version: number; at: string; eventId: string };

/** Fields both event types share: identifiers, never a person's name or the report's content. */
export const ComplaintLiveEventInterface = builder.interfaceRef<LiveEventBase>('ComplaintLiveEvent').implement({
  fields: (t) => ({
    complaintId: t.id({ description: 'Global ID of the Complaint', resolve: (e) => encodeGlobalID('Complaint', e.complaintId) }),
    trackingId: t.string({ description: 'LAPOR! tracking ID', resolve: (e) => e.trackingId }),
    agencyId: t.id({ description: 'Global ID of the Agency', resolve: (e) => encodeGlobalID('Agency', e.agencyId) }),
    agencyName: t.string({ nullable: true, resolve: (e, _a, ctx) => agencyName(ctx.services, e.agencyId) }),
    eventId: t.id({
      description: 'This event’s id (the same as the webhook-id): pass it as lastEventId when resubscribing to receive what you missed.',
      resolve: (e) => e.eventId,
    }),
    round: t.int({ resolve: (e) => e.round }),
    version: t.int({
      description: 'The complaint’s version after this event. A jump of more than 1 means missed events: refetch the complaint.',
      resolve: (e) => e.version,
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => new Date(e.at) }),
  }),
});

export const ComplaintStatusChangedEventType = builder
  .objectRef<Delivered<ComplaintStatusChanged>>('ComplaintStatusChangedEvent')
  .implement({
    description: 'A complaint moved from one status to another (one workflow action).',
    interfaces: [ComplaintLiveEventInterface],
    fields: (t) => ({
      previousStatus: t.field({ type: ComplaintStatusEnum, nullable: true, resolve: (e) => e.previousStatus }),
      status: t.field({ type: ComplaintStatusEnum, resolve: (e) => e.status }),
      action: t.field({ type: WorkflowActionEnum, resolve: (e) => e.action }),
      actorRole: t.field({ type: ActorRoleEnum, description: 'The role that acted (never who)', resolve: (e) => e.actorRole }),
    }),
  });

export const ComplaintDeadlineEventType = builder.objectRef<Delivered<ComplaintDeadlineEvent>>('ComplaintDeadlineEvent').implement({
  description: 'A legal deadline of a complaint is near, passed, or has closed or escalated it.',
  interfaces: [ComplaintLiveEventInterface],
  fields: (t) => ({
    deadline: t.field({ type: DeadlineKindEnum, resolve: (e) => e.deadline }),
    kind: t.field({ type: DeadlineEventKindEnum, resolve: (e) => e.kind }),
    dueAt: t.field({ type: 'DateTime', resolve: (e) => new Date(e.dueAt) }),
  }),
});

/** Domain errors become GraphQL errors with extensions.code (and the field issues for bad input). */
function asGraphQLError(err: unknown): unknown {
  if (err instanceof InvalidInputError) {
    return new GraphQLError(err.message, { extensions: { code: err.code, issues: err.issues } });
  }
  if (err instanceof DomainError) return new GraphQLError(err.message, { extensions: { code: err.code } });
  return err;
}

async function subscribeLive<K extends 'complaint:status' | 'complaint:deadline'>(
  ctx: Context,
  topic: K,
  input: LiveFilterInput,
  opts: LiveAccessOptions,
  lastEventId?: string | null,
): Promise<AsyncIterable<TuntasPubSubEvents[K][0]>> {
  const { services, viewer } = ctx;
  let filter: LiveFilter;
  let after: bigint | null = null;
  try {
    const parsed = parseLiveFilter(input);
    const prisma = services.db.prisma;
    const select = { id: true, trackingId: true, agencyId: true, dispositionDivisions: { select: { divisionId: true } } } as const;
    const row =
      parsed.by === 'complaint'
        ? await prisma.complaint.findUnique({ where: { id: parsed.complaintId }, select })
        : parsed.by === 'trackingId'
          ? await prisma.complaint.findUnique({ where: { trackingId: parsed.trackingId }, select })
          : undefined;
    const target = row && {
      complaintId: row.id,
      trackingId: row.trackingId,
      agencyId: row.agencyId,
      divisionIds: row.dispositionDivisions.map((d) => d.divisionId),
    };
    const agencyExists = parsed.by === 'agency' ? (await agencyName(services, parsed.agencyId)) !== null : undefined;
    filter = authorizeLiveFilter(viewer, parsed, { target, agencyExists }, opts);
    if (lastEventId != null) after = await replayPosition(services, lastEventId);
  } catch (err) {
    throw asGraphQLError(err);
  }
  const accept = (event: LiveEventFacts) => liveEventMatches(viewer, filter, event, opts);
  // Replay: the missed events from the outbox first, then live ones.
  const replay = after === null ? undefined : (live: AsyncIterable<TuntasPubSubEvents[K][0]>) => withReplay(services, topic, after, live);
  return services.live.follow(topic, accept, liveOwner(viewer), { replay });
}

const LAST_EVENT_ID =
  'The eventId of the last event you received: the events published after it (kept OUTBOX_RETENTION_DAYS) come first, in order, then live ones.';

builder.subscriptionField('complaintStatusChanged', (t) =>
  t.field({
    type: ComplaintStatusChangedEventType,
    description:
      'Every status change of the complaints the filter names, as it happens (after the change is committed). Carries the complaint’s version: on a gap, refetch.',
    // Open to the public for one tracking ID; the filter check decides the rest.
    authScopes: { public: true },
    args: { filter: t.arg({ type: LiveFilterInputType }), lastEventId: t.arg.id({ required: false, description: LAST_EVENT_ID }) },
    subscribe: (_root, args, ctx) => subscribeLive(ctx, 'complaint:status', args.filter, { publicByTrackingId: true }, args.lastEventId),
    resolve: (event) => event,
  }),
);

builder.subscriptionField('complaintDeadlineEvent', (t) =>
  t.field({
    type: ComplaintDeadlineEventType,
    description: 'Deadline warnings, overdue follow-ups, automatic closures and Ombudsman escalations of the complaints the filter names.',
    authScopes: { signedIn: true, service: 'READ_COMPLAINTS' },
    args: { filter: t.arg({ type: LiveFilterInputType }), lastEventId: t.arg.id({ required: false, description: LAST_EVENT_ID }) },
    subscribe: (_root, args, ctx) => subscribeLive(ctx, 'complaint:deadline', args.filter, { publicByTrackingId: false }, args.lastEventId),
    resolve: (event) => event,
  }),
);
