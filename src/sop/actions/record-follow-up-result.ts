// SOP step 5: a division's staff record what they found and did, "based on facts, with a positive
// solution", for THEIR division only. The last disposed division to report completes the follow-up.
import { InputChecker } from '../../errors.js';
import { checkAttachments, TEXT_LIMITS, type Attachment } from '../limits.js';
import { defineStep } from '../step.js';
import { resultSummary } from '../wording.js';

export interface RecordFollowUpResultInput {
  facts: string;
  actionTaken: string;
  solution: string;
  evidence: Attachment[];
}

/** The acting staff member's own division (visibility already limits them to complaints disposed to it). */
export const recordFollowUpResult = defineStep<RecordFollowUpResultInput, void, { divisionName: string }>({
  action: 'RECORD_FOLLOW_UP_RESULT',
  checkInput: (input) => {
    const check = new InputChecker()
      .text('facts', input.facts, { max: TEXT_LIMITS.followUp })
      .text('actionTaken', input.actionTaken, { max: TEXT_LIMITS.followUp })
      .text('solution', input.solution, { max: TEXT_LIMITS.followUp });
    checkAttachments(check, 'evidence', input.evidence);
    check.throwIfAny();
  },
  context: (_input, { actor }) => ({ divisionId: actor.divisionId ?? undefined }),
  write: async (tx, c, input, _checked, _next, { actor, now }) => {
    const divisionId = actor.divisionId!;
    const division = await tx.division.findUniqueOrThrow({ where: { id: divisionId }, select: { name: true } });
    await tx.followUpResult.create({
      data: {
        complaintId: c.id,
        divisionId,
        round: c.round,
        facts: input.facts.trim(),
        actionTaken: input.actionTaken.trim(),
        solution: input.solution.trim(),
        recordedById: actor.id!,
        createdAt: now,
        // No nested write without evidence: Prisma then inserts with RETURNING instead of insert + select.
        ...(input.evidence.length
          ? { evidence: { create: input.evidence.map((a) => ({ ...a, name: a.name.trim(), complaintId: c.id, createdAt: now })) } }
          : {}),
      },
    });
    return { divisionName: division.name };
  },
  summary: (c, input, _checked, { divisionName }, next) =>
    resultSummary({
      divisionName,
      round: c.round,
      evidenceCount: input.evidence.length,
      allReported: next.status === 'FOLLOW_UP_COMPLETED',
    }),
});
