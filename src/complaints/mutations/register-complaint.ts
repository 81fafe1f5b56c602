// SOP step 2: register the report in the register book (src/sop/actions/register.ts).
import { ConflictError, IllegalTransitionError, NotFoundError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { register } from '../../sop/actions/register.js';
import { performStep } from '../../sop/step.js';
import { staffActor } from '../actor.js';
import { ComplaintNode } from '../types.js';
import { reloadComplaint, stepAuthScopes } from './step.js';

builder.mutationField('registerComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 2: register the report in the register book and give it its number.',
    authScopes: stepAuthScopes(register.action),
    errors: { types: [NotFoundError, ConflictError, IllegalTransitionError] },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStep(ctx.services, staffActor(ctx.viewer), register, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        input: undefined,
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
