// SOP step 7: the admin records that the follow-up report was posted on LAPOR! (when, what text,
// the LAPOR! reference). The 10-working-day closing clock runs from postedAt.
import { InputChecker, InvalidInputError } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { deliverSummary } from '../wording.js';

/** LAPOR! shows times to the minute and clocks differ a little: this much tolerance either way. */
const CLOCK_SLACK_MS = 5 * 60_000;

export interface DeliverResponseInput {
  postedAt: Date;
  /** The text as posted; null: the compiled follow-up report. */
  postedText: string | null;
  laporReference: string | null;
}

export const deliverResponse = defineStep<DeliverResponseInput, { postedText: string; timeZone: string }>({
  action: 'DELIVER_RESPONSE',
  checkInput: (input, { now }) => {
    const check = new InputChecker()
      .text('postedText', input.postedText, { max: TEXT_LIMITS.report, required: false })
      .text('laporReference', input.laporReference, { max: TEXT_LIMITS.laporReference, required: false });
    check.check(
      input.postedText == null || input.postedText.trim() !== '',
      'postedText',
      'must not be empty (omit it to use the report text)',
    );
    check.check(input.postedAt.getTime() <= now.getTime() + CLOCK_SLACK_MS, 'postedAt', 'cannot be in the future');
    check.throwIfAny();
  },
  check: async (tx, c, input) => {
    const [report, agency] = await Promise.all([
      tx.followUpReport.findUniqueOrThrow({ where: { complaintId_round: { complaintId: c.id, round: c.round } } }),
      tx.agency.findUniqueOrThrow({ where: { id: c.agencyId }, select: { timeZone: true } }),
    ]);
    if (input.postedAt.getTime() < report.createdAt.getTime() - CLOCK_SLACK_MS) {
      throw new InvalidInputError([{ field: 'postedAt', message: 'cannot be before the follow-up report was compiled' }]);
    }
    return { postedText: input.postedText?.trim() || report.text, timeZone: agency.timeZone };
  },
  write: async (tx, c, input, { postedText }, _next, { actor, now }) => {
    await tx.response.create({
      data: {
        complaintId: c.id,
        round: c.round,
        postedAt: input.postedAt,
        postedText,
        laporReference: input.laporReference?.trim() || null,
        deliveredById: actor.id!,
        createdAt: now,
      },
    });
  },
  update: (_c, input) => ({ responseDeliveredAt: input.postedAt }),
  summary: (_c, input, { timeZone }) =>
    deliverSummary({ postedAt: input.postedAt, timeZone, laporReference: input.laporReference?.trim() || null }),
});
