// The pub/sub's topics and payloads are the SOP core's events (src/sop/events.ts, built there only).
// The pub/sub itself is built in src/realtime/pubsub.ts: Redis across instances, or in memory for one.
import type { PubSub } from 'graphql-yoga';
import type { SopEvents } from '../sop/events.js';

export type { ComplaintDeadlineEvent, ComplaintStatusChanged, DeadlineEventKind, DeadlineKind } from '../sop/events.js';

export type TuntasPubSubEvents = SopEvents;

export type TuntasPubSub = PubSub<TuntasPubSubEvents>;
