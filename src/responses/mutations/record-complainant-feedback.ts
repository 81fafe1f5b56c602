// The end of step 7: what the complainant answered on LAPOR!. Satisfied (Y) closes the report; not
// satisfied (T) sends it back to step 4 in a new round. Earlier rounds' rows stay as they are.
import { feedbackSummary } from '../../complaints/history-summary.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';

builder.mutationField('recordComplainantFeedback', (t) =>
  t.prismaField({
    type: 'Complaint',
    description:
      'Record the complainant’s answer on LAPOR!: satisfied closes the report; not satisfied starts the next round at step 4.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      satisfied: t.arg.boolean(),
      comment: t.arg.string({ required: false, description: 'What the complainant wrote, if anything' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      new InputChecker().text('comment', args.comment, { max: TEXT_LIMITS.comment, required: false }).throwIfAny();
      const comment = args.comment?.trim() || null;
      const now = services.clock.now();

      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'RECORD_FEEDBACK',
        context: { satisfied: args.satisfied },
        apply: async (tx, c) => {
          // The feedback belongs to the round it answers, not to the round it starts.
          await tx.complainantFeedback.create({
            data: { complaintId: c.id, round: c.round, satisfied: args.satisfied, comment, recordedById: actor.id, createdAt: now },
          });
        },
        update: (_c, _r, next) => (next.status === 'CLOSED' ? { closedAt: now } : {}),
        summary: (c) => feedbackSummary({ satisfied: args.satisfied, nextRound: c.round + 1, comment }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
