// SOP step 6: the liaison inventories the divisions' results into the follow-up report whose text
// will be posted on LAPOR!. Without a text, it is the agency's response template for the complaint's
// category (or its general template) filled in, else drafted from the results; the liaison's text wins.
import { localDate } from '../../calendar/calendar.js';
import { InputChecker, InvalidInputError } from '../../errors.js';
import type { Complaint } from '../../generated/prisma/client.js';
import { TEXT_LIMITS } from '../limits.js';
import {
  defaultFollowUpReportText,
  renderResponseTemplate,
  resultBlocks,
  unknownPlaceholders,
  type DivisionResult,
} from '../report-text.js';
import type { Tx } from '../runner.js';
import { defineStep } from '../step.js';
import { compileSummary } from '../wording.js';

export interface CompileFollowUpReportInput {
  /** The text to post on LAPOR!; null: drafted from the results. */
  text: string | null;
}

/** The category's template (else the agency's general one) filled in; null when there is none. */
async function fromTemplate(tx: Tx, c: Complaint, results: readonly DivisionResult[], now: Date): Promise<string | null> {
  const candidates = await tx.responseTemplate.findMany({
    where: { agencyId: c.agencyId, OR: [{ categoryId: null }, ...(c.categoryId ? [{ categoryId: c.categoryId }] : [])] },
    orderBy: { createdAt: 'asc' },
  });
  const template = candidates.find((t) => t.categoryId !== null) ?? candidates[0];
  if (!template) return null;
  const unknown = unknownPlaceholders(template.body);
  // Templates are checked when saved; this only guards rows written by other means.
  if (unknown.length > 0) {
    throw new InvalidInputError(
      unknown.map((p) => ({ field: 'template', message: `template “${template.name}” has an unknown placeholder {{${p}}}` })),
    );
  }
  const zone = (await tx.agency.findUniqueOrThrow({ where: { id: c.agencyId }, select: { timeZone: true } })).timeZone;
  return renderResponseTemplate(template.body, {
    trackingId: c.trackingId,
    title: c.title.trim(),
    registerNumber: c.registerNumber ?? '',
    receivedDate: localDate(c.receivedAt, zone),
    today: localDate(now, zone),
    divisions: results.map((r) => r.divisionName).join(', '),
    results: resultBlocks(results),
  });
}

export const compileFollowUpReport = defineStep<CompileFollowUpReportInput, { text: string; divisionCount: number }>({
  action: 'COMPILE_FOLLOW_UP_REPORT',
  checkInput: (input) => {
    if (input.text !== null) new InputChecker().text('text', input.text, { max: TEXT_LIMITS.report }).throwIfAny();
  },
  check: async (tx, c, input, _facts, { now }) => {
    const results = await tx.followUpResult.findMany({
      where: { complaintId: c.id, round: c.round },
      include: { division: { select: { name: true } } },
      orderBy: [{ division: { name: 'asc' } }],
    });
    if (input.text !== null) return { text: input.text.trim(), divisionCount: results.length };
    const blocks = results.map((r) => ({
      divisionName: r.division.name,
      facts: r.facts,
      actionTaken: r.actionTaken,
      solution: r.solution,
    }));
    const text = (await fromTemplate(tx, c, blocks, now)) ?? defaultFollowUpReportText(c, blocks);
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
