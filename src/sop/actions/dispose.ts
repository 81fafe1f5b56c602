// SOP step 3: the head of the agency reviews the registered report and disposes it to one or more
// divisions with the instructions of a disposition sheet. Happens once; later rounds reuse it.
import { InputChecker, InvalidInputError } from '../../errors.js';
import type { DispositionInstruction, DispositionPriority } from '../../generated/prisma/enums.js';
import { isUuid } from '../../uuid.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { disposeSummary } from '../wording.js';

/** More than this is not a disposition but a broadcast; the agency has a handful of divisions. */
const MAX_DIVISIONS = 50;

export interface DisposeInput {
  divisionIds: string[];
  instructions: DispositionInstruction[];
  /** The head's handwritten instruction on the sheet. */
  note: string;
  priority: DispositionPriority;
  /** The head's classification: does this LAPORAN have an oversight element? null: unchanged. */
  hasOversight?: boolean | null;
}

/** Indexes of entries that appeared earlier in the list. */
function repeats(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

export const dispose = defineStep<DisposeInput, { divisionNames: Map<string, string> }>({
  action: 'DISPOSE',
  checkInput: (input) => {
    const check = new InputChecker().text('note', input.note, { max: TEXT_LIMITS.note });
    check.check(input.divisionIds.length > 0, 'divisionIds', 'name at least one division');
    check.check(input.divisionIds.length <= MAX_DIVISIONS, 'divisionIds', `at most ${MAX_DIVISIONS} divisions`);
    for (const i of repeats(input.divisionIds)) check.check(false, `divisionIds[${i}]`, 'is listed twice');
    check.check(input.instructions.length > 0, 'instructions', 'tick at least one instruction');
    for (const i of repeats(input.instructions)) check.check(false, `instructions[${i}]`, 'is listed twice');
    check.throwIfAny();
  },
  context: (input) => ({ disposedDivisionIds: input.divisionIds }),
  check: async (tx, c, input) => {
    if (input.hasOversight && c.kind !== 'LAPORAN') {
      throw new InvalidInputError([{ field: 'hasOversight', message: 'only a LAPORAN can have an oversight element' }]);
    }
    const found = await tx.division.findMany({
      where: { id: { in: input.divisionIds.filter(isUuid) }, agencyId: c.agencyId },
      select: { id: true, name: true, active: true },
    });
    const divisionNames = new Map(found.map((d) => [d.id, d.name]));
    const foreign = input.divisionIds.flatMap((d, i) => (divisionNames.has(d) ? [] : [i]));
    // Unknown and other agencies' divisions read the same: nothing about them is revealed.
    if (foreign.length > 0) {
      throw new InvalidInputError(
        foreign.map((i) => ({ field: `divisionIds[${i}]`, message: 'is not a division of this complaint’s agency' })),
      );
    }
    // A deactivated division keeps its history but receives nothing new.
    const inactive = new Set(found.filter((d) => !d.active).map((d) => d.id));
    const closed = input.divisionIds.flatMap((d, i) => (inactive.has(d) ? [i] : []));
    if (closed.length > 0) {
      throw new InvalidInputError(closed.map((i) => ({ field: `divisionIds[${i}]`, message: 'is deactivated' })));
    }
    return { divisionNames };
  },
  write: async (tx, c, input, _checked, next, { actor, now }) => {
    const sheet = await tx.disposition.create({
      data: {
        complaintId: c.id,
        round: next.round,
        instructions: input.instructions,
        note: input.note.trim(),
        priority: input.priority,
        disposedById: actor.id!,
        createdAt: now,
      },
    });
    await tx.dispositionDivision.createMany({
      data: input.divisionIds.map((divisionId) => ({ dispositionId: sheet.id, divisionId, complaintId: c.id })),
    });
  },
  update: (_c, input) => (input.hasOversight == null ? {} : { hasOversight: input.hasOversight }),
  summary: (_c, input, { divisionNames }) =>
    disposeSummary({
      divisionNames: input.divisionIds.map((d) => divisionNames.get(d)!),
      instructions: input.instructions,
      priority: input.priority,
    }),
});
