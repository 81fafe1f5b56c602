// The signed-in caller as the SOP core's Actor: role, division, and the complaints they may act on
// (the same visibility as every read, so an invisible complaint is NOT_FOUND).
import type { Viewer } from '../auth/viewer.js';
import { ForbiddenError } from '../errors.js';
import type { Actor } from '../sop/runner.js';
import type { Receiver } from '../sop/actions/receive.js';
import { complaintScope } from './visibility.js';

/** A signed-in user acting on a complaint (service clients and the system never reach staff steps). */
export function staffActor(viewer: Viewer): Actor & { id: string } {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Only agency staff can change a complaint');
  return { id: viewer.id, role: viewer.role, divisionId: viewer.divisionId, scope: complaintScope(viewer) };
}

/** Who receives a report: a user, or another portal with a FORWARD_COMPLAINTS key. */
export function receiverOf(viewer: Viewer): Receiver {
  if (!viewer) throw new ForbiddenError('Sign in first');
  if (viewer.kind === 'user') {
    return {
      actor: { id: viewer.id, role: viewer.role, scope: complaintScope(viewer) },
      ownAgencyId: viewer.role === 'ADMIN' ? viewer.agencyId : null,
      viaPortal: null,
    };
  }
  return { actor: { id: null, role: 'SERVICE', scope: complaintScope(viewer) }, ownAgencyId: viewer.agencyId, viaPortal: viewer.name };
}
