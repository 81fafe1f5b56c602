// The end of step 7: the complainant's answer on LAPOR! (src/sop/actions/record-feedback.ts).
import {
  COMPLAINT_REF_ARG,
  EXPECTED_VERSION_ARG,
  performStepOn,
  reloadComplaint,
  stepAuthScopes,
  stepDescription,
} from '../../complaints/mutations/step.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { recordFeedback } from '../../sop/actions/record-feedback.js';

builder.mutationField('recordComplainantFeedback', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      recordFeedback.action,
      'Umpan balik pelapor di LAPOR!: puas (Y) menutup laporan; tidak puas (T) memulai putaran berikutnya di langkah 4.',
      'Record the complainant’s answer on LAPOR!: satisfied closes the report; not satisfied starts the next round at step 4.',
    ),
    authScopes: stepAuthScopes(recordFeedback.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      satisfied: t.arg.boolean(),
      comment: t.arg.string({ required: false, description: 'What the complainant wrote, if anything' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStepOn(ctx, recordFeedback, {
        ref: args.id,
        expectedVersion: args.expectedVersion,
        input: { satisfied: args.satisfied, comment: args.comment ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
