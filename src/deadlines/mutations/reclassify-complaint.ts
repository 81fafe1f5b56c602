// The head corrects a LAPORAN's oversight element (src/sop/actions/reclassify.ts).
import { staffActor } from '../../complaints/actor.js';
import { reloadComplaint, stepAuthScopes } from '../../complaints/mutations/step.js';
import { ComplaintNode } from '../../complaints/types.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { reclassify } from '../../sop/actions/reclassify.js';
import { performStep } from '../../sop/step.js';

builder.mutationField('reclassifyComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description:
      'The head sets whether a LAPORAN has an oversight element (berkadar pengawasan); the follow-up clock follows the new class.',
    authScopes: stepAuthScopes(reclassify.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      hasOversight: t.arg.boolean(),
      reason: t.arg.string(),
    },
    resolve: async (query, _root, { id, expectedVersion, hasOversight, reason }, ctx) => {
      const updated = await performStep(ctx.services, staffActor(ctx.viewer), reclassify, {
        complaintId: id.id,
        expectedVersion,
        input: { hasOversight, reason },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
