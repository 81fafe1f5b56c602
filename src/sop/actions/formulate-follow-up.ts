// SOP step 4: the liaison (penghubung) formulates the follow-up with one disposed division. Once per
// division per round; when every disposed division has its plan the divisions go to work.
import { InputChecker, InvalidInputError } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { formulateSummary } from '../wording.js';

export interface FormulateFollowUpInput {
  divisionId: string;
  /** The formulated follow-up, agreed with the division. */
  plan: string;
}

export const formulateFollowUp = defineStep<FormulateFollowUpInput, { divisionName: string }>({
  action: 'FORMULATE_FOLLOW_UP',
  checkInput: (input) => new InputChecker().text('plan', input.plan, { max: TEXT_LIMITS.followUp }).throwIfAny(),
  context: (input) => ({ divisionId: input.divisionId }),
  check: async (tx, _c, input, facts) => {
    // Outside the disposition (or unknown): the same answer, so the input names the field.
    if (!facts.disposedDivisionIds.includes(input.divisionId)) {
      throw new InvalidInputError([{ field: 'divisionId', message: 'the complaint was not disposed to this division' }]);
    }
    const division = await tx.division.findUniqueOrThrow({ where: { id: input.divisionId }, select: { name: true } });
    return { divisionName: division.name };
  },
  write: async (tx, c, input, _checked, _next, { actor, now }) => {
    await tx.followUpPlan.create({
      data: {
        complaintId: c.id,
        divisionId: input.divisionId,
        round: c.round,
        plan: input.plan.trim(),
        formulatedById: actor.id!,
        createdAt: now,
      },
    });
  },
  summary: (c, _input, { divisionName }, _written, next) =>
    formulateSummary({ divisionName, round: c.round, allFormulated: next.status === 'IN_FOLLOW_UP' }),
});
