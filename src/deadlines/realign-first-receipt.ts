// Before firstReceivedAt existed, a dispatch restarted the Ombudsman clock. Migration
// first_receipt_bundled_years filled firstReceivedAt from the history; this moves the stored
// Ombudsman deadline of the reports still open after such a dispatch back to the first receipt, with
// a RECOMPUTE_DEADLINES history row. Run at start-up: the rows it reads are the open, not yet
// escalated reports whose two receipts differ (few), and for all of them after the first run it
// writes nothing.
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { AppServices } from '../services.js';
import { loadClockLengths } from '../clock-policy/store.js';
import { recordNotes } from '../sop/runner.js';
import { ombudsmanRealignedSummary } from '../sop/wording.js';
import { recomputeDeadlines } from './recompute.js';

export async function realignOmbudsmanClocks(services: Pick<AppServices, 'db' | 'calendars' | 'config' | 'clock'>): Promise<number> {
  const { prisma } = services.db;
  const now = services.clock.now();
  return prisma.$transaction(
    async (tx) => {
      const ids = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Complaint"
        WHERE "ombudsmanDueAt" IS NOT NULL AND "escalatedAt" IS NULL AND "firstReceivedAt" < "receivedAt"
        FOR UPDATE`;
      if (ids.length === 0) return 0;
      const calendars = new Map<string, WorkingCalendar>();
      let moved = 0;
      for (const c of await tx.complaint.findMany({ where: { id: { in: ids.map((r) => r.id) } } })) {
        const cal = calendars.get(c.agencyId) ?? (await services.calendars.load(tx, c.agencyId));
        calendars.set(c.agencyId, cal);
        const lengths = await loadClockLengths(tx, c.agencyId, services.config.followUpWorkingDays);
        const { changed } = await recomputeDeadlines(tx, c, cal, lengths, services.config, now);
        if (!('ombudsmanDueAt' in changed)) continue;
        moved++;
        await recordNotes(
          tx,
          { id: null, role: 'SYSTEM' },
          [{ complaint: c, action: 'RECOMPUTE_DEADLINES', summary: ombudsmanRealignedSummary() }],
          now,
        );
      }
      return moved;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}
