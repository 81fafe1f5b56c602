// Register book numbers: per agency and year, sequential, no gaps, never reused. The counter row is
// incremented inside the registering transaction, so it stays locked until commit and a rollback
// gives the number back.
import type { Tx } from './services.js';

export function formatRegisterNumber(format: string, parts: { seq: number; code: string; year: number }): string {
  return format
    .replace(/\{seq(?::(\d+))?\}/g, (_m, width?: string) => String(parts.seq).padStart(Number(width ?? 0), '0'))
    .replace(/\{code\}/g, parts.code)
    .replace(/\{year\}/g, String(parts.year));
}

export async function nextRegisterSeq(tx: Tx, agencyId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ lastSeq: number }[]>`
    INSERT INTO "RegisterCounter" ("agencyId", "year", "lastSeq") VALUES (${agencyId}::uuid, ${year}, 1)
    ON CONFLICT ("agencyId", "year") DO UPDATE SET "lastSeq" = "RegisterCounter"."lastSeq" + 1
    RETURNING "lastSeq"`;
  return Number(rows[0]!.lastSeq);
}
