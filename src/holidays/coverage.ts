// Working days are only right for years whose national holidays have been entered. The bundled list
// ends with the last published joint decree (SKB 3 Menteri); when open deadlines can reach a year that
// has none, every weekday there would count as a working day, so the service says so loudly.
import type { PrismaClient } from '../db/database.js';
import { builder } from '../graphql/builder.js';

/** How far ahead a deadline can fall: 60 calendar days (Ombudsman) plus room for warnings. */
export const COVERAGE_HORIZON_DAYS = 120;

/** Years between now and the horizon (inclusive) with no national holiday entered. */
export function missingHolidayYears(coveredYears: readonly number[], now: Date, horizonDays = COVERAGE_HORIZON_DAYS): number[] {
  const first = now.getUTCFullYear();
  const last = new Date(now.getTime() + horizonDays * 86_400_000).getUTCFullYear();
  const missing: number[] = [];
  for (let y = first; y <= last; y++) if (!coveredYears.includes(y)) missing.push(y);
  return missing;
}

export async function nationalHolidayYears(prisma: PrismaClient): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ year: number }[]>`
    SELECT DISTINCT EXTRACT(YEAR FROM "date")::int AS year FROM "Holiday"
    WHERE "agencyId" IS NULL AND "kind" IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA') ORDER BY 1`;
  return rows.map((r) => Number(r.year));
}

export function coverageWarning(missing: readonly number[]): string | null {
  if (missing.length === 0) return null;
  return `No national holidays (libur nasional / cuti bersama) are entered for ${missing.join(', ')}: deadlines falling there count every weekday as a working day. The COORDINATOR should enter the SKB 3 Menteri list (createHoliday).`;
}

const HolidayCoverage = builder.objectRef<{ coveredYears: number[]; missingYears: number[] }>('HolidayCoverage').implement({
  description: 'Whether the holiday calendar covers every year that open deadlines can reach.',
  fields: (t) => ({
    coveredYears: t.exposeIntList('coveredYears', { description: 'Years with national holidays entered' }),
    missingYears: t.exposeIntList('missingYears', { description: `Years within ${COVERAGE_HORIZON_DAYS} days from now with none` }),
    warning: t.string({ nullable: true, resolve: (c) => coverageWarning(c.missingYears) }),
  }),
});

builder.queryField('holidayCoverage', (t) =>
  t.field({
    type: HolidayCoverage,
    description: 'Is the holiday calendar complete for the coming deadlines? (Enter each new SKB 3 Menteri in time.)',
    authScopes: { signedIn: true },
    resolve: async (_r, _a, ctx) => {
      const coveredYears = await nationalHolidayYears(ctx.services.db.prisma);
      return { coveredYears, missingYears: missingHolidayYears(coveredYears, ctx.services.clock.now()) };
    },
  }),
);
