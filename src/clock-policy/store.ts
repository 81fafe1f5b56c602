// Reading the clock policy inside a transaction (the deadline keeper calls it with every change).
import { forgetInTransaction, onceInTransaction } from '../db/tx-memo.js';
import type { Prisma } from '../generated/prisma/client.js';
import { resolveLengths, type ClockLengths } from './policy.js';

type Tx = Prisma.TransactionClient;

const KEY = 'clock-policy:';

/**
 * The follow-up lengths per class that apply to an agency (its rows over the regency's, over `fallback`).
 * Read once per transaction and agency: a transition needs them before and after its row write, a
 * batch or a replay for every row; the next transaction reads them again, so a policy change is seen
 * by the next write.
 */
export function loadClockLengths(tx: Tx, agencyId: string, fallback: number): Promise<ClockLengths> {
  return onceInTransaction(tx, `${KEY}${agencyId}:${fallback}`, async () => {
    const rows = await tx.clockPolicy.findMany({
      where: { OR: [{ agencyId }, { agencyId: null }] },
      select: { agencyId: true, complaintClass: true, followUpWorkingDays: true },
    });
    // Shared by the callers of this transaction: nobody may change it.
    return Object.freeze(resolveLengths(rows, agencyId, fallback));
  });
}

/** After this transaction wrote clock policy rows: its later reads see them. */
export function clockPolicyWritten(tx: Tx): void {
  forgetInTransaction(tx, KEY);
}
