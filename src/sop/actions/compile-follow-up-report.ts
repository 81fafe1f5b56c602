// SOP step 6: the liaison inventories the divisions' results into the follow-up report whose text
// will be posted on LAPOR!. Without a text, it is drafted from the results; the liaison's text wins.
import { InputChecker, InvalidInputError } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';
import { defaultFollowUpReportText } from '../report-text.js';
import { defineStep } from '../step.js';
import { compileSummary } from '../wording.js';

export interface CompileFollowUpReportInput {
  /** The text to post on LAPOR!; null: drafted from the results. */
  text: string | null;
}

export const compileFollowUpReport = defineStep<CompileFollowUpReportInput, { text: string; divisionCount: number }>({
  action: 'COMPILE_FOLLOW_UP_REPORT',
  checkInput: (input) => {
    if (input.text !== null) new InputChecker().text('text', input.text, { max: TEXT_LIMITS.report }).throwIfAny();
  },
  check: async (tx, c, input) => {
    const results = await tx.followUpResult.findMany({
      where: { complaintId: c.id, round: c.round },
      include: { division: { select: { name: true } } },
      orderBy: [{ division: { name: 'asc' } }],
    });
    if (input.text !== null) return { text: input.text.trim(), divisionCount: results.length };
    const text = defaultFollowUpReportText(
      c,
      results.map((r) => ({ divisionName: r.division.name, facts: r.facts, actionTaken: r.actionTaken, solution: r.solution })),
    );
    if (text.length > TEXT_LIMITS.report) {
      throw new InvalidInputError([
        {
          field: 'text',
          message: `the draft built from the results is longer than ${TEXT_LIMITS.report} characters; write the report text`,
        },
      ]);
    }
    return { text, divisionCount: results.length };
  },
  write: async (tx, c, _input, { text }, _next, { actor, now }) => {
    await tx.followUpReport.create({ data: { complaintId: c.id, round: c.round, text, compiledById: actor.id!, createdAt: now } });
  },
  summary: (c, input, { divisionCount }) => compileSummary({ round: c.round, divisionCount, fromResults: input.text === null }),
});
