// Start-up, database part: open (or take) the database, apply pending migrations, then seed what an
// empty database needs (reference data, the demo on an embedded one).
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { seedDemoDeadlines } from '../deadlines/demo-seed.js';
import { seedReferenceData } from '../deadlines/reference-data.js';
import { realignOmbudsmanClocks } from '../deadlines/realign-first-receipt.js';
import { addBundledHolidayYears, loadBundledHolidayFile } from '../holidays/bundled-years.js';
import { coverageWarning, missingHolidayYears, nationalHolidayYears } from '../holidays/coverage.js';
import { seedDemoData } from '../seed/demo.js';
import type { AppServices } from '../services.js';

/** The database with every migration applied. A database opened here is closed again if that fails. */
export async function openMigratedDatabase(
  config: Config,
  log: Logger,
  opts: { db?: Database; opening?: Promise<Database>; onQuery?: (sql: string) => void },
): Promise<Database> {
  const db =
    opts.db ??
    (await (opts.opening ??
      openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, demo: config.seedDemo, onQuery: opts.onQuery })));
  try {
    const report = await db.withSession((s) => applyMigrations(s));
    log.info({ applied: report.applied, alreadyApplied: report.alreadyApplied, database: db.kind }, 'migrations checked');
  } catch (err) {
    if (!opts.db) await db.close();
    throw err;
  }
  return db;
}

/** Reference data, the holiday-coverage warning, and the demo on an empty embedded database. */
export async function seedStartupData(services: AppServices, opts: { bundledHolidaysFile?: string | URL } = {}): Promise<void> {
  const { db, log, config, clock } = services;
  const reference = await seedReferenceData(db.prisma);
  if (reference.timeStandards > 0) log.info(reference, 'reference data seeded');
  // Years in the bundled holiday list that the database never had (a new release's SKB 3 Menteri list).
  const bundled = await addBundledHolidayYears(services, loadBundledHolidayFile(opts.bundledHolidaysFile));
  if (bundled.years.length > 0) log.info(bundled, 'bundled national holidays added for years the database did not have');
  const realigned = await realignOmbudsmanClocks(services);
  if (realigned > 0) log.info({ complaints: realigned }, 'Ombudsman deadlines moved back to the first receipt in the regency');
  const missingYears = missingHolidayYears(await nationalHolidayYears(db.prisma), clock.now());
  if (missingYears.length > 0) log.warn({ missingYears }, coverageWarning(missingYears)!);

  if (config.seedDemo && db.kind === 'pglite') {
    // A first start from the template's demo variant has the organisation and users already (built at
    // install, src/server/demo-template.ts); the complaints are placed relative to the clock, so now.
    const seeded = (await seedDemoData(db.prisma)) || db.origin === 'demo-template';
    if (seeded) {
      await seedDemoDeadlines(services);
      log.info('demo data seeded (empty embedded database)');
    }
  }
}
