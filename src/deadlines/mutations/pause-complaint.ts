// Tunda: stop the follow-up clock while waiting for the reporter or a third party (src/sop/actions/pause.ts).
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
import { pause } from '../../sop/actions/pause.js';
import { PauseReasonEnum } from '../types.js';

builder.mutationField('pauseComplaint', (t) =>
  t.prismaField({
    type: 'Complaint',
    description: stepDescription(
      pause.action,
      'Tunda: menghentikan batas waktu tindak lanjut sambil menunggu pelapor atau pihak ketiga. Saat dilanjutkan, batas waktu bergeser sebanyak hari kerja yang ditunda.',
      'Tunda: pause the follow-up clock while waiting for the reporter or a third party. The due date moves by the paused working days on resume.',
    ),
    authScopes: stepAuthScopes(pause.action),
    errors: { types: WORKFLOW_ERRORS },
    args: {
      id: t.arg.id(COMPLAINT_REF_ARG),
      expectedVersion: t.arg.int(EXPECTED_VERSION_ARG),
      reason: t.arg({ type: PauseReasonEnum }),
      note: t.arg.string({ description: 'What exactly is awaited (staff only; never shown to portals)' }),
    },
    resolve: async (query, _root, { id, expectedVersion, reason, note }, ctx) => {
      const updated = await performStepOn(ctx, pause, {
        ref: id,
        expectedVersion,
        input: { reason, note },
      });
      return reloadComplaint(ctx, query, updated.id);
    },
  }),
);
