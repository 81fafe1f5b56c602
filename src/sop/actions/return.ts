// "Bukan wewenang": the report is not this agency's authority. The admin sends it back to the
// regency team (COORDINATOR), who can dispatch it to the right agency.
import { defineStep } from '../step.js';
import { returnSummary } from '../wording.js';
import { checkReason, reasonContext, type ReasonInput } from './reasoned.js';

export const returnComplaint = defineStep<ReasonInput>({
  action: 'RETURN',
  checkInput: checkReason('reason'),
  context: reasonContext,
  summary: (_c, input) => returnSummary(input.text.trim()),
});
