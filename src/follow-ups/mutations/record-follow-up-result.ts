// SOP step 5: division staff record their division's result (src/sop/actions/record-follow-up-result.ts).
import { AttachmentInput } from '../../complaints/attachments.js';
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
import { recordFollowUpResult } from '../../sop/actions/record-follow-up-result.js';

const RecordFollowUpResultInput = builder.inputType('RecordFollowUpResultInput', {
  fields: (t) => ({
    facts: t.string({ description: 'Facts found (fakta)' }),
    actionTaken: t.string({ description: 'Action taken (tindakan)' }),
    solution: t.string({ description: 'The positive solution offered (solusi)' }),
    evidence: t.field({ type: [AttachmentInput], required: false, description: 'Evidence metadata (photos, minutes...)' }),
  }),
});

builder.mutationField('recordFollowUpResult', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      recordFollowUpResult.action,
      'Langkah 5 SOP: petugas bidang mencatat hasil tindak lanjut bidangnya (sekali per putaran).',
      'SOP step 5: division staff record their division’s follow-up result (once per round).',
    ),
    authScopes: stepAuthScopes(recordFollowUpResult.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      input: t.arg({ type: RecordFollowUpResultInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const updated = await performStepOn(ctx, recordFollowUpResult, {
        ref: id,
        expectedVersion,
        input: { ...input, evidence: input.evidence ?? [] },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
