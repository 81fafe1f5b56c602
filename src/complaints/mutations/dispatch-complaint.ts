// The regency team dispatches a returned report to an agency (src/sop/actions/dispatch.ts).
import { AgencyNode } from '../../agencies/types.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { dispatch } from '../../sop/actions/dispatch.js';
import { performStep } from '../../sop/step.js';
import { staffActor } from '../actor.js';
import { ComplaintNode } from '../types.js';
import { reloadComplaint, stepAuthScopes } from './step.js';

builder.mutationField('dispatchComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description:
      'Regency team: dispatch a returned report to an agency; it is received there anew (its follow-up clock restarts; the Ombudsman clock keeps running from firstReceivedAt).',
    authScopes: stepAuthScopes(dispatch.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      agencyId: t.arg.globalID({ for: AgencyNode }),
      note: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const updated = await performStep(ctx.services, staffActor(ctx.viewer), dispatch, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        input: { agencyId: args.agencyId.id, note: args.note ?? null },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
