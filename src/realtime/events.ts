// The pub/sub's topics and payloads are the SOP core's events (src/sop/events.ts, built there only).
// The pub/sub itself is built in src/realtime/pubsub.ts: Redis across instances, or in memory for one.
import type { PubSub } from 'graphql-yoga';
import type { SopEvents } from '../sop/events.js';

export type { ComplaintDeadlineEvent, ComplaintStatusChanged, DeadlineEventKind, DeadlineKind } from '../sop/events.js';

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

/** Progress of an uploaded import file (src/import/graphql.ts), for the uploader's subscription. */
export interface ImportProgressEvent {
  importId: string;
  userId: string;
  phase: 'CHECKING' | 'RECEIVING' | 'DONE';
  done: number;
  total: number;
}

export type TuntasPubSubEvents = SopEvents & {
  'credentials:revoked': [CredentialsRevoked];
  'import:progress': [ImportProgressEvent];
};

export type TuntasPubSub = PubSub<TuntasPubSubEvents>;
