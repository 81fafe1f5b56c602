// The demo variant of the install-time PGlite template (src/db/pglite-template.ts): the template plus
// what a first demo start seeds that does not depend on the clock (reference data, the bundled national
// holidays, the demo organisation and its users), so that start only replays the demo complaints, whose
// history is placed relative to the clock (src/deadlines/demo-seed.ts). Built by `npm run db:template`
// (postinstall) right after the template; without it a demo start seeds everything itself, as before.
import { cpSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { DEMO_DATA_DIR, type Template } from '../db/pglite-template.js';
import { createCalendarProvider } from '../deadlines/calendar-provider.js';
import { seedReferenceData } from '../deadlines/reference-data.js';
import { addBundledHolidayYears, loadBundledHolidayFile } from '../holidays/bundled-years.js';
import { seedDemoData } from '../seed/demo.js';

/** Builds <template folder>/pgdata-demo from the template's database (replacing it once complete). */
export async function buildDemoTemplate(template: Template): Promise<string> {
  const target = path.join(path.dirname(template.dataDir), DEMO_DATA_DIR);
  const tmp = `${target}.build-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    cpSync(template.dataDir, tmp, { recursive: true });
    const db = await openDatabase({ databaseUrl: null, dataDir: tmp });
    try {
      // The defaults, not the environment of whoever installs: the folder is the same for every start.
      const config = loadConfig({});
      await seedReferenceData(db.prisma);
      await addBundledHolidayYears({ db, config, clock: systemClock, calendars: createCalendarProvider() }, loadBundledHolidayFile());
      if (!(await seedDemoData(db.prisma))) throw new Error('the template is not empty');
      // Nothing left in the WAL to replay when a copy is opened.
      await db.withSession((s) => s.exec('CHECKPOINT'));
    } finally {
      await db.close();
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
    return target;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
