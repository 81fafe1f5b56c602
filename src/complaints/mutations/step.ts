// What every workflow mutation shares: text limits, the acting civil servant, returning the complaint
// (with the new version and status) in the shape the client selected, and the reason-only actions.
import type { Viewer } from '../../auth/viewer.js';
import { InputChecker } from '../../errors.js';
import type { Complaint, Prisma } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { actorOf, runTransition, type Actor } from '../transition.js';
import { ComplaintNode } from '../types.js';
import type { Role, WorkflowAction } from '../workflow.js';

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

/**
 * A workflow action whose only input is one required free text (a reason or a note) that goes into
 * the history: return, archive, restore.
 */
export function reasonedMutation(
  name: string,
  opts: {
    description: string;
    roles: Role[];
    action: WorkflowAction;
    text: { arg: 'reason' | 'note'; description: string };
    summary: (c: Complaint, text: string) => string;
    update?: (c: Complaint) => Prisma.ComplaintUpdateInput;
  },
) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'Complaint',
      description: opts.description,
      authScopes: { role: opts.roles },
      errors: { types: WORKFLOW_ERRORS },
      args: {
        id: t.arg.globalID({ for: ComplaintNode }),
        expectedVersion: t.arg.int(),
        [opts.text.arg]: t.arg.string({ description: opts.text.description }),
      },
      resolve: async (query, _root, args, ctx) => {
        // The text argument's name is chosen per mutation, which the static arg types cannot follow.
        const { id, expectedVersion, [opts.text.arg]: raw } = args as unknown as Record<string, string> & {
          id: { id: string };
          expectedVersion: number;
        };
        new InputChecker().text(opts.text.arg, raw, { max: TEXT_LIMITS[opts.text.arg] }).throwIfAny();
        const text = raw!.trim();
        const updated = await runTransition(ctx.services, ctx.viewer, staffActor(ctx.viewer), {
          complaintId: id.id,
          expectedVersion,
          action: opts.action,
          context: { reason: text },
          update: opts.update,
          summary: (c) => opts.summary(c, text),
        });
        return reloadComplaint(ctx, query, updated.id);
      },
    }),
  );
}
