// Who may subscribe to which live events, and which events reach them. Pure: the subscription
// resolver loads the complaint a filter names (if any) and asks these functions.
//
// The rule per event is the same as for reads (canSeeComplaint), with one addition: a tracking ID is
// what LAPOR! gives the reporter to follow their report, so the public and READ_STATUS keys may follow
// one complaint by it (status fields only: the event types carry no names and no content).
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Viewer } from '../auth/viewer.js';
import { canSeeComplaint } from '../complaints/visibility.js';
import { DomainError, InvalidInputError } from '../errors.js';
import { isUuid } from '../uuid.js';

export interface LiveFilterInput {
  complaintId?: string | null;
  trackingId?: string | null;
  agencyId?: string | null;
  myDivisionQueue?: boolean | null;
}

export type LiveFilter =
  | { by: 'complaint'; complaintId: string }
  | { by: 'trackingId'; trackingId: string }
  | { by: 'agency'; agencyId: string }
  | { by: 'divisionQueue'; agencyId: string; divisionId: string };

/** What a live event says about its complaint (both event kinds have these). */
export interface LiveEventFacts {
  complaintId: string;
  trackingId: string;
  agencyId: string;
  divisionIds: readonly string[];
}

export interface LiveAccessOptions {
  /** complaintStatusChanged: true (the public / READ_STATUS may follow a tracking ID); deadlines: false. */
  publicByTrackingId: boolean;
}

export class LiveForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class LiveUnauthenticatedError extends DomainError {
  constructor(message: string) {
    super('UNAUTHENTICATED', message);
  }
}

/** The filter must name exactly one thing; global IDs must be of the right node type. */
export type ParsedFilter =
  | { by: 'complaint'; complaintId: string }
  | { by: 'trackingId'; trackingId: string }
  | { by: 'agency'; agencyId: string }
  | { by: 'divisionQueue' };

export function parseLiveFilter(input: LiveFilterInput): ParsedFilter {
  const given = (['complaintId', 'trackingId', 'agencyId', 'myDivisionQueue'] as const).filter(
    (k) => input[k] !== null && input[k] !== undefined,
  );
  const fail = (field: string, message: string): never => {
    throw new InvalidInputError([{ field, message }]);
  };
  if (given.length !== 1) {
    fail(
      'filter',
      `give exactly one of complaintId, trackingId, agencyId, myDivisionQueue (got ${given.length ? given.join(', ') : 'none'})`,
    );
  }
  switch (given[0]!) {
    case 'complaintId':
      return {
        by: 'complaint',
        complaintId: decodeId(input.complaintId!, 'Complaint') ?? fail('filter.complaintId', 'is not a Complaint ID'),
      };
    case 'agencyId':
      return { by: 'agency', agencyId: decodeId(input.agencyId!, 'Agency') ?? fail('filter.agencyId', 'is not an Agency ID') };
    case 'trackingId': {
      const t = input.trackingId!.trim();
      if (t.length === 0 || t.length > 64) fail('filter.trackingId', 'must be a LAPOR! tracking ID (1–64 characters)');
      return { by: 'trackingId', trackingId: t };
    }
    case 'myDivisionQueue':
      if (input.myDivisionQueue !== true) fail('filter.myDivisionQueue', 'set it to true, or leave it out and give another option');
      return { by: 'divisionQueue' };
  }
}

function decodeId(globalId: string, typename: string): string | null {
  try {
    const { typename: t, id } = decodeGlobalID(globalId);
    return t === typename && isUuid(id) ? id : null;
  } catch {
    return null;
  }
}

function followsByTrackingId(viewer: Viewer, opts: LiveAccessOptions): boolean {
  if (!opts.publicByTrackingId) return false;
  return viewer === null || (viewer.kind === 'service' && viewer.scopes.includes('READ_STATUS'));
}

