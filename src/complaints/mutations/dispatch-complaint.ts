// The regency team dispatches a returned report again, to another agency (or the same one). It
// arrives there as newly received: the old agency's register number is dropped from the complaint
// (kept in the history) and never handed out again, because register counters only move forward.
import { AgencyNode } from '../../agencies/types.js';
import { InputChecker, NotFoundError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { isUuid } from '../../graphql/ids.js';
import { dispatchSummary } from '../history-summary.js';
import { runTransition } from '../transition.js';
import { ComplaintNode } from '../types.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from './step.js';

builder.mutationField('dispatchComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description:
      'Regency team: dispatch a returned report to an agency; it is received there anew (its follow-up clock restarts; the Ombudsman clock keeps running from firstReceivedAt).',
    authScopes: { role: ['COORDINATOR'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      agencyId: t.arg.globalID({ for: AgencyNode }),
      note: t.arg.string({ required: false }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { services } = ctx;
      new InputChecker().text('note', args.note, { max: TEXT_LIMITS.note, required: false }).throwIfAny();
      const agencyId = args.agencyId.id;
      const note = args.note?.trim() || null;
      const now = services.clock.now();

      let names = { from: '', to: '' };
      const updated = await runTransition(services, ctx.viewer, staffActor(ctx.viewer), {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'DISPATCH',
        validate: async (tx, c) => {
          const [target, previous] = await Promise.all([
            isUuid(agencyId) ? tx.agency.findUnique({ where: { id: agencyId }, select: { name: true } }) : null,
            tx.agency.findUniqueOrThrow({ where: { id: c.agencyId }, select: { name: true } }),
          ]);
          if (!target) throw new NotFoundError('Agency', args.agencyId.id);
          names = { from: previous.name, to: target.name };
        },
        update: () => ({
          agency: { connect: { id: agencyId } },
          dispatchedAt: now,
          // The new agency's step 1, its follow-up clock and time standards start now. firstReceivedAt
          // is kept: the Ombudsman clock runs from the first receipt in the regency, so a bounce
          // between agencies buys no extra time (src/deadlines/README.md).
          receivedAt: now,
          // The previous agency's follow-up warning/breach belonged to its own clock.
          followUpWarnedAt: null,
          followUpOverdueAt: null,
          registerNumber: null,
          registerSeq: null,
          registerYear: null,
          registeredAt: null,
        }),
        summary: (c) => dispatchSummary({ fromAgency: names.from, toAgency: names.to, oldRegisterNumber: c.registerNumber, note }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
