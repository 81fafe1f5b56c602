// SOP step 4: the liaison (penghubung) formulates the follow-up with one disposed division. Once per
// division per round; when every disposed division has its plan the divisions go to work.
import { DivisionNode } from '../../agencies/types.js';
import { formulateSummary } from '../../complaints/history-summary.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker, InvalidInputError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';

builder.mutationField('formulateFollowUp', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'SOP step 4: the liaison records the follow-up formulated with one disposed division (once per round).',
    authScopes: { role: ['LIAISON'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      divisionId: t.arg.globalID({ for: DivisionNode, description: 'A division the complaint was disposed to' }),
      plan: t.arg.string({ description: 'The formulated follow-up, agreed with the division' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      const divisionId = args.divisionId.id;
      new InputChecker().text('plan', args.plan, { max: TEXT_LIMITS.followUp }).throwIfAny();

      let divisionName = '';
      let allFormulated = false;
      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'FORMULATE_FOLLOW_UP',
        context: { divisionId },
        validate: async (tx, _c, facts) => {
          // Outside the disposition (or unknown): the same answer, so the input names the field.
          if (!facts.disposedDivisionIds.includes(divisionId)) {
            throw new InvalidInputError([{ field: 'divisionId', message: 'the complaint was not disposed to this division' }]);
          }
          divisionName = (await tx.division.findUniqueOrThrow({ where: { id: divisionId }, select: { name: true } })).name;
        },
        apply: async (tx, c, next) => {
          allFormulated = next.status === 'IN_FOLLOW_UP';
          await tx.followUpPlan.create({
            data: {
              complaintId: c.id,
              divisionId,
              round: c.round,
              plan: args.plan.trim(),
              formulatedById: actor.id,
              createdAt: services.clock.now(),
            },
          });
        },
        summary: (c) => formulateSummary({ divisionName, round: c.round, allFormulated }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
