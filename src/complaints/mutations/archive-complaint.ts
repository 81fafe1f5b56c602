// The admin archives a duplicate or spam report before it is disposed, with the reason; the status
// it had is kept so the head can restore it.
import { InputChecker } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { archiveSummary } from '../history-summary.js';
import { runTransition } from '../transition.js';
import { ComplaintNode } from '../types.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from './step.js';

builder.mutationField('archiveComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'Archive a duplicate or spam report (before disposition), with the reason. The head can restore it.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      reason: t.arg.string({ description: 'E.g. duplicate of another tracking ID, or spam' }),
    },
    resolve: async (query, _root, args, ctx) => {
      new InputChecker().text('reason', args.reason, { max: TEXT_LIMITS.reason }).throwIfAny();
      const reason = args.reason.trim();
      const updated = await runTransition(ctx.services, ctx.viewer, staffActor(ctx.viewer), {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'ARCHIVE',
        context: { reason },
        update: (c) => ({ statusBeforeArchive: c.status }),
        summary: () => archiveSummary(reason),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
