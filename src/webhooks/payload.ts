// What an other system receives: status-level facts only, in the Standard Webhooks envelope
// ({ type, timestamp, data }). Never the reporter, the title, the content or any internal text.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { ComplaintDeadlineEvent, ComplaintStatusChanged, SopTopic } from '../sop/events.js';

export const WEBHOOK_EVENT_TYPES = ['COMPLAINT_STATUS_CHANGED', 'COMPLAINT_DEADLINE'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const EVENT_TYPE_OF_TOPIC: Record<SopTopic, WebhookEventType> = {
  'complaint:status': 'COMPLAINT_STATUS_CHANGED',
  'complaint:deadline': 'COMPLAINT_DEADLINE',
};

/** The `type` field of the body. */
export const WIRE_TYPE: Record<WebhookEventType, string> = {
  COMPLAINT_STATUS_CHANGED: 'complaint.status_changed',
  COMPLAINT_DEADLINE: 'complaint.deadline',
};

export interface WebhookBody {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Picks the allowed fields explicitly, so a field added to an event later is not leaked by default. */
export function webhookBody(topic: SopTopic, eventId: string, payload: unknown): WebhookBody {
  const type = WIRE_TYPE[EVENT_TYPE_OF_TOPIC[topic]];
  const common = (e: ComplaintStatusChanged | ComplaintDeadlineEvent) => ({
    eventId,
    // Global IDs, as in the GraphQL API and the SDK.
    complaintId: encodeGlobalID('Complaint', e.complaintId),
    trackingId: e.trackingId,
    agencyId: encodeGlobalID('Agency', e.agencyId),
    round: e.round,
    version: e.version,
    at: e.at,
  });
  if (topic === 'complaint:status') {
    const e = payload as ComplaintStatusChanged;
    return {
      type,
      timestamp: e.at,
      data: { ...common(e), action: e.action, previousStatus: e.previousStatus, status: e.status, actorRole: e.actorRole },
    };
  }
  const e = payload as ComplaintDeadlineEvent;
  return { type, timestamp: e.at, data: { ...common(e), deadline: e.deadline, kind: e.kind, dueAt: e.dueAt } };
}
