// What return, archive and restore share: one required free text (a reason or a note) that goes
// into the history and, as `reason`, to the workflow's guard.
import { InputChecker } from '../../errors.js';
import { TEXT_LIMITS } from '../limits.js';

export interface ReasonInput {
  text: string;
}

export function checkReason(field: 'reason' | 'note') {
  return (input: ReasonInput) => new InputChecker().text(field, input.text, { max: TEXT_LIMITS[field] }).throwIfAny();
}

export const reasonContext = (input: ReasonInput) => ({ reason: input.text.trim() });
