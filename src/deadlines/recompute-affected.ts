// After a holiday change: recompute the running deadlines that can be affected (complaints of the
// affected agencies with a due instant at or after the changed date), inside the change's transaction,
// with a RECOMPUTE_DEADLINES history row for each complaint whose deadlines moved.
import { localDate, type WorkingCalendar } from '../calendar/calendar.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { recordDeadlinesRecomputed } from '../sop/actions/recompute-deadlines.js';
import type { ActorRole } from '../sop/vocabulary.js';
import { DEADLINE_LABELS } from '../sop/wording.js';
import type { DeadlineColumns } from './compute.js';
import type { ClockLengths } from '../clock-policy/policy.js';
import { loadClockLengths } from '../clock-policy/store.js';
import { recomputeDeadlines } from './recompute.js';
import { sqlInstant } from './sweeper.js';

type Tx = Prisma.TransactionClient;
const BATCH = 500;

/** The moved deadlines with the last counted local day before and after ("tindak lanjut 2026-03-31 → 2026-04-01"). */
function moved(before: Complaint, changed: Partial<DeadlineColumns>, cal: WorkingCalendar) {
  const day = (d: Date | null | undefined) => (d ? localDate(new Date(d.getTime() - 1), cal.timeZone) : '—');
  return (Object.keys(DEADLINE_LABELS) as (keyof typeof DEADLINE_LABELS)[])
    .filter((k) => k in changed)
    .map((k) => ({ deadline: k, before: day(before[k]), after: day(changed[k]) }));
}

export async function recomputeAffectedDeadlines(
  tx: Tx,
  services: Pick<AppServices, 'calendars' | 'config' | 'clock'>,
  opts: {
    /** null = every agency (a national holiday). */
    agencyId: string | null;
    /** The earliest date the change touches, YYYY-MM-DD (a clock policy change: every running clock). */
    fromDate: string;
    actor: { id: string | null; role: ActorRole };
    reason: string;
  },
): Promise<number> {
  const now = services.clock.now();
  // Local midnight of fromDate is at the earliest 14 hours before UTC midnight (UTC+14).
  const from = new Date(Date.parse(`${opts.fromDate}T00:00:00Z`) - 14 * 3_600_000);
  const calendars = new Map<string, WorkingCalendar>();
  const policies = new Map<string, ClockLengths>();
  let changedCount = 0;
  let cursor: string | undefined;
  for (;;) {
    // Lock first, then read: a transition running at the same moment either finished before (we see
    // its result) or waits for this change (and recomputes with the new calendar itself).
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Complaint"
      WHERE (${opts.agencyId}::uuid IS NULL OR "agencyId" = ${opts.agencyId}::uuid)
        AND ("followUpDueAt" >= ${sqlInstant(from)} OR "autoCloseAt" >= ${sqlInstant(from)} OR "ombudsmanDueAt" >= ${sqlInstant(from)}
          OR "pauseLimitAt" >= ${sqlInstant(from)})
        AND (${cursor ?? null}::uuid IS NULL OR id > ${cursor ?? null}::uuid)
      ORDER BY id
      LIMIT ${BATCH}
      FOR UPDATE`;
    const batch = await tx.complaint.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { id: 'asc' } });
    for (const c of batch) {
      let cal = calendars.get(c.agencyId);
      if (!cal) {
        // Fresh from this transaction: it includes the change being made.
        cal = await services.calendars.load(tx, c.agencyId);
        calendars.set(c.agencyId, cal);
      }
      let lengths = policies.get(c.agencyId);
      if (!lengths) {
        lengths = await loadClockLengths(tx, c.agencyId, services.config.followUpWorkingDays);
        policies.set(c.agencyId, lengths);
      }
      const { changed } = await recomputeDeadlines(tx, c, cal, lengths, services.config, now);
      if (Object.keys(changed).length === 0) continue;
      changedCount++;
      await recordDeadlinesRecomputed(tx, opts.actor, c, { reason: opts.reason, moved: moved(c, changed, cal) }, now);
    }
    if (ids.length < BATCH) break;
    cursor = ids.at(-1)!.id;
  }
  return changedCount;
}
