// SOP step 4: the liaison formulates the follow-up with one division (src/sop/actions/formulate-follow-up.ts).
import { DivisionNode } from '../../agencies/types.js';
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
import { formulateFollowUp } from '../../sop/actions/formulate-follow-up.js';

builder.mutationField('formulateFollowUp', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      formulateFollowUp.action,
      'Langkah 4 SOP: Penghubung mencatat rumusan tindak lanjut bersama satu bidang yang didisposisi (sekali per putaran).',
      'SOP step 4: the liaison records the follow-up formulated with one disposed division (once per round).',
    ),
    authScopes: stepAuthScopes(formulateFollowUp.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      divisionId: t.arg.globalID({ for: DivisionNode, description: 'A division the complaint was disposed to' }),
      plan: t.arg.string({ description: 'The formulated follow-up, agreed with the division' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStepOn(ctx, formulateFollowUp, {
        ref: args.id,
        expectedVersion: args.expectedVersion,
        input: { divisionId: args.divisionId.id, plan: args.plan },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
