// Bundled holiday data is versioned by year. At start-up, a year present in the bundled list
// (src/calendar/holidays-id.tsv) that the database has never had (no national entry, no history of
// one) is added, each entry with a HolidayHistory row (SYSTEM, action BUNDLED, naming the source),
// and the running deadlines it moves are recomputed as a coordinator's holiday edit would. A year
// that has entries, or that a coordinator ever edited, is never touched: their edits are the truth.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HOLIDAYS_TSV_PATH, parseHolidaysTsv, type HolidayEntry } from '../calendar/holidays.js';
import { recomputeAffectedDeadlines } from '../deadlines/recompute-affected.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';

type Tx = Prisma.TransactionClient;
type Db = Pick<AppServices['db']['prisma'], '$queryRaw'> | Pick<Tx, '$queryRaw'>;

export const BUNDLED_ACTION = 'BUNDLED';
/** Serialises the import across instances starting together (any constant distinct from the migration lock). */
const BUNDLE_LOCK_KEY = 0x7475_6e68; // "tunh"

export interface BundledHolidays {
  /** Names the file (and release) the entries came from; written to each history row. */
  source: string;
  entries: HolidayEntry[];
}

const PACKAGE_VERSION = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
})();

/** The list shipped with this release, or another file (tests, or an operator's newer copy). */
export function loadBundledHolidayFile(file: string | URL = DEFAULT_HOLIDAYS_TSV_PATH): BundledHolidays {
  const filePath = file instanceof URL ? fileURLToPath(file) : file;
  const source =
    file === DEFAULT_HOLIDAYS_TSV_PATH
      ? `tuntas ${PACKAGE_VERSION} src/calendar/holidays-id.tsv`
      : `${path.basename(filePath)} (${filePath})`;
  return { source, entries: parseHolidaysTsv(readFileSync(filePath, 'utf8')) };
}

/**
 * Pure: the bundled national entries of every year the database has never had, by year. `knownYears`
 * are years with a national entry or with any history of one (a year a coordinator emptied stays empty).
 */
export function bundledYearsToAdd(entries: readonly HolidayEntry[], knownYears: ReadonlySet<number>): Map<number, HolidayEntry[]> {
  const byYear = new Map<number, HolidayEntry[]>();
  for (const e of entries) {
    if (e.kind === 'REGIONAL') continue;
    const year = Number(e.date.slice(0, 4));
    if (knownYears.has(year)) continue;
    byYear.set(year, [...(byYear.get(year) ?? []), e]);
  }
  return new Map([...byYear].sort(([a], [b]) => a - b));
}

/** Years with a national entry, or a national entry's history (before or after), in the database. */
export async function knownNationalYears(db: Db): Promise<Set<number>> {
  const rows = await (db as Tx).$queryRaw<{ year: number }[]>`
    SELECT EXTRACT(YEAR FROM "date")::int AS year FROM "Holiday"
      WHERE "agencyId" IS NULL AND "kind" IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA')
    UNION
    SELECT substr(d, 1, 4)::int FROM (
      SELECT "after"->>'date' AS d, "after"->>'kind' AS k FROM "HolidayHistory"
      UNION ALL SELECT "before"->>'date', "before"->>'kind' FROM "HolidayHistory"
    ) h WHERE d IS NOT NULL AND k IN ('LIBUR_NASIONAL', 'CUTI_BERSAMA')`;
  return new Set(rows.map((r) => Number(r.year)));
}

export interface BundledYearsReport {
  years: number[];
  holidays: number;
  recomputedComplaints: number;
}

export async function addBundledHolidayYears(
  services: Pick<AppServices, 'db' | 'calendars' | 'config' | 'clock'>,
  bundled: BundledHolidays,
): Promise<BundledYearsReport> {
  const { prisma } = services.db;
  const none: BundledYearsReport = { years: [], holidays: 0, recomputedComplaints: 0 };
  // Every start-up after the first: one query, no lock.
  if (bundledYearsToAdd(bundled.entries, await knownNationalYears(prisma)).size === 0) return none;

  try {
    return await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BUNDLE_LOCK_KEY})`;
        // Again under the lock: another instance may just have added them.
        const toAdd = bundledYearsToAdd(bundled.entries, await knownNationalYears(tx));
        if (toAdd.size === 0) return none;
        const now = services.clock.now();
        const report: BundledYearsReport = { years: [], holidays: 0, recomputedComplaints: 0 };
        for (const [year, entries] of toAdd) {
          const rows = await tx.holiday.createManyAndReturn({
            data: entries.map((h) => ({ date: new Date(`${h.date}T00:00:00Z`), kind: h.kind, name: h.name, legalBasis: h.legalBasis })),
            skipDuplicates: true,
          });
          await tx.holidayHistory.createMany({
            data: rows.map((h) => ({
              holidayId: h.id,
              actorId: null,
              actorRole: 'SYSTEM' as const,
              action: BUNDLED_ACTION,
              source: bundled.source,
              after: { date: h.date.toISOString().slice(0, 10), kind: h.kind, name: h.name, legalBasis: h.legalBasis, agencyId: null },
              at: now,
            })),
          });
          report.years.push(year);
          report.holidays += rows.length;
          const first = entries.map((e) => e.date).sort()[0]!;
          report.recomputedComplaints += await recomputeAffectedDeadlines(tx, services, {
            agencyId: null,
            fromDate: first,
            actor: { id: null, role: 'SYSTEM' },
            reason: `hari libur nasional ${year} ditambahkan dari daftar bawaan ${bundled.source}`,
          });
        }
        return report;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  } finally {
    services.calendars.invalidate();
  }
}
