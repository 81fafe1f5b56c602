// The pub/sub's topics and payloads are the SOP core's events (src/sop/events.ts, built there only).
// The pub/sub itself is built in src/realtime/pubsub.ts: Redis across instances, or in memory for one.
import type { PubSub } from 'graphql-yoga';
import type { SopEvents } from '../sop/events.js';

export type { ComplaintDeadlineEvent, ComplaintStatusChanged, DeadlineEventKind, DeadlineKind } from '../sop/events.js';

/** Progress of an uploaded import file (src/import/graphql.ts), for the uploader's subscription. */
export interface ImportProgressEvent {
  importId: string;
  userId: string;
  phase: 'CHECKING' | 'RECEIVING' | 'DONE';
  done: number;
  total: number;
}

export type TuntasPubSubEvents = SopEvents & { 'import:progress': [ImportProgressEvent] };

export type TuntasPubSub = PubSub<TuntasPubSubEvents>;
