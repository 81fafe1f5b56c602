// The end of a tunda (src/sop/actions/resume.ts).
import {
  COMPLAINT_REF_ARG,
  EXPECTED_VERSION_ARG,
  performStepOn,
  reloadComplaint,
  stepAuthScopes,
  stepDescription,
} from '../../complaints/mutations/step.js';
import { builder } from '../../graphql/builder.js';
import { WORKFLOW_ERRORS } from '../../graphql/error-types.js';
import { resume } from '../../sop/actions/resume.js';

builder.mutationField('resumeComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      resume.action,
      'Mengakhiri tunda: batas waktu tindak lanjut berjalan lagi, bergeser sebanyak hari kerja yang ditunda.',
      'End a tunda: the follow-up clock runs again, its due date moved by the working days paused.',
    ),
    authScopes: stepAuthScopes(resume.action),
    errors: { types: WORKFLOW_ERRORS },
    args: { id: t.arg.id(COMPLAINT_REF_ARG), expectedVersion: t.arg.int(EXPECTED_VERSION_ARG) },
    resolve: async (query, _root, { id, expectedVersion }, ctx) => {
      const updated = await performStepOn(ctx, resume, { ref: id, expectedVersion, input: {} });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
