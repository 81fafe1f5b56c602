// The regency team dispatches a returned report again, to another agency (or the same one). It
// arrives there as newly received: the old agency's register number is dropped from the complaint
// (kept in the history and the register book) and never handed out again, because register
// counters only move forward.
import { InputChecker, NotFoundError } from '../../errors.js';
import { isUuid } from '../../uuid.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { dispatchSummary } from '../wording.js';

export interface DispatchInput {
  agencyId: string;
  note: string | null;
}

const noteOf = (input: DispatchInput) => input.note?.trim() || null;

export const dispatch = defineStep<DispatchInput, { fromAgency: string; toAgency: string }>({
  action: 'DISPATCH',
  checkInput: (input) => new InputChecker().text('note', input.note, { max: TEXT_LIMITS.note, required: false }).throwIfAny(),
  check: async (tx, c, input) => {
    const [target, previous] = await Promise.all([
      isUuid(input.agencyId) ? tx.agency.findUnique({ where: { id: input.agencyId }, select: { name: true } }) : null,
      tx.agency.findUniqueOrThrow({ where: { id: c.agencyId }, select: { name: true } }),
    ]);
    if (!target) throw new NotFoundError('Agency', input.agencyId);
    return { fromAgency: previous.name, toAgency: target.name };
  },
  update: (_c, input, _checked, _written, _next, { now }) => ({
    agency: { connect: { id: input.agencyId } },
    dispatchedAt: now,
    // The new agency's step 1, its follow-up clock and time standards start now. firstReceivedAt is
    // kept: the Ombudsman clock runs from the first receipt in the regency, so a bounce between
    // agencies buys no extra time (src/deadlines/README.md).
    receivedAt: now,
    // The previous agency's follow-up warning/breach belonged to its own clock.
    followUpWarnedAt: null,
    followUpOverdueAt: null,
    registerNumber: null,
    registerSeq: null,
    registerYear: null,
    registeredAt: null,
  }),
  summary: (c, input, names) => dispatchSummary({ ...names, oldRegisterNumber: c.registerNumber, note: noteOf(input) }),
});
