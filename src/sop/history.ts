// The one writer of complaint history rows (the table is append-only: a trigger refuses updates).
// Only the runner calls it, inside the transaction that makes the change the row describes.
import type { Prisma } from '../generated/prisma/client.js';
import type { Localized } from '../i18n/messages.js';
import type { ActorRole, ComplaintStatus } from './vocabulary.js';
import type { HistoryAction } from './workflow.js';

export interface HistoryEntry {
  complaintId: string;
  actorId: string | null;
  actorRole: ActorRole;
  action: HistoryAction;
  fromStatus: ComplaintStatus | null;
  toStatus: ComplaintStatus;
  round: number;
  /** In the SOP's words (wording.ts), in both languages: `summary` keeps the Indonesian, `summaryEn` the English. */
  summary: Localized;
  at: Date;
}

export async function writeHistory(tx: Prisma.TransactionClient, entries: readonly HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.complaintHistory.createMany({ data: entries.map((e) => ({ ...e, summary: e.summary.id, summaryEn: e.summary.en })) });
}
