// SOP step 6: the liaison compiles the follow-up report (src/sop/actions/compile-follow-up-report.ts).
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
import { compileFollowUpReport } from '../../sop/actions/compile-follow-up-report.js';

builder.mutationField('compileFollowUpReport', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      compileFollowUpReport.action,
      'Langkah 6 SOP: Penghubung menyusun laporan hasil tindak lanjut dari hasil semua bidang. Tanpa `text`, dipakai draf dari hasil bidang.',
      'SOP step 6: the liaison compiles the follow-up report from every division’s result. Omit `text` to use a draft built from the results.',
    ),
    authScopes: stepAuthScopes(compileFollowUpReport.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      text: t.arg.string({ required: false, description: 'The text to post on LAPOR!' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStepOn(ctx, compileFollowUpReport, {
        ref: args.id,
        expectedVersion: args.expectedVersion,
        input: { text: args.text ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
