// The head extends the follow-up deadline once per round (src/sop/actions/extend-follow-up.ts).
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
import { extendFollowUp } from '../../sop/actions/extend-follow-up.js';

builder.mutationField('extendFollowUpDeadline', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      extendFollowUp.action,
      'Kepala Dinas memperpanjang batas waktu tindak lanjut beberapa hari kerja, sekali per putaran, dengan alasan.',
      'The head extends the follow-up deadline by some working days (at most FOLLOW_UP_EXTENSION_MAX_WORKING_DAYS), once per round, with a reason.',
    ),
    authScopes: stepAuthScopes(extendFollowUp.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      workingDays: t.arg.int(),
      reason: t.arg.string(),
    },
    resolve: async (query, _root, { id, expectedVersion, workingDays, reason }, ctx) => {
      const updated = await performStepOn(ctx, extendFollowUp, {
        ref: id,
        expectedVersion,
        input: { workingDays, reason },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
