// SOP step 7: record that the response was posted on LAPOR! (src/sop/actions/deliver-response.ts).
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
import { deliverResponse } from '../../sop/actions/deliver-response.js';

const DeliverResponseInput = builder.inputType('DeliverResponseInput', {
  fields: (t) => ({
    postedAt: t.field({ type: 'DateTime', description: 'When it was posted on LAPOR!' }),
    postedText: t.string({ required: false, description: 'The text as posted; defaults to the compiled follow-up report' }),
    laporReference: t.string({ required: false, description: 'LAPOR! reference of the post, if any' }),
  }),
});

builder.mutationField('deliverResponse', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      deliverResponse.action,
      'Langkah 7 SOP: mencatat bahwa laporan hasil tindak lanjut sudah disampaikan kepada pelapor di LAPOR!.',
      'SOP step 7: record that the follow-up report was posted to the complainant on LAPOR!.',
    ),
    authScopes: stepAuthScopes(deliverResponse.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      input: t.arg({ type: DeliverResponseInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const updated = await performStepOn(ctx, deliverResponse, {
        ref: id,
        expectedVersion,
        input: { postedAt: input.postedAt, postedText: input.postedText ?? null, laporReference: input.laporReference ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
