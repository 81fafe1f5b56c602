// Events published after a transaction commits (never for a rolled-back one). The pub/sub itself is
// built in src/realtime/pubsub.ts: Redis across instances, or in memory for one.
import type { PubSub } from 'graphql-yoga';
import type { ActorRole, ComplaintStatus, WorkflowAction } from '../complaints/workflow.js';

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

export type DeadlineEventKind = 'WARNING' | 'OVERDUE' | 'AUTO_CLOSED' | 'ESCALATED_TO_OMBUDSMAN';
export type DeadlineKind = 'FOLLOW_UP' | 'AUTO_CLOSE' | 'OMBUDSMAN';

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
 * A user's or an API key's credentials stopped being valid (deactivated, role changed, password
 * reset, logged out everywhere, key revoked). Published after the change commits; every instance
 * ends that holder's live subscriptions and closes their WebSocket connections.
 */
export interface CredentialsRevoked {
  userId?: string;
  apiKeyId?: string;
  reason: string;
}

export type TuntasPubSubEvents = {
  'complaint:status': [ComplaintStatusChanged];
  'complaint:deadline': [ComplaintDeadlineEvent];
  'credentials:revoked': [CredentialsRevoked];
};

export type TuntasPubSub = PubSub<TuntasPubSubEvents>;
