// After a holiday change: recompute the running deadlines that can be affected (complaints of the
// affected agencies with a due instant at or after the changed date), inside the change's transaction,
// with a RECOMPUTE_DEADLINES history row for each complaint whose deadlines moved.
import { localDate, type WorkingCalendar } from '../calendar/calendar.js';
import type { ActorRole } from '../complaints/workflow.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import type { DeadlineColumns } from './compute.js';
import { recomputeDeadlines } from './recompute.js';
import { sqlInstant } from './sweeper.js';

type Tx = Prisma.TransactionClient;
const BATCH = 500;

const LABELS: Partial<Record<keyof DeadlineColumns, string>> = {
  followUpDueAt: 'tindak lanjut',
  autoCloseAt: 'tutup otomatis',
  ombudsmanDueAt: 'Ombudsman',
};

/** "tindak lanjut 2026-03-31 → 2026-04-01": the last counted local day, before and after. */
function describe(before: Complaint, changed: Partial<DeadlineColumns>, cal: WorkingCalendar): string {
  const day = (d: Date | null) => (d ? localDate(new Date(d.getTime() - 1), cal.timeZone) : '—');
  return (Object.keys(LABELS) as (keyof DeadlineColumns)[])
    .filter((k) => k in changed)
    .map((k) => `${LABELS[k]} ${day(before[k] as Date | null)} → ${day(changed[k] as Date | null)}`)
    .join(', ');
}

export async function recomputeAffectedDeadlines(
  tx: Tx,
  services: Pick<AppServices, 'calendars' | 'config' | 'clock'>,
  opts: {
    /** null = every agency (a national holiday). */
    agencyId: string | null;
    /** The earliest date the change touches, YYYY-MM-DD. */
    fromDate: string;
    actor: { id: string | null; role: ActorRole };
    reason: string;
  },
): Promise<number> {
  const now = services.clock.now();
  // Local midnight of fromDate is at the earliest 14 hours before UTC midnight (UTC+14).
  const from = new Date(Date.parse(`${opts.fromDate}T00:00:00Z`) - 14 * 3_600_000);
  const calendars = new Map<string, WorkingCalendar>();
  let changedCount = 0;
  let cursor: string | undefined;
  for (;;) {
    // Lock first, then read: a transition running at the same moment either finished before (we see
    // its result) or waits for this change (and recomputes with the new calendar itself).
    const ids = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Complaint"
      WHERE (${opts.agencyId}::uuid IS NULL OR "agencyId" = ${opts.agencyId}::uuid)
        AND ("followUpDueAt" >= ${sqlInstant(from)} OR "autoCloseAt" >= ${sqlInstant(from)} OR "ombudsmanDueAt" >= ${sqlInstant(from)})
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
      const { changed } = await recomputeDeadlines(tx, c, cal, services.config, now);
      if (Object.keys(changed).length === 0) continue;
      changedCount++;
      await tx.complaintHistory.create({
        data: {
          complaintId: c.id,
          actorId: opts.actor.id,
          actorRole: opts.actor.role,
          action: 'RECOMPUTE_DEADLINES',
          fromStatus: c.status,
          toStatus: c.status,
          round: c.round,
          summary: `Batas waktu dihitung ulang (${opts.reason})${describe(c, changed, cal) ? `: ${describe(c, changed, cal)}` : ''}`,
          at: now,
        },
      });
    }
    if (ids.length < BATCH) break;
    cursor = ids.at(-1)!.id;
  }
  return changedCount;
}
