// Keeps a complaint's stored deadline columns in line with its state. Called inside the transaction
// that changed the complaint (receipt, every workflow transition, a holiday change), so the stored
// deadlines are never out of step with the status the same commit wrote.
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { DeadlineKeeper } from '../sop/services.js';
import type { ComplaintStatus } from '../sop/vocabulary.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { classOf, type ClockLengths } from '../clock-policy/policy.js';
import { loadClockLengths } from '../clock-policy/store.js';
import {
  changedColumns,
  pausedWorkingDaysBetween,
  planDeadlines,
  type DeadlineColumns,
  type DeadlineConfig,
  type DeadlineFacts,
} from './compute.js';

type Tx = Prisma.TransactionClient;

export function storedColumns(c: Complaint): DeadlineColumns {
  return {
    followUpDueAt: c.followUpDueAt,
    followUpWarnAt: c.followUpWarnAt,
    autoCloseAt: c.autoCloseAt,
    autoCloseWarnAt: c.autoCloseWarnAt,
    autoCloseWarnedAt: c.autoCloseWarnedAt,
    ombudsmanDueAt: c.ombudsmanDueAt,
    ombudsmanWarnAt: c.ombudsmanWarnAt,
    pauseLimitAt: c.pauseLimitAt,
  };
}

function factsOf(c: Complaint, lengths: ClockLengths): DeadlineFacts {
  return {
    followUpWorkingDays: lengths[classOf(c)],
    pausedAt: c.pausedAt,
    pausedWorkingDays: c.pausedWorkingDays,
    followUpExtensionDays: c.followUpExtensionDays,
    status: c.status as ComplaintStatus,
    round: c.round,
    receivedAt: c.receivedAt,
    firstReceivedAt: c.firstReceivedAt,
    responseDeliveredAt: c.responseDeliveredAt,
    autoCloseAt: c.autoCloseAt,
    autoCloseWarnedAt: c.autoCloseWarnedAt,
  };
}

/**
 * The deadline columns to write along with a status update that has not happened yet (`next` = the
 * row as it will be), so a transition writes the complaint row once. maintainDeadlines afterwards
 * catches anything the step changed by other means.
 */
export async function deadlineChangesFor(services: Pick<AppServices, 'calendars' | 'config'>, tx: Tx, next: Complaint, now: Date) {
  const calendar = await services.calendars.forAgency(tx, next.agencyId);
  const lengths = await loadClockLengths(tx, next.agencyId, services.config.followUpWorkingDays);
  return changedColumns(storedColumns(next), planDeadlines(factsOf(next, lengths), calendar, services.config, now));
}

/** Writes the columns that changed (none: no write). Returns the complaint as stored afterwards. */
export async function recomputeDeadlines(
  tx: Tx,
  complaint: Complaint,
  calendar: WorkingCalendar,
  lengths: ClockLengths,
  config: DeadlineConfig,
  now: Date,
): Promise<{ complaint: Complaint; changed: Partial<DeadlineColumns> }> {
  const next = planDeadlines(factsOf(complaint, lengths), calendar, config, now);
  const changed = changedColumns(storedColumns(complaint), next);
  if (Object.keys(changed).length === 0) return { complaint, changed };
  const updated = await tx.complaint.update({ where: { id: complaint.id }, data: changed });
  return { complaint: updated, changed };
}

/** Loads the agency calendar, then recomputes. */
export async function maintainDeadlines(services: Pick<AppServices, 'calendars' | 'config'>, tx: Tx, complaint: Complaint, now: Date) {
  const calendar = await services.calendars.forAgency(tx, complaint.agencyId);
  const lengths = await loadClockLengths(tx, complaint.agencyId, services.config.followUpWorkingDays);
  return (await recomputeDeadlines(tx, complaint, calendar, lengths, services.config, now)).complaint;
}

/** Each distinct agency's calendar and clock lengths, read once for a batch of rows. */
async function agencyInputs(services: Pick<AppServices, 'calendars' | 'config'>, tx: Tx, rows: readonly Complaint[]) {
  const out = new Map<string, { calendar: WorkingCalendar; lengths: ClockLengths }>();
  for (const agencyId of new Set(rows.map((r) => r.agencyId))) {
    const calendar = await services.calendars.forAgency(tx, agencyId);
    out.set(agencyId, { calendar, lengths: await loadClockLengths(tx, agencyId, services.config.followUpWorkingDays) });
  }
  return out;
}

/** The DeadlineKeeper the SOP runner calls with every change (AppServices.deadlines). */
export function createDeadlineKeeper(services: Pick<AppServices, 'calendars' | 'config'>): DeadlineKeeper {
  return {
    changesFor: (tx, next, now) => deadlineChangesFor(services, tx, next, now),
    maintain: (tx, complaint, now) => maintainDeadlines(services, tx, complaint, now),
    async changesForMany(tx, rows, now) {
      const inputs = await agencyInputs(services, tx, rows);
      return rows.map((next) => {
        const { calendar, lengths } = inputs.get(next.agencyId)!;
        return changedColumns(storedColumns(next), planDeadlines(factsOf(next, lengths), calendar, services.config, now));
      });
    },
    async maintainMany(tx, rows, now) {
      const inputs = await agencyInputs(services, tx, rows);
      const out: Complaint[] = [];
      for (const c of rows) {
        const { calendar, lengths } = inputs.get(c.agencyId)!;
        out.push((await recomputeDeadlines(tx, c, calendar, lengths, services.config, now)).complaint);
      }
      return out;
    },
    pausedWorkingDays: async (tx, complaint, resumedAt) => {
      if (!complaint.pausedAt) return 0;
      const calendar = await services.calendars.forAgency(tx, complaint.agencyId);
      return pausedWorkingDaysBetween(complaint.pausedAt, resumedAt, calendar);
    },
  };
}
