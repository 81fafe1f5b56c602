// Following one complaint's status the way the service's README prescribes, so a status page never
// shows a stale or skipped status: subscribe first, then read; ignore old events, apply the next one,
// refetch on a gap, refetch after every reconnection.
import type { ComplaintStatusChangedSubscription, ComplaintStatusFieldsFragment } from './generated/graphql.js';

type View = ComplaintStatusFieldsFragment;
type Event = ComplaintStatusChangedSubscription['complaintStatusChanged'];

/**
 * What to do with a status event, given the view shown now:
 * - `ignore`: already seen (version not newer);
 * - `refetch`: a gap (events were missed), or a change of a date the event does not carry;
 * - a new view: the event applied.
 */
export function applyStatusEvent(view: View, event: Event): View | 'ignore' | 'refetch' {
  if (event.version <= view.version) return 'ignore';
  if (event.version > view.version + 1) return 'refetch';
  // These change receivedAt/registeredAt/respondedAt/closedAt, which only a read gives exactly.
  if (event.action === 'DISPATCH' || event.action === 'DELIVER_RESPONSE' || event.status === 'REGISTERED' || event.status === 'CLOSED') {
    return 'refetch';
  }
  return {
    ...view,
    status: event.status,
    round: event.round,
    version: event.version,
    agencyName: event.agencyName ?? view.agencyName,
  };
}
