// What every workflow mutation shares: authScopes from the workflow table, returning the complaint
// (with the new version and status) in the shape the client selected, and the reason-only actions.
// A step mutation is: arguments → performStep(step module) → reload.
import { NotFoundError } from '../../errors.js';
import { ROLE_LABELS } from '../../i18n/messages.js';
import type { AuthScopes } from '../../graphql/builder.js';
import { builder } from '../../graphql/builder.js';
import type { Context } from '../../graphql/context.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import type { ReasonInput } from '../../sop/actions/reasoned.js';
import { assertMayTake } from '../../sop/runner.js';
import { performStep, type Step, type StepCall } from '../../sop/step.js';
import { rolesFor, type WorkflowAction } from '../../sop/workflow.js';
import { staffActor } from '../actor.js';
import { complaintIdOf } from '../complaint-ref.js';

/**
 * Who may call a step's mutation: any signed-in staff member (SERVICE: a FORWARD_COMPLAINTS key when
 * the workflow table lets portals take the action). Whether the role may take the step is the
 * workflow table's answer, returned as a typed ForbiddenError in the step's result union (naming the
 * roles the SOP assigns) instead of a bare top-level FORBIDDEN.
 */
export function stepAuthScopes(action: WorkflowAction): Partial<AuthScopes> {
  return {
    signedIn: true,
    ...(rolesFor(action).includes('SERVICE') ? { service: 'FORWARD_COMPLAINTS' as const } : {}),
  };
}

/**
 * A step mutation's description for the people who run it: Indonesian first, then English, then
 * who may do it (from the workflow table, in the SOP's titles).
 */
export function stepDescription(action: WorkflowAction, id: string, en: string): string {
  const roles = rolesFor(action);
  return `${id}\n\n${en}\n\nDilakukan oleh: ${roles.map((r) => ROLE_LABELS.id[r]).join(', ')}. / Done by: ${roles.map((r) => ROLE_LABELS.en[r]).join(', ')}.`;
}

/** The complaint argument of every step mutation. */
export const COMPLAINT_REF_ARG = {
  description:
    'The complaint: its global ID (`Complaint.id`) or its LAPOR! tracking ID. / Laporan: ID global (`Complaint.id`) atau nomor pelacakan LAPOR!.',
} as const;

/** `expectedVersion` of every step mutation. */
export const EXPECTED_VERSION_ARG = {
  description:
    'The complaint’s `version` as you last read it: from `complaint(id) { version }`, or the `version` the previous step returned. If someone changed it since, the answer is a ConflictError with `currentVersion` and nothing is written. / `version` laporan yang terakhir Anda baca (dari `complaint(id) { version }` atau hasil langkah sebelumnya).',
} as const;

/**
 * A step on the complaint the client named (global ID or tracking ID): the role first (nothing is
 * looked up for a role the SOP does not assign), then the complaint, then the step.
 */
export async function performStepOn<I, V, R>(ctx: Context, step: Step<I, V, R>, call: Omit<StepCall<I>, 'complaintId'> & { ref: string }) {
  const actor = staffActor(ctx.viewer);
  assertMayTake(actor, step.action);
  const complaintId = await complaintIdOf(ctx.services.db.prisma, actor, call.ref);
  try {
    return await performStep(ctx.services, actor, step, { ...call, complaintId });
  } catch (err) {
    // Name the complaint as the client did.
    if (err instanceof NotFoundError && err.entity === 'Complaint' && err.requestedId === complaintId) {
      throw new NotFoundError('Complaint', call.ref);
    }
    throw err;
  }
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
  opts: { description: string; descriptionId: string; step: Step<ReasonInput>; text: { arg: 'reason' | 'note'; description: string } },
) {
  builder.mutationField(name, (t) =>
    t.prismaField({
      type: 'Complaint',
      description: stepDescription(opts.step.action, opts.descriptionId, opts.description),
      authScopes: stepAuthScopes(opts.step.action),
      errors: { types: WORKFLOW_ERRORS },
      args: {
        id: t.arg.id(COMPLAINT_REF_ARG),
        expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
        [opts.text.arg]: t.arg.string({ description: opts.text.description }),
      },
      resolve: async (query, _root, args, ctx) => {
        // The text argument's name is chosen per mutation, which the static arg types cannot follow.
        const {
          id,
          expectedVersion,
          [opts.text.arg]: text,
        } = args as unknown as Record<string, string> & {
          id: string;
          expectedVersion: number;
        };
        const updated = await performStepOn(ctx, opts.step, {
          ref: id,
          expectedVersion,
          input: { text: text! },
        });
        return reloadComplaint(ctx, query, updated.id);
      },
    }),
  );
}
