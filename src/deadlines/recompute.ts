// Keeps a complaint's stored deadline columns in line with its state. Called inside the transaction
// that changed the complaint (receipt, every workflow transition, a holiday change), so the stored
// deadlines are never out of step with the status the same commit wrote.
import type { WorkingCalendar } from '../calendar/calendar.js';
import type { ComplaintStatus } from '../complaints/workflow.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { changedColumns, planDeadlines, type DeadlineColumns, type DeadlineConfig } from './compute.js';

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
  };
}

/** Writes the columns that changed (none: no write). Returns the complaint as stored afterwards. */
export async function recomputeDeadlines(
  tx: Tx,
  complaint: Complaint,
  calendar: WorkingCalendar,
  config: DeadlineConfig,
  now: Date,
): Promise<{ complaint: Complaint; changed: Partial<DeadlineColumns> }> {
  const next = planDeadlines(
    {
      status: complaint.status as ComplaintStatus,
      round: complaint.round,
      receivedAt: complaint.receivedAt,
      responseDeliveredAt: complaint.responseDeliveredAt,
      autoCloseAt: complaint.autoCloseAt,
      autoCloseWarnedAt: complaint.autoCloseWarnedAt,
    },
    calendar,
    config,
    now,
  );
  const changed = changedColumns(storedColumns(complaint), next);
  if (Object.keys(changed).length === 0) return { complaint, changed };
  const updated = await tx.complaint.update({ where: { id: complaint.id }, data: changed });
  return { complaint: updated, changed };
}

/** The hook runTransition and receiveComplaint call: loads the agency calendar, then recomputes. */
export async function maintainDeadlines(services: Pick<AppServices, 'calendars' | 'config'>, tx: Tx, complaint: Complaint, now: Date) {
  const calendar = await services.calendars.forAgency(tx, complaint.agencyId);
  return (await recomputeDeadlines(tx, complaint, calendar, services.config, now)).complaint;
}
