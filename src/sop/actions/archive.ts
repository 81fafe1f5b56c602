// The admin archives a duplicate or spam report before it is disposed, with the reason; the status
// it had is kept so the head can restore it.
import { defineStep } from '../step.js';
import { archiveSummary } from '../wording.js';
import { checkReason, reasonContext, type ReasonInput } from './reasoned.js';

export const archive = defineStep<ReasonInput>({
  action: 'ARCHIVE',
  checkInput: checkReason('reason'),
  context: reasonContext,
  update: (c) => ({ statusBeforeArchive: c.status }),
  summary: (_c, input) => archiveSummary(input.text.trim()),
});
