// The end of a tunda (src/sop/actions/resume.ts).
import { staffActor } from '../../complaints/actor.js';
import { reloadComplaint, stepAuthScopes } from '../../complaints/mutations/step.js';
import { ComplaintNode } from '../../complaints/types.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { resume } from '../../sop/actions/resume.js';
import { performStep } from '../../sop/step.js';

builder.mutationField('resumeComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: 'End a tunda: the follow-up clock runs again, its due date moved by the working days paused.',
    authScopes: stepAuthScopes(resume.action),
    errors: { types: WORKFLOW_ERRORS },
    args: { id: t.arg.globalID({ for: ComplaintNode }), expectedVersion: t.arg.int() },
    resolve: async (query, _root, { id, expectedVersion }, ctx) => {
      const updated = await performStep(ctx.services, staffActor(ctx.viewer), resume, { complaintId: id.id, expectedVersion, input: {} });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
