// SOP steps 4–6 as graph types: the follow-up formulated with a division (FollowUpPlan), what the
// division found and did (FollowUpResult, with evidence), and the compiled follow-up report.
// Every round's rows stay readable after a "not satisfied" answer.
import { userById } from '../agencies/types.js';
import { complaintChildNode } from '../complaints/visibility.js';
import { builder } from '../graphql/builder.js';

export const FollowUpPlanNode = builder.prismaNode('FollowUpPlan', {
  ...complaintChildNode,
  description: 'SOP step 4: the follow-up the liaison formulated with one division, once per round.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    division: t.relation('division'),
    plan: t.exposeString('plan'),
    formulatedAt: t.expose('createdAt', { type: 'DateTime' }),
    formulatedBy: t.field(userById((p) => p.formulatedById)),
  }),
});

export const FollowUpResultNode = builder.prismaNode('FollowUpResult', {
  ...complaintChildNode,
  description: 'SOP step 5: what one division found and did, with a positive solution, once per round.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    division: t.relation('division'),
    facts: t.exposeString('facts', { description: 'Facts found' }),
    actionTaken: t.exposeString('actionTaken'),
    solution: t.exposeString('solution', { description: 'The positive solution offered' }),
    evidence: t.relation('evidence', { query: { orderBy: { createdAt: 'asc' } } }),
    recordedAt: t.expose('createdAt', { type: 'DateTime' }),
    recordedBy: t.field(userById((r) => r.recordedById)),
  }),
});

export const FollowUpReportNode = builder.prismaNode('FollowUpReport', {
  ...complaintChildNode,
  description: 'SOP step 6: the follow-up report compiled from every division’s result; its text is posted on LAPOR!.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    text: t.exposeString('text'),
    compiledAt: t.expose('createdAt', { type: 'DateTime' }),
    compiledBy: t.field(userById((r) => r.compiledById)),
  }),
});
