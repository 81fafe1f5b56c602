// `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database) and exit.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { applyMigrations } from '../src/db/migrate.js';

const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET || 'x'.repeat(32) });
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const r = await db.withSession((s) => applyMigrations(s));
  console.log(
    `applied ${r.applied.length} migration(s)${r.applied.length ? `: ${r.applied.join(', ')}` : ''}; ${r.alreadyApplied} already applied`,
  );
} catch (err) {
  console.error(`tuntas: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
