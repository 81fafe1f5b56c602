// Reading the clock policy inside a transaction (the deadline keeper calls it with every change).
import type { Prisma } from '../generated/prisma/client.js';
import { resolveLengths, type ClockLengths } from './policy.js';

type Tx = Prisma.TransactionClient;

/** The follow-up lengths per class that apply to an agency (its rows over the regency's, over `fallback`). */
export async function loadClockLengths(tx: Tx, agencyId: string, fallback: number): Promise<ClockLengths> {
  const rows = await tx.clockPolicy.findMany({
    where: { OR: [{ agencyId }, { agencyId: null }] },
    select: { agencyId: true, complaintClass: true, followUpWorkingDays: true },
  });
  return resolveLengths(rows, agencyId, fallback);
}
