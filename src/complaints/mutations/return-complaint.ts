// "Bukan wewenang": the report is not this agency's authority. The admin sends it back to the
// regency team (COORDINATOR), who can dispatch it to the right agency.
import { InputChecker } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { returnSummary } from '../history-summary.js';
import { runTransition } from '../transition.js';
import { ComplaintNode } from '../types.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from './step.js';

builder.mutationField('returnComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'Bukan wewenang: return the report to the regency team, with the reason.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      reason: t.arg.string({ description: 'Why this is not the agency’s authority' }),
    },
    resolve: async (query, _root, args, ctx) => {
      new InputChecker().text('reason', args.reason, { max: TEXT_LIMITS.reason }).throwIfAny();
      const reason = args.reason.trim();
      const updated = await runTransition(ctx.services, ctx.viewer, staffActor(ctx.viewer), {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'RETURN',
        context: { reason },
        summary: () => returnSummary(reason),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
