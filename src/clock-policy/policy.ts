// The clock policy as data: per complaint class, the follow-up length in working days. Pure; the
// database side is in store.ts. Resolution order: the agency's row, the regency default row, the
// SOP's FOLLOW_UP_WORKING_DAYS (config).
import { COMPLAINT_CLASSES, type ComplaintClass } from '../sop/vocabulary.js';

export { classOf, COMPLAINT_CLASSES, type ComplaintClass } from '../sop/vocabulary.js';

export type ClockLengths = Record<ComplaintClass, number>;

/**
 * Documented presets. SOP: the agency's SOP gives 5 working days to every report. PERMENPANRB_62_2018:
 * the national complaint guideline's completion times, aspirasi and requests for information 5,
 * complaints without an oversight element 14, with one 60 working days.
 */
export const CLOCK_PRESETS = {
  SOP: { ASPIRASI: 5, INFORMASI: 5, LAPORAN: 5, LAPORAN_PENGAWASAN: 5 },
  PERMENPANRB_62_2018: { ASPIRASI: 5, INFORMASI: 5, LAPORAN: 14, LAPORAN_PENGAWASAN: 60 },
} as const satisfies Record<string, ClockLengths>;
export type ClockPreset = keyof typeof CLOCK_PRESETS;

/** A year of working days is plenty for any class; more is a typo. */
export const MAX_FOLLOW_UP_WORKING_DAYS = 250;

export interface PolicyRow {
  agencyId: string | null;
  complaintClass: ComplaintClass;
  followUpWorkingDays: number;
}

/** The lengths that apply to one agency, from the rows of its own and the regency default. */
export function resolveLengths(rows: readonly PolicyRow[], agencyId: string, fallback: number): ClockLengths {
  const lengths = Object.fromEntries(COMPLAINT_CLASSES.map((k) => [k, fallback])) as ClockLengths;
  for (const r of rows) if (r.agencyId === null) lengths[r.complaintClass] = r.followUpWorkingDays;
  for (const r of rows) if (r.agencyId === agencyId) lengths[r.complaintClass] = r.followUpWorkingDays;
  return lengths;
}
