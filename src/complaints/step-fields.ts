// What each SOP step left on a complaint, as relations of the Complaint node. Every list is a
// t.relation, so Pothos folds it into the parent query (one query per relation per page, not per row).
//
// Visibility: a DIVISION user sees a complaint only once it is disposed to their division, and then
// sees the whole complaint, including the other disposed divisions' plans and results: the SOP's
// follow-up report is built from all of them, and the liaison coordinates them together.
import { DivisionNode } from '../agencies/types.js';
import { builder } from '../graphql/builder.js';
import '../dispositions/types.js';
import '../follow-ups/types.js';
import '../responses/types.js';
import './attachments.js';
import { ComplaintNode } from './types.js';

const byRound = [{ round: 'asc' as const }, { createdAt: 'asc' as const }];

builder.prismaObjectFields(ComplaintNode, (t) => ({
  dispositions: t.relation('dispositions', {
    description: 'SOP step 3: the head’s disposition sheets',
    query: { orderBy: byRound },
  }),
  divisions: t.field({
    type: [DivisionNode],
    description: 'Every division the report was disposed to',
    select: { dispositionDivisions: { select: { division: true } } },
    resolve: (c) => {
      const seen = new Map(c.dispositionDivisions.map((d) => [d.division.id, d.division]));
      return [...seen.values()].sort((a, b) => a.code.localeCompare(b.code));
    },
  }),
  followUpPlans: t.relation('followUpPlans', {
    description: 'SOP step 4: the formulated follow-ups; every round unless `round` is given',
    args: { round: t.arg.int({ required: false }) },
    query: (args) => ({ where: args.round == null ? {} : { round: args.round }, orderBy: byRound }),
  }),
  followUpResults: t.relation('followUpResults', {
    description: 'SOP step 5: the divisions’ results; every round unless `round` is given',
    args: { round: t.arg.int({ required: false }) },
    query: (args) => ({ where: args.round == null ? {} : { round: args.round }, orderBy: byRound }),
  }),
  followUpReports: t.relation('followUpReports', {
    description: 'SOP step 6: the compiled follow-up reports, one per round',
    query: { orderBy: byRound },
  }),
  responses: t.relation('responses', {
    description: 'SOP step 7: the responses posted on LAPOR!, one per round',
    query: { orderBy: byRound },
  }),
  feedbacks: t.relation('feedbacks', {
    description: 'What the complainant answered to each response',
    query: { orderBy: byRound },
  }),
  attachments: t.relation('attachments', {
    description: 'The reporter’s attachments (a division’s evidence is on its follow-up result)',
    query: { where: { followUpResultId: null }, orderBy: { createdAt: 'asc' } },
  }),
}));
