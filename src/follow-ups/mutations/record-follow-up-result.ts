// SOP step 5: a division's staff record what they found and did, "based on facts, with a positive
// solution", for THEIR division only. The last disposed division to report completes the follow-up.
import { resultSummary } from '../../complaints/history-summary.js';
import { AttachmentInput, checkAttachments } from '../../complaints/mutations/receive-complaint.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';

const RecordFollowUpResultInput = builder.inputType('RecordFollowUpResultInput', {
  fields: (t) => ({
    facts: t.string({ description: 'Facts found (fakta)' }),
    actionTaken: t.string({ description: 'Action taken (tindakan)' }),
    solution: t.string({ description: 'The positive solution offered (solusi)' }),
    evidence: t.field({ type: [AttachmentInput], required: false, description: 'Evidence metadata (photos, minutes...)' }),
  }),
});

builder.mutationField('recordFollowUpResult', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 5: division staff record their division’s follow-up result (once per round).',
    authScopes: { role: ['DIVISION'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      input: t.arg({ type: RecordFollowUpResultInput }),
    },
    resolve: async (query, _root, { id, expectedVersion, input }, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      const evidence = input.evidence ?? [];
      const check = new InputChecker()
        .text('facts', input.facts, { max: TEXT_LIMITS.followUp })
        .text('actionTaken', input.actionTaken, { max: TEXT_LIMITS.followUp })
        .text('solution', input.solution, { max: TEXT_LIMITS.followUp });
      checkAttachments(check, 'evidence', evidence);
      check.throwIfAny();

      // Visibility already limits a DIVISION user to complaints disposed to their division.
      const divisionId = actor.divisionId!;
      let divisionName = '';
      let allReported = false;
      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: id.id,
        expectedVersion,
        action: 'RECORD_FOLLOW_UP_RESULT',
        context: { divisionId },
        apply: async (tx, c, next) => {
          allReported = next.status === 'FOLLOW_UP_COMPLETED';
          divisionName = (await tx.division.findUniqueOrThrow({ where: { id: divisionId }, select: { name: true } })).name;
          const now = services.clock.now();
          await tx.followUpResult.create({
            data: {
              complaintId: c.id,
              divisionId,
              round: c.round,
              facts: input.facts.trim(),
              actionTaken: input.actionTaken.trim(),
              solution: input.solution.trim(),
              recordedById: actor.id,
              createdAt: now,
              evidence: { create: evidence.map((a) => ({ ...a, name: a.name.trim(), complaintId: c.id, createdAt: now })) },
            },
          });
        },
        summary: (c) => resultSummary({ divisionName, round: c.round, evidenceCount: evidence.length, allReported }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
