// The head overrules an archiving: the report goes back to the status it had before, with a note
// saying why (the decision is audited like the archiving was).
import { defineStep } from '../step.js';
import type { ComplaintStatus } from '../vocabulary.js';
import { restoreSummary } from '../wording.js';
import { checkReason, reasonContext, type ReasonInput } from './reasoned.js';

export const restore = defineStep<ReasonInput>({
  action: 'RESTORE',
  checkInput: checkReason('note'),
  context: reasonContext,
  update: () => ({ statusBeforeArchive: null }),
  // The workflow refuses a restore without a valid previous status, so it is set here.
  summary: (c, input) => restoreSummary({ to: c.statusBeforeArchive as ComplaintStatus, note: input.text.trim() }),
});
