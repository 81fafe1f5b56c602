// The clock policy's audit trail: one append-only ClockPolicyChange row per change (the database
// rejects UPDATE and DELETE). Written in the change's own transaction.
// Merge note: the administration work adds a general AdminEvent audit; this table is meant to be
// folded into it then (same fields: actor, role, action, before, after, at).
import type { Prisma } from '../generated/prisma/client.js';
import type { Role } from '../sop/vocabulary.js';

type Tx = Prisma.TransactionClient;

export interface ClockPolicyAudit {
  agencyId: string | null;
  actor: { id: string; role: Role };
  action: 'SET' | 'CLEAR' | 'PRESET';
  before: Record<string, number>;
  after: Record<string, number>;
  recomputed: number;
  at: Date;
}

export async function recordClockPolicyChange(tx: Tx, a: ClockPolicyAudit): Promise<void> {
  await tx.clockPolicyChange.create({
    data: {
      agencyId: a.agencyId,
      actorId: a.actor.id,
      actorRole: a.actor.role,
      action: a.action,
      before: a.before,
      after: a.after,
      recomputed: a.recomputed,
      at: a.at,
    },
  });
}
