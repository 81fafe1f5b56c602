// GraphQL enums of the clock vocabulary (src/sop/vocabulary.ts).
import { builder } from '../graphql/builder.js';
import { COMPLAINT_CLASSES, PAUSE_REASONS } from '../sop/vocabulary.js';

export const ComplaintClassEnum = builder.enumType('ComplaintClass', {
  description: 'The kind, and for LAPORAN whether it has an oversight element (berkadar pengawasan); the clock policy is set per class.',
  values: COMPLAINT_CLASSES,
});

export const PauseReasonEnum = builder.enumType('PauseReason', {
  description: 'Why a report is paused (tunda); the status view shows a fixed phrase for it.',
  values: PAUSE_REASONS,
});
