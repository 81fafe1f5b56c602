// The head extends the follow-up deadline, once per round (the workflow's guard), by at most the
// configured number of working days, with a reason shown on the deadline.
import { InputChecker } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { extendSummary } from '../wording.js';

export interface ExtendInput {
  workingDays: number;
  reason: string;
}

export const extendFollowUp = defineStep<ExtendInput>({
  action: 'EXTEND_FOLLOW_UP',
  checkInput: (input, { config }) => {
    const max = config.followUpExtensionMaxWorkingDays;
    new InputChecker()
      .text('reason', input.reason, { max: TEXT_LIMITS.reason })
      .check(Number.isInteger(input.workingDays) && input.workingDays >= 1, 'workingDays', 'must be a whole number from 1')
      .check(input.workingDays <= max, 'workingDays', `must be at most ${max} working days`)
      .throwIfAny();
  },
  update: (c, input, _v, _r, next) => ({
    followUpExtensionDays: c.followUpExtensionDays + input.workingDays,
    followUpExtensionReason: input.reason.trim(),
    followUpExtendedRound: next.round,
  }),
  summary: (_c, input) => extendSummary(input.workingDays, input.reason.trim()),
});
