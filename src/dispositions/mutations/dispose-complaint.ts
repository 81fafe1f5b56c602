// SOP step 3: the head of the agency reviews the registered report and disposes it to one or more
// divisions with the instructions of a disposition sheet. Happens once; later rounds reuse it.
import { DivisionNode } from '../../agencies/types.js';
import { disposeSummary } from '../../complaints/history-summary.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker, InvalidInputError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { isUuid } from '../../graphql/ids.js';
import { DispositionInstructionEnum, DispositionPriorityEnum } from '../types.js';

/** More than this is not a disposition but a broadcast; the agency has a handful of divisions. */
const MAX_DIVISIONS = 50;

const DisposeComplaintInput = builder.inputType('DisposeComplaintInput', {
  fields: (t) => ({
    divisionIds: t.globalIDList({ for: DivisionNode, description: 'Divisions (bidang/seksi) of the complaint’s agency' }),
    instructions: t.field({ type: [DispositionInstructionEnum], description: 'At least one instruction code' }),
    note: t.string({ description: 'The head’s handwritten instruction on the sheet' }),
    priority: t.field({ type: DispositionPriorityEnum, defaultValue: 'BIASA' }),
  }),
});

/** Indexes of entries that appeared earlier in the list. */
function repeats(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

builder.mutationField('disposeComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 3: the head disposes the registered report to one or more divisions.',
    authScopes: { role: ['HEAD'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      input: t.arg({ type: DisposeComplaintInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      const divisionIds = input.divisionIds.map((d) => d.id);
      const priority = input.priority ?? 'BIASA';

      const check = new InputChecker().text('note', input.note, { max: TEXT_LIMITS.note });
      check.check(divisionIds.length > 0, 'divisionIds', 'name at least one division');
      check.check(divisionIds.length <= MAX_DIVISIONS, 'divisionIds', `at most ${MAX_DIVISIONS} divisions`);
      for (const i of repeats(divisionIds)) check.check(false, `divisionIds[${i}]`, 'is listed twice');
      check.check(input.instructions.length > 0, 'instructions', 'tick at least one instruction');
      for (const i of repeats(input.instructions)) check.check(false, `instructions[${i}]`, 'is listed twice');
      check.throwIfAny();

      let names = new Map<string, string>();
      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: id.id,
        expectedVersion,
        action: 'DISPOSE',
        context: { disposedDivisionIds: divisionIds },
        validate: async (tx, c) => {
          const found = await tx.division.findMany({
            where: { id: { in: divisionIds.filter(isUuid) }, agencyId: c.agencyId },
            select: { id: true, name: true, active: true },
          });
          names = new Map(found.map((d) => [d.id, d.name]));
          const foreign = divisionIds.flatMap((d, i) => (names.has(d) ? [] : [i]));
          // Unknown and other agencies' divisions read the same: nothing about them is revealed.
          if (foreign.length > 0) {
            throw new InvalidInputError(foreign.map((i) => ({ field: `divisionIds[${i}]`, message: 'is not a division of this complaint’s agency' })));
          }
          // A deactivated division keeps its history but receives nothing new.
          const inactive = new Set(found.filter((d) => !d.active).map((d) => d.id));
          const closed = divisionIds.flatMap((d, i) => (inactive.has(d) ? [i] : []));
          if (closed.length > 0) {
            throw new InvalidInputError(closed.map((i) => ({ field: `divisionIds[${i}]`, message: 'is deactivated' })));
          }
        },
        apply: async (tx, c, next) => {
          const now = services.clock.now();
          const sheet = await tx.disposition.create({
            data: {
              complaintId: c.id,
              round: next.round,
              instructions: input.instructions,
              note: input.note.trim(),
              priority,
              disposedById: actor.id,
              createdAt: now,
            },
          });
          await tx.dispositionDivision.createMany({
            data: divisionIds.map((divisionId) => ({ dispositionId: sheet.id, divisionId, complaintId: c.id })),
          });
        },
        summary: () =>
          disposeSummary({ divisionNames: divisionIds.map((d) => names.get(d)!), instructions: input.instructions, priority }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
