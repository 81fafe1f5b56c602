// The head overrules an archiving: the report goes back to the status it had before, with a note
// saying why (the decision is audited like the archiving was).
import { InputChecker } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { restoreSummary } from '../history-summary.js';
import { runTransition } from '../transition.js';
import { ComplaintNode } from '../types.js';
import type { ComplaintStatus } from '../workflow.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from './step.js';

builder.mutationField('restoreComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'Head of the agency: restore an archived report to the status it had before archiving.',
    authScopes: { role: ['HEAD'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      note: t.arg.string({ description: 'Why the report is restored' }),
    },
    resolve: async (query, _root, args, ctx) => {
      new InputChecker().text('note', args.note, { max: TEXT_LIMITS.note }).throwIfAny();
      const note = args.note.trim();
      const updated = await runTransition(ctx.services, ctx.viewer, staffActor(ctx.viewer), {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'RESTORE',
        update: () => ({ statusBeforeArchive: null }),
        // The workflow refuses a restore without a valid previous status, so it is set here.
        summary: (c) => restoreSummary({ to: c.statusBeforeArchive as ComplaintStatus, note }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
