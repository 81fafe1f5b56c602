// SOP step 2: register the report in the register book (src/sop/actions/register.ts).
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { builder } from '../../graphql/builder.js';
import { register } from '../../sop/actions/register.js';
import { COMPLAINT_REF_ARG, EXPECTED_VERSION_ARG, performStepOn, reloadComplaint, stepAuthScopes, stepDescription } from './step.js';

builder.mutationField('registerComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      register.action,
      'Langkah 2 SOP: mencatat laporan di Buku Inventarisasi (buku register) dan memberinya nomor.',
      'SOP step 2: register the report in the register book and give it its number.',
    ),
    authScopes: stepAuthScopes(register.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStepOn(ctx, register, {
        ref: args.id,
        expectedVersion: args.expectedVersion,
        input: undefined,
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
