// History summaries in the SOP's own wording: what the head of the agency reads in a complaint's
// history. Each is rendered from the one catalogue (src/i18n/messages.ts) in Bahasa Indonesia (the
// legal record, `summary`) and English (`summaryEn`), both stored with the row. Pure; the mutations
// pass in names and values they already loaded.
import {
  DEADLINE_LABELS as DEADLINE_LABELS_BY_LOCALE,
  type Localized,
  msg,
  PAUSE_PHRASES as PAUSE_PHRASES_BY_LOCALE,
  renderBoth,
} from '../i18n/messages.js';
import { formatLocalDateTime } from '../calendar/local-time.js';
import type { ComplaintStatus } from './vocabulary.js';
import type { PauseReason } from './vocabulary.js';

export type { Localized } from '../i18n/messages.js';

export { excerpt } from '../i18n/messages.js';

export { formatLocalDateTime } from '../calendar/local-time.js';

export function receiveSummary(d: { trackingId: string; viaPortal: string | null }): Localized {
  return renderBoth(msg('history.receive', d));
}

export function registerSummary(registerNumber: string): Localized {
  return renderBoth(msg('history.register', { registerNumber }));
}

export function disposeSummary(d: { divisionNames: string[]; instructions: string[]; priority: string }): Localized {
  return renderBoth(msg('history.dispose', d));
}

export function formulateSummary(d: { divisionName: string; round: number; allFormulated: boolean }): Localized {
  return renderBoth(msg('history.formulate', d));
}

export function resultSummary(d: { divisionName: string; round: number; evidenceCount: number; allReported: boolean }): Localized {
  return renderBoth(msg('history.result', d));
}

export function compileSummary(d: { round: number; divisionCount: number; fromResults: boolean }): Localized {
  return renderBoth(msg('history.compile', d));
}

export function deliverSummary(d: { postedAt: Date; timeZone: string; laporReference: string | null }): Localized {
  return renderBoth(msg('history.deliver', { postedAt: formatLocalDateTime(d.postedAt, d.timeZone), laporReference: d.laporReference }));
}

export function feedbackSummary(d: { satisfied: boolean; nextRound: number; comment: string | null }): Localized {
  return renderBoth(msg('history.feedback', d));
}

export function returnSummary(reason: string): Localized {
  return renderBoth(msg('history.return', { reason }));
}

export function dispatchSummary(d: {
  fromAgency: string;
  toAgency: string;
  oldRegisterNumber: string | null;
  note: string | null;
}): Localized {
  return renderBoth(msg('history.dispatch', d));
}

export function archiveSummary(reason: string): Localized {
  return renderBoth(msg('history.archive', { reason }));
}

export function restoreSummary(d: { to: ComplaintStatus; note: string }): Localized {
  return renderBoth(msg('history.restore', d));
}

export function autoCloseSummary(workingDays: number): Localized {
  return renderBoth(msg('history.autoClose', { workingDays }));
}

export function escalationSummary(d: { length: number; unit: 'CALENDAR_DAYS' | 'WORKING_DAYS' }): Localized {
  return renderBoth(msg('history.escalation', d));
}

/** The deadlines a recomputation can move (their Indonesian names; the catalogue has both). */
export const DEADLINE_LABELS = DEADLINE_LABELS_BY_LOCALE.id;

/** The fixed phrase of a pause reason: what the status view and the history say (never the free text). */
export const PAUSE_PHRASES = PAUSE_PHRASES_BY_LOCALE.id;

export function pauseSummary(reason: PauseReason, note: string): Localized {
  return renderBoth(msg('history.pause', { reason, note }));
}

export function resumeSummary(pausedWorkingDays: number): Localized {
  return renderBoth(msg('history.resume', { days: pausedWorkingDays }));
}

export function extendSummary(workingDays: number, reason: string): Localized {
  return renderBoth(msg('history.extend', { workingDays, reason }));
}

type ClassName = 'ASPIRASI' | 'INFORMASI' | 'LAPORAN' | 'LAPORAN_PENGAWASAN';

export function reclassifySummary(from: ClassName, to: ClassName, reason: string): Localized {
  return renderBoth(msg('history.reclassify', { from, to, reason }));
}

/** `moved`: each changed deadline with its last counted local day before and after ("—" = none). */
export function recomputeSummary(d: {
  reason: string;
  moved: readonly { deadline: keyof typeof DEADLINE_LABELS; before: string; after: string }[];
}): Localized {
  return renderBoth(msg('history.recompute', d));
}

/** Start-up correction: a report dispatched before firstReceivedAt existed got its Ombudsman clock back. */
export function ombudsmanRealignedSummary(): Localized {
  return renderBoth(msg('history.ombudsmanRealigned'));
}
