// `npm run admin -- <command>`: administration from the server's shell, for what must happen before
// anyone can sign in (the first coordinator) or is too big for forms (the whole organisation).
// Acts as SYSTEM in the audit. On the embedded database, stop the service first (PGlite allows one
// process at a time).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrate.js';
import { InvalidInputError } from '../errors.js';
import { CliError, createCoordinator } from './commands.js';

const USAGE = `usage:
  npm run admin -- create-coordinator --email EMAIL --name "NAME" [--nip NIP] [--force]
  npm run admin -- import-organisation FILE.csv|FILE.xlsx [--dry-run]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET || 'x'.repeat(32) });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await db.withSession((s) => applyMigrations(s));
    if (command === 'create-coordinator') {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, nip: { type: 'string' }, force: { type: 'boolean' } },
      });
      if (!values.email || !values.name) throw new CliError(`--email and --name are required\n${USAGE}`);
      const r = await createCoordinator(db, { email: values.email, name: values.name, nip: values.nip, force: values.force });
      console.log(`Coordinator ${r.email} created.`);
      console.log(`One-time password (shown only now): ${r.oneTimePassword}`);
      console.log('Sign in with it (login), then choose your own password (changePassword).');
      return 0;
    }
    if (command === 'import-organisation') {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
      if (positionals.length !== 1) throw new CliError(`name one file\n${USAGE}`);
      const { runImportCommand } = await import('./import-command.js');
      return await runImportCommand(db, positionals[0]!, { dryRun: values['dry-run'] ?? false });
    }
    throw new CliError(`unknown command ${command}\n${USAGE}`);
  } catch (err) {
    if (err instanceof InvalidInputError) {
      for (const i of err.issues) console.error(`tuntas admin: ${i.field}: ${i.message}`);
    } else {
      console.error(`tuntas admin: ${err instanceof Error ? err.message : err}`);
    }
    return 1;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
