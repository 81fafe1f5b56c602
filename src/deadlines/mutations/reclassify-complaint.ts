// The head corrects a LAPORAN's oversight element (src/sop/actions/reclassify.ts).
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
import { reclassify } from '../../sop/actions/reclassify.js';

builder.mutationField('reclassifyComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      reclassify.action,
      'Kepala Dinas menetapkan apakah sebuah LAPORAN berkadar pengawasan; batas waktu tindak lanjut mengikuti klasifikasi baru.',
      'The head sets whether a LAPORAN has an oversight element (berkadar pengawasan); the follow-up clock follows the new class.',
    ),
    authScopes: stepAuthScopes(reclassify.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      hasOversight: t.arg.boolean(),
      reason: t.arg.string(),
    },
    resolve: async (query, _root, { id, expectedVersion, hasOversight, reason }, ctx) => {
      const updated = await performStepOn(ctx, reclassify, {
        ref: id,
        expectedVersion,
        input: { hasOversight, reason },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
