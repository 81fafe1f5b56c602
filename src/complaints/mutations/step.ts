// What every workflow mutation shares: text limits, the acting civil servant, and returning the
// complaint (with the new version and status) in the shape the client selected.
import type { Viewer } from '../../auth/viewer.js';
import type { Context } from '../../graphql/context.js';
import { actorOf, type Actor } from '../transition.js';

/** Free-text limits (characters). A report posted on LAPOR! may be long; a reason should not be. */
export const TEXT_LIMITS = {
  reason: 2_000,
  note: 2_000,
  comment: 2_000,
  /** Plan, facts, action taken, solution: one division's part. */
  followUp: 5_000,
  /** The follow-up report and the text posted on LAPOR!. */
  report: 20_000,
  laporReference: 200,
} as const;

/** A signed-in user acting on a complaint (service clients and the system never reach these mutations). */
export function staffActor(viewer: Viewer): Actor & { id: string } {
  const actor = actorOf(viewer);
  return { ...actor, id: actor.id! };
}

/** Reloads the changed complaint with the client's selection (Pothos prisma `query`). */
export function reloadComplaint(ctx: Context, query: object, id: string) {
  return ctx.services.db.prisma.complaint.findUniqueOrThrow({ ...query, where: { id } });
}
