// SOP step 7: the admin records that the follow-up report was posted on LAPOR! (when, what text,
// the LAPOR! reference). The 10-working-day closing clock runs from postedAt.
import { deliverSummary } from '../../complaints/history-summary.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker, InvalidInputError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';

/** LAPOR! shows times to the minute and clocks differ a little: this much tolerance either way. */
const CLOCK_SLACK_MS = 5 * 60_000;

const DeliverResponseInput = builder.inputType('DeliverResponseInput', {
  fields: (t) => ({
    postedAt: t.field({ type: 'DateTime', description: 'When it was posted on LAPOR!' }),
    postedText: t.string({ required: false, description: 'The text as posted; defaults to the compiled follow-up report' }),
    laporReference: t.string({ required: false, description: 'LAPOR! reference of the post, if any' }),
  }),
});

builder.mutationField('deliverResponse', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 7: record that the follow-up report was posted to the complainant on LAPOR!.',
    authScopes: { role: ['ADMIN'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      input: t.arg({ type: DeliverResponseInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      const now = services.clock.now();
      const check = new InputChecker()
        .text('postedText', input.postedText, { max: TEXT_LIMITS.report, required: false })
        .text('laporReference', input.laporReference, { max: TEXT_LIMITS.laporReference, required: false });
      check.check(input.postedText == null || input.postedText.trim() !== '', 'postedText', 'must not be empty (omit it to use the report text)');
      check.check(input.postedAt.getTime() <= now.getTime() + CLOCK_SLACK_MS, 'postedAt', 'cannot be in the future');
      check.throwIfAny();

      let postedText = input.postedText?.trim() ?? '';
      let timeZone = '';
      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: id.id,
        expectedVersion,
        action: 'DELIVER_RESPONSE',
        validate: async (tx, c) => {
          const [report, agency] = await Promise.all([
            tx.followUpReport.findUniqueOrThrow({ where: { complaintId_round: { complaintId: c.id, round: c.round } } }),
            tx.agency.findUniqueOrThrow({ where: { id: c.agencyId }, select: { timeZone: true } }),
          ]);
          timeZone = agency.timeZone;
          if (input.postedAt.getTime() < report.createdAt.getTime() - CLOCK_SLACK_MS) {
            throw new InvalidInputError([{ field: 'postedAt', message: 'cannot be before the follow-up report was compiled' }]);
          }
          postedText ||= report.text;
        },
        apply: async (tx, c) => {
          await tx.response.create({
            data: {
              complaintId: c.id,
              round: c.round,
              postedAt: input.postedAt,
              postedText,
              laporReference: input.laporReference?.trim() || null,
              deliveredById: actor.id,
              createdAt: now,
            },
          });
        },
        update: () => ({ responseDeliveredAt: input.postedAt }),
        summary: () => deliverSummary({ postedAt: input.postedAt, timeZone, laporReference: input.laporReference?.trim() || null }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
