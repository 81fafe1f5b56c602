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

/**
 * Where each year's national entries came from: `bundled` = added from the list shipped with tuntas
 * (BUNDLED history rows, src/holidays/bundled-years.ts), `edited` = a user created, changed or deleted
 * a national entry of that year (its before or after date). A year can be both.
 */
export async function holidayYearOrigins(prisma: PrismaClient): Promise<{ bundledYears: number[]; editedYears: number[] }> {
  const rows = await prisma.$queryRaw<{ year: number; bundled: boolean }[]>`
    SELECT DISTINCT substr(d, 1, 4)::int AS year, action = 'BUNDLED' AS bundled FROM (
      SELECT "after"->>'date' AS d, "after"->>'kind' AS k, action FROM "HolidayHistory"
      UNION ALL SELECT "before"->>'date', "before"->>'kind', action FROM "HolidayHistory"
    ) h WHERE d IS NOT NULL AND k IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA') ORDER BY 1`;
  return {
    bundledYears: rows.filter((r) => r.bundled).map((r) => Number(r.year)),
    editedYears: rows.filter((r) => !r.bundled).map((r) => Number(r.year)),
  };
}

export function coverageWarning(missing: readonly number[]): string | null {
  if (missing.length === 0) return null;
  return `No national holidays (libur nasional / cuti bersama) are entered for ${missing.join(', ')}: deadlines falling there count every weekday as a working day. The COORDINATOR should enter the SKB 3 Menteri list (createHoliday).`;
}

const HolidayCoverage = builder
  .objectRef<{ coveredYears: number[]; missingYears: number[]; bundledYears: number[]; editedYears: number[] }>('HolidayCoverage')
  .implement({
    description: 'Whether the holiday calendar covers every year that open deadlines can reach.',
    fields: (t) => ({
      coveredYears: t.exposeIntList('coveredYears', { description: 'Years with national holidays entered' }),
      missingYears: t.exposeIntList('missingYears', { description: `Years within ${COVERAGE_HORIZON_DAYS} days from now with none` }),
      bundledYears: t.exposeIntList('bundledYears', {
        description:
          'Years whose national holidays were added from the list bundled with tuntas (at start-up, only into a year the database did not have)',
      }),
      editedYears: t.exposeIntList('editedYears', {
        description: 'Years in which the coordinator entered, changed or deleted national holidays (a new bundled list never touches them)',
      }),
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
      return {
        coveredYears,
        missingYears: missingHolidayYears(coveredYears, ctx.services.clock.now()),
        ...(await holidayYearOrigins(ctx.services.db.prisma)),
      };
    },
  }),
);
