// SOP step 7 as graph types: the response as posted on LAPOR!, and what the complainant answered.
import { userById } from '../agencies/types.js';
import { complaintChildNode } from '../complaints/visibility.js';
import { builder } from '../graphql/builder.js';

export const ResponseDeliveryRouteEnum = builder.enumType('ResponseDeliveryRoute', { values: ['MANUAL', 'CONNECTOR'] as const });

export const ResponseNode = builder.prismaNode('Response', {
  ...complaintChildNode,
  description: 'SOP step 7: the follow-up report as posted on LAPOR!, once per round.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    postedAt: t.expose('postedAt', { type: 'DateTime', description: 'When it was posted on LAPOR!' }),
    postedText: t.exposeString('postedText'),
    laporReference: t.exposeString('laporReference', { nullable: true }),
    deliveredVia: t.field({
      type: ResponseDeliveryRouteEnum,
      description: 'MANUAL: posted on LAPOR! by hand and recorded; CONNECTOR: posted through the LAPOR! connector',
      resolve: (r) => r.deliveredVia,
    }),
    deliveredBy: t.field(userById((r) => r.deliveredById)),
  }),
});

export const ComplainantFeedbackNode = builder.prismaNode('ComplainantFeedback', {
  ...complaintChildNode,
  description: 'What the complainant answered on LAPOR! to a response: satisfied (Y) closes, not satisfied (T) starts the next round.',
  fields: (t) => ({
    round: t.exposeInt('round'),
    satisfied: t.exposeBoolean('satisfied'),
    comment: t.exposeString('comment', { nullable: true }),
    recordedAt: t.expose('createdAt', { type: 'DateTime' }),
    recordedBy: t.field(userById((r) => r.recordedById)),
  }),
});
