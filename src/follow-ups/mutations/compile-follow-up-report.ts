// SOP step 6: the liaison inventories the divisions' results into the follow-up report whose text
// will be posted on LAPOR!. Without a text, it is drafted from the results; the liaison's text wins.
import { compileSummary } from '../../complaints/history-summary.js';
import { reloadComplaint, staffActor, TEXT_LIMITS } from '../../complaints/mutations/step.js';
import { runTransition } from '../../complaints/transition.js';
import { ComplaintNode } from '../../complaints/types.js';
import { InputChecker, InvalidInputError } from '../../errors.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { defaultFollowUpReportText } from '../report-text.js';

builder.mutationField('compileFollowUpReport', (t) =>
  t.prismaField({
    type: 'Complaint',
    description:
      'SOP step 6: the liaison compiles the follow-up report from every division’s result. Omit `text` to use a draft built from the results.',
    authScopes: { role: ['LIAISON'] },
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.globalID({ for: ComplaintNode }),
      expectedVersion: t.arg.int(),
      text: t.arg.string({ required: false, description: 'The text to post on LAPOR!' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { services } = ctx;
      const actor = staffActor(ctx.viewer);
      const given = args.text ?? null;
      if (given !== null) new InputChecker().text('text', given, { max: TEXT_LIMITS.report }).throwIfAny();

      let text = given?.trim() ?? '';
      let divisionCount = 0;
      const updated = await runTransition(services, ctx.viewer, actor, {
        complaintId: args.id.id,
        expectedVersion: args.expectedVersion,
        action: 'COMPILE_FOLLOW_UP_REPORT',
        validate: async (tx, c) => {
          const results = await tx.followUpResult.findMany({
            where: { complaintId: c.id, round: c.round },
            include: { division: { select: { name: true } } },
            orderBy: [{ division: { name: 'asc' } }],
          });
          divisionCount = results.length;
          if (given !== null) return;
          text = defaultFollowUpReportText(
            c,
            results.map((r) => ({ divisionName: r.division.name, facts: r.facts, actionTaken: r.actionTaken, solution: r.solution })),
          );
          if (text.length > TEXT_LIMITS.report) {
            throw new InvalidInputError([
              { field: 'text', message: `the draft built from the results is longer than ${TEXT_LIMITS.report} characters; write the report text` },
            ]);
          }
        },
        apply: async (tx, c) => {
          await tx.followUpReport.create({
            data: { complaintId: c.id, round: c.round, text, compiledById: actor.id, createdAt: services.clock.now() },
          });
        },
        summary: (c) => compileSummary({ round: c.round, divisionCount, fromResults: given === null }),
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
