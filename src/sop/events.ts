// The events a change of a complaint produces, built here only, and written to the transactional
// outbox (outbox.ts) in the transaction of the change, so none exists for a rolled-back one and none
// is lost by a crash after the commit. Plain JSON-able values: they cross process boundaries through
// the outbox and Redis. Delivery is in src/outbox/, transport and authorisation in src/realtime/.
import type { Complaint } from '../generated/prisma/client.js';
import type { WorkflowAction } from './workflow.js';
import type { ActorRole, ComplaintStatus, DeadlineEventKind, DeadlineKind } from './vocabulary.js';

export type { DeadlineEventKind, DeadlineKind } from './vocabulary.js';

export interface ComplaintStatusChanged {
  complaintId: string;
  trackingId: string;
  agencyId: string;
  /** Divisions the complaint is disposed to: decides which DIVISION subscribers may see it. */
  divisionIds: string[];
  action: WorkflowAction;
  previousStatus: ComplaintStatus | null;
  status: ComplaintStatus;
  round: number;
  /** The complaint's version after the change: a client that sees a gap refetches. */
  version: number;
  /** ISO timestamp (events cross process boundaries as JSON). */
  at: string;
  actorRole: ActorRole;
}

export interface ComplaintDeadlineEvent {
  complaintId: string;
  trackingId: string;
  agencyId: string;
  divisionIds: string[];
  deadline: DeadlineKind;
  kind: DeadlineEventKind;
  dueAt: string;
  round: number;
  version: number;
  at: string;
}

/**
 * An event as the outbox dispatcher publishes it: its public id (also the webhook id) and its
 * position in the live stream (subscriptions resume after a known event id in this order).
 */
export type Delivered<E> = E & { eventId: string; seq: string };

/** Topics and payloads (the realtime pub/sub is typed with this). */
export type SopEvents = {
  'complaint:status': [Delivered<ComplaintStatusChanged>];
  'complaint:deadline': [Delivered<ComplaintDeadlineEvent>];
};

export type SopTopic = keyof SopEvents;

/**
 * Told right after a transaction that changed complaints commits (it wrote outbox rows, or history
 * notes such as moved deadlines), before the writer answers: delivery starts at once (not at the
 * next poll) and the status cache is invalidated.
 */
export interface OutboxSignal {
  /** Resolves once this instance has published the events to live subscriptions (or after a bounded wait). */
  committed(): Promise<void> | void;
}

type ComplaintFacts = Pick<Complaint, 'id' | 'trackingId' | 'agencyId' | 'round' | 'version'>;

export function statusChangedEvent(
  c: ComplaintFacts & { status: string },
  change: {
    action: WorkflowAction;
    previousStatus: ComplaintStatus | null;
    divisionIds: readonly string[];
    at: Date;
    actorRole: ActorRole;
  },
): ComplaintStatusChanged {
  return {
    complaintId: c.id,
    trackingId: c.trackingId,
    agencyId: c.agencyId,
    divisionIds: [...new Set(change.divisionIds)],
    action: change.action,
    previousStatus: change.previousStatus,
    status: c.status as ComplaintStatus,
    round: c.round,
    version: c.version,
    at: change.at.toISOString(),
    actorRole: change.actorRole,
  };
}

export function deadlineEvent(
  c: ComplaintFacts,
  e: { deadline: DeadlineKind; kind: DeadlineEventKind; dueAt: Date; divisionIds: readonly string[]; at: Date },
): ComplaintDeadlineEvent {
  return {
    complaintId: c.id,
    trackingId: c.trackingId,
    agencyId: c.agencyId,
    divisionIds: [...e.divisionIds],
    deadline: e.deadline,
    kind: e.kind,
    dueAt: e.dueAt.toISOString(),
    round: c.round,
    version: c.version,
    at: e.at.toISOString(),
  };
}
