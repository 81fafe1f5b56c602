// Tunda: the agency waits for the reporter (more information) or a third party. The follow-up clock
// stops until RESUME; the status stays. The reason is one of fixed phrases (shown on the status
// view); the free-text note stays internal.
import { InputChecker } from '../../errors.js';
import type { PauseReason } from '../vocabulary.js';
import { TEXT_LIMITS } from '../limits.js';
import { defineStep } from '../step.js';
import { pauseSummary } from '../wording.js';

export interface PauseInput {
  reason: PauseReason;
  /** What exactly is awaited (staff only). */
  note: string;
}

export const pause = defineStep<PauseInput>({
  action: 'PAUSE',
  checkInput: (input) => new InputChecker().text('note', input.note, { max: TEXT_LIMITS.note }).throwIfAny(),
  update: (_c, input, _v, _r, _next, { now }) => ({ pausedAt: now, pauseReason: input.reason, pauseNote: input.note.trim() }),
  summary: (_c, input) => pauseSummary(input.reason, input.note.trim()),
});