/**
 * Checks a parsed filter at subscribe time. `target` is the complaint a complaintId/trackingId filter
 * names (null when there is none, or `undefined` for agency/queue filters); `agencyExists` for agency
 * filters. Throws FORBIDDEN / UNAUTHENTICATED / INVALID_INPUT before any event flows.
 * A complaint the viewer cannot see is answered like an unknown one (never reveal it exists).
 */
export function authorizeLiveFilter(
  viewer: Viewer,
  filter: ParsedFilter,
  facts: { target?: LiveEventFacts | null; agencyExists?: boolean },
  opts: LiveAccessOptions,
): LiveFilter {
  const unknown = (field: string, what: string): never => {
    throw new InvalidInputError([{ field, message: `no ${what} you can follow has this ID` }]);
  };
  switch (filter.by) {
    case 'complaint':
    case 'trackingId': {
      const field = filter.by === 'complaint' ? 'filter.complaintId' : 'filter.trackingId';
      if (viewer === null && filter.by === 'complaint') {
        throw new LiveUnauthenticatedError('Sign in first, or follow a report by its tracking ID');
      }
      if (filter.by === 'trackingId' && followsByTrackingId(viewer, opts)) {
        if (!facts.target) unknown(field, 'complaint');
        return filter;
      }
      if (viewer === null) throw new LiveUnauthenticatedError('Sign in first');
      if (viewer.kind === 'service' && !viewer.scopes.includes('READ_COMPLAINTS')) {
        throw new LiveForbiddenError('This API key cannot follow complaints this way');
      }
      if (!facts.target || !canSeeComplaint(viewer, facts.target)) unknown(field, 'complaint');
      return filter;
    }
    case 'agency': {
      if (viewer === null) throw new LiveUnauthenticatedError('Sign in first');
      if (!facts.agencyExists) unknown('filter.agencyId', 'agency');
      const allowed =
        viewer.kind === 'service'
          ? viewer.scopes.includes('READ_COMPLAINTS') && (viewer.agencyId === null || viewer.agencyId === filter.agencyId)
          : viewer.role === 'COORDINATOR' || (viewer.role !== 'DIVISION' && viewer.agencyId === filter.agencyId);
      if (!allowed) {
        throw new LiveForbiddenError(
          viewer.kind === 'user' && viewer.role === 'DIVISION'
            ? 'A division follows its own queue (myDivisionQueue: true) or single complaints disposed to it'
            : 'You cannot follow this agency',
        );
      }
      // The viewer's own copy of the id when it is theirs: the decoded one is a slice of the whole
      // decoded global ID, kept for as long as the subscription is open.
      return viewer.agencyId === filter.agencyId ? { by: 'agency', agencyId: viewer.agencyId } : filter;
    }
    case 'divisionQueue': {
      if (viewer === null) throw new LiveUnauthenticatedError('Sign in first');
      if (viewer.kind !== 'user' || viewer.role !== 'DIVISION' || !viewer.divisionId || !viewer.agencyId) {
        throw new LiveForbiddenError('Only division staff have a division queue');
      }
      return { by: 'divisionQueue', agencyId: viewer.agencyId, divisionId: viewer.divisionId };
    }
  }
}

/**
 * Does this event reach this subscriber? Checked for every event with the viewer captured at
 * subscribe time: a role or division change takes effect when the client reconnects (tokens are
 * short-lived, so at the latest when the token expires).
 */
export function liveEventMatches(viewer: Viewer, filter: LiveFilter, event: LiveEventFacts, opts: LiveAccessOptions): boolean {
  switch (filter.by) {
    case 'complaint':
      if (event.complaintId !== filter.complaintId) return false;
      break;
    case 'trackingId':
      if (event.trackingId !== filter.trackingId) return false;
      if (followsByTrackingId(viewer, opts)) return true;
      break;
    case 'agency':
      if (event.agencyId !== filter.agencyId) return false;
      break;
    case 'divisionQueue':
      if (event.agencyId !== filter.agencyId || !event.divisionIds.includes(filter.divisionId)) return false;
      break;
  }
  return canSeeComplaint(viewer, event);
}
