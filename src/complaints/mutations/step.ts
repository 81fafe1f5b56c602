// What every workflow mutation shares: authScopes from the workflow table, returning the complaint
// (with the new version and status) in the shape the client selected, and the reason-only actions.
// A step mutation is: arguments → performStep(step module) → reload.
import type { AuthScopes } from '../../graphql/builder.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import type { ReasonInput } from '../../sop/actions/reasoned.js';
import { performStep, type Step } from '../../sop/step.js';
import { rolesFor, staffRolesFor, type WorkflowAction } from '../../sop/workflow.js';
import { staffActor } from '../actor.js';
import { ComplaintNode } from '../types.js';

/** Who may call a step's mutation, as the workflow table says (SERVICE: a FORWARD_COMPLAINTS key). */
export function stepAuthScopes(action: WorkflowAction): Partial<AuthScopes> {
  return {
    role: staffRolesFor(action),
    ...(rolesFor(action).includes('SERVICE') ? { service: 'FORWARD_COMPLAINTS' as const } : {}),
  };
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
  opts: { description: string; step: Step<ReasonInput>; text: { arg: 'reason' | 'note'; description: string } },
) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'Complaint',
      description: opts.description,
      authScopes: stepAuthScopes(opts.step.action),
      errors: { types: WORKFLOW_ERRORS },
      args: {
        id: t.arg.globalID({ for: ComplaintNode }),
        expectedVersion: t.arg.int(),
        [opts.text.arg]: t.arg.string({ description: opts.text.description }),
      },
      resolve: async (query, _root, args, ctx) => {
        // The text argument's name is chosen per mutation, which the static arg types cannot follow.
        const {
          id,
          expectedVersion,
          [opts.text.arg]: text,
        } = args as unknown as Record<string, string> & {
          id: { id: string };
          expectedVersion: number;
        };
        const updated = await performStep(ctx.services, staffActor(ctx.viewer), opts.step, {
          complaintId: id.id,
          expectedVersion,
          input: { text: text! },
        });
        return reloadComplaint(ctx, query, updated.id);
      },
    }),
  );
}
