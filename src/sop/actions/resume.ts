// The end of a tunda: the working days it lasted are added to the follow-up clock (the due date
// moves by exactly that many working days), and the pause's columns are cleared.
import { defineStep } from '../step.js';
import { resumeSummary } from '../wording.js';

export const resume = defineStep<Record<string, never>, { days: number }>({
  action: 'RESUME',
  check: async (tx, c, _input, _facts, { deadlines, now }) => ({ days: await deadlines.pausedWorkingDays(tx, c, now) }),
  update: (c, _input, { days }) => ({
    pausedAt: null,
    pauseReason: null,
    pauseNote: null,
    pauseWarnedAt: null,
    pausedWorkingDays: c.pausedWorkingDays + days,
  }),
  summary: (_c, _input, { days }) => resumeSummary(days),
});
