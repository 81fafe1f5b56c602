// `npm run import -- complaints FILE ...`: see src/import/command.ts. Runs against DATABASE_URL or the
// embedded database in DATA_DIR (stop the server first: embedded PGlite has one user at a time).
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCalendarProvider } from '../src/deadlines/calendar-provider.js';
import { createDeadlineKeeper } from '../src/deadlines/recompute.js';
import { runImportCommand } from '../src/import/command.js';
import { createLogger } from '../src/logger.js';
import { openMigratedDatabase } from '../src/server/database.js';

const config = loadConfig({
  ...process.env,
  JWT_SECRET: process.env.JWT_SECRET || 'x'.repeat(32),
  LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
});
const log = createLogger(config);
const db = await openMigratedDatabase(config, log, {});
const calendars = createCalendarProvider();
try {
  process.exitCode = await runImportCommand(
    process.argv.slice(2),
    // The received reports' events go into the outbox with them: a running server's dispatcher finds
    // them at its next poll (OUTBOX_POLL_MS) and delivers them (live subscriptions, webhooks, e-mail).
    { db, clock: systemClock, config, outbox: { committed: () => undefined }, deadlines: createDeadlineKeeper({ calendars, config }) },
    { out: (l) => console.log(l), err: (l) => console.error(l) },
  );
} catch (err) {
  console.error(`tuntas import: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
