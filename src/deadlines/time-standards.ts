/**
 * SOP time standards ("Mutu Baku"): the elapsed working time of every step of every complaint,
 * measured from its history, and the per-step / per-division summary. Pure.
 *
 * How a step is measured (working time = office hours of working days, workingTimeBetween):
 * - step 1 (receive): from LAPOR!'s dispatch (dispatchedAt) to the agency's receipt (receivedAt);
 * - steps 2, 3, 6, 7: from the previous workflow history row to this step's row;
 * - step 4 (formulate, one row per division): from the previous workflow row; its division is the
 *   k-th follow-up plan of the round for the k-th formulation row;
 * - step 5 (result, one row per division): from that division's formulation (step 4) in the same
 *   round, so parallel divisions are each measured from their own start.
 * Rows that are not SOP steps (feedback, return, archive...) still end the previous interval;
 * deadline bookkeeping rows (recompute, Ombudsman, tunda, extension, reclassification) are ignored.
 * A step done after the head extended the follow-up deadline in its round is `extended`: the
 * summary counts those separately (within / over the standard are over the other steps).
 */
import { workingTimeBetween, type WorkingCalendar } from '../calendar/calendar.js';
import { SOP_STEP, type HistoryAction, type WorkflowAction } from '../sop/workflow.js';

export interface HistoryRow {
  action: HistoryAction;
  round: number;
  at: Date;
}

export interface StepMeasurement {
  step: number;
  /** Steps 4 and 5 belong to a division; the others to the agency as a whole (null). */
  divisionId: string | null;
  /** The instant the step was done (its history row), which decides the report period. */
  at: Date;
  minutes: number;
  /** Done after the follow-up deadline was extended in the step's round. */
  extended: boolean;
}

const IGNORED = new Set(['ESCALATE_TO_OMBUDSMAN', 'RECOMPUTE_DEADLINES', 'PAUSE', 'RESUME', 'EXTEND_FOLLOW_UP', 'RECLASSIFY']);

export function measureSteps(
  complaint: { dispatchedAt: Date; receivedAt: Date },
  history: readonly HistoryRow[],
  /** Division ids of the follow-up plans / results per round, in creation order. */
  divisions: { plans: ReadonlyMap<number, readonly string[]>; results: ReadonlyMap<number, readonly string[]> },
  cal: WorkingCalendar,
): StepMeasurement[] {
  const minutes = (a: Date, b: Date) => workingTimeBetween(a, b, cal) / 60_000;
  const out: StepMeasurement[] = [
    {
      step: 1,
      divisionId: null,
      at: complaint.receivedAt,
      minutes: minutes(complaint.dispatchedAt, complaint.receivedAt),
      extended: false,
    },
  ];
  const extendedRounds = new Set<number>();
  let prev: HistoryRow | null = null;
  const formulatedAt = new Map<string, Date>(); // `${round}:${division}` → when step 4 was done
  const seen = new Map<string, number>(); // `${round}:${action}` → how many rows so far
  for (const row of history) {
    if (row.action === 'EXTEND_FOLLOW_UP') extendedRounds.add(row.round);
    if (IGNORED.has(row.action)) continue;
    const step = row.action in SOP_STEP ? SOP_STEP[row.action as WorkflowAction] : null;
    const key = `${row.round}:${row.action}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    if (step !== null && step > 1 && prev) {
      let divisionId: string | null = null;
      let start = prev.at;
      if (step === 4) {
        divisionId = divisions.plans.get(row.round)?.[k] ?? null;
        if (divisionId) formulatedAt.set(`${row.round}:${divisionId}`, row.at);
      } else if (step === 5) {
        divisionId = divisions.results.get(row.round)?.[k] ?? null;
        start = (divisionId && formulatedAt.get(`${row.round}:${divisionId}`)) || prev.at;
      }
      out.push({ step, divisionId, at: row.at, minutes: minutes(start, row.at), extended: extendedRounds.has(row.round) });
    }
    prev = row;
  }
  return out;
}

export interface Standard {
  step: number;
  activity: string;
  minMinutes: number;
  maxMinutes: number;
}

export interface StepSummary {
  step: number;
  divisionId: string | null;
  count: number;
  /** At most the standard's maximum (a step faster than the minimum is still within it). */
  withinStandard: number;
  overStandard: number;
  /** Done under an extended deadline: counted here, not in within / over. */
  extended: number;
  medianMinutes: number | null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Groups measurements by (step, division) — or by step only with `byDivision: false`. */
export function summarise(
  measurements: readonly StepMeasurement[],
  standards: ReadonlyMap<number, Standard>,
  byDivision: boolean,
): StepSummary[] {
  const groups = new Map<string, { step: number; divisionId: string | null; minutes: number[]; regular: number[] }>();
  for (const m of measurements) {
    const divisionId = byDivision ? m.divisionId : null;
    const key = `${m.step}:${divisionId ?? ''}`;
    const g = groups.get(key) ?? { step: m.step, divisionId, minutes: [], regular: [] };
    g.minutes.push(m.minutes);
    if (!m.extended) g.regular.push(m.minutes);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.step - b.step || (a.divisionId ?? '').localeCompare(b.divisionId ?? ''))
    .map((g) => {
      const max = standards.get(g.step)?.maxMinutes ?? Infinity;
      const over = g.regular.filter((m) => m > max).length;
      const med = median(g.minutes);
      return {
        step: g.step,
        divisionId: g.divisionId,
        count: g.minutes.length,
        withinStandard: g.regular.length - over,
        overStandard: over,
        extended: g.minutes.length - g.regular.length,
        medianMinutes: med === null ? null : Math.round(med * 10) / 10,
      };
    });
}
