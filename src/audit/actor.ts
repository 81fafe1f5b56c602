import type { Viewer } from '../auth/viewer.js';
import type { AdminActor } from './events.js';

/** The signed-in user as the actor of an administrative change. */
export function actorOf(viewer: Viewer): AdminActor {
  if (viewer?.kind !== 'user') throw new Error('unreachable: administrative operations require a signed-in user');
  return { kind: 'user', id: viewer.id, role: viewer.role, agencyId: viewer.agencyId };
}
