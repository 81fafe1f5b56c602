// The head corrects a report's class (whether a LAPORAN has an oversight element); the follow-up
// clock follows the new class's length in the same commit.
import { classOf } from '../vocabulary.js';
import { InputChecker } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { reclassifySummary } from '../wording.js';

export interface ReclassifyInput {
  hasOversight: boolean;
  reason: string;
}

export const reclassify = defineStep<ReclassifyInput>({
  action: 'RECLASSIFY',
  checkInput: (input) => new InputChecker().text('reason', input.reason, { max: TEXT_LIMITS.reason }).throwIfAny(),
  check: async (_tx, c, input) => {
    new InputChecker()
      .check(c.kind === 'LAPORAN', 'hasOversight', 'only a LAPORAN can have an oversight element')
      .check(c.hasOversight !== input.hasOversight, 'hasOversight', 'the complaint already has this class')
      .throwIfAny();
  },
  update: (_c, input) => ({ hasOversight: input.hasOversight }),
  summary: (c, input) => reclassifySummary(classOf(c), classOf({ kind: c.kind, hasOversight: input.hasOversight }), input.reason.trim()),
});
