// The end of step 7: what the complainant answered on LAPOR!. Satisfied (Y) closes the report; not
// satisfied (T) sends it back to step 4 in a new round. Earlier rounds' rows stay as they are.
import { InputChecker } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { feedbackSummary } from '../wording.js';

export interface RecordFeedbackInput {
  satisfied: boolean;
  /** What the complainant wrote, if anything. */
  comment: string | null;
}

const commentOf = (input: RecordFeedbackInput) => input.comment?.trim() || null;

export const recordFeedback = defineStep<RecordFeedbackInput>({
  action: 'RECORD_FEEDBACK',
  checkInput: (input) => new InputChecker().text('comment', input.comment, { max: TEXT_LIMITS.comment, required: false }).throwIfAny(),
  context: (input) => ({ satisfied: input.satisfied }),
  write: async (tx, c, input, _checked, _next, { actor, now }) => {
    // The feedback belongs to the round it answers, not to the round it starts.
    await tx.complainantFeedback.create({
      data: {
        complaintId: c.id,
        round: c.round,
        satisfied: input.satisfied,
        comment: commentOf(input),
        recordedById: actor.id!,
        createdAt: now,
      },
    });
  },
  update: (_c, _input, _checked, _written, next, { now }) => (next.status === 'CLOSED' ? { closedAt: now } : {}),
  summary: (c, input) => feedbackSummary({ satisfied: input.satisfied, nextRound: c.round + 1, comment: commentOf(input) }),
});
