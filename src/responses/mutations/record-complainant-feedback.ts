// The end of step 7: the complainant's answer on LAPOR! (src/sop/actions/record-feedback.ts).
import { staffActor } from '../../complaints/actor.js';
import { reloadComplaint, stepAuthScopes } from '../../complaints/mutations/step.js';
import { ComplaintNode } from '../../complaints/types.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { recordFeedback } from '../../sop/actions/record-feedback.js';
import { performStep } from '../../sop/step.js';

builder.mutationField('recordComplainantFeedback', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'Record the complainant’s answer on LAPOR!: satisfied closes the report; not satisfied starts the next round at step 4.',
    authScopes: stepAuthScopes(recordFeedback.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      satisfied: t.arg.boolean(),
      comment: t.arg.string({ required: false, description: 'What the complainant wrote, if anything' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStep(ctx.services, staffActor(ctx.viewer), recordFeedback, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        input: { satisfied: args.satisfied, comment: args.comment ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
