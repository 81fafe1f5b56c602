// `npm run db:restore -- FILE [--data-dir DIR | --to postgresql://…] [--force]`: into an empty data
// folder (default DATA_DIR) or an empty PostgreSQL database (default DATABASE_URL); checksum and
// migration history are checked first, and nothing is half-restored.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { restore } from '../src/backup/commands.js';
import { BackupError } from '../src/backup/errors.js';
import { runCommand } from '../src/backup/cli.js';

await runCommand(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new BackupError('usage: npm run db:restore -- FILE [--data-dir DIR | --to postgresql://…] [--force]');
  const databaseUrl = values.to ?? (values['data-dir'] ? null : process.env.DATABASE_URL || null);
  const r = await restore({
    file: path.resolve(positionals[0]!),
    databaseUrl,
    dataDir: path.resolve(values['data-dir'] ?? (process.env.DATA_DIR || './data')),
    force: values.force,
  });
  return [
    `restored ${path.basename(positionals[0]!)} into ${r.target}` +
      (r.report
        ? ` (${r.report.tables} tables, ${r.report.rows} rows, ${r.report.migrations} migrations; every table verified)`
        : ' (pg_restore, one transaction)'),
    ...(r.previous ? [`the previous content was moved to ${r.previous}`] : []),
    'start the service on it as usual; it applies any newer migrations at start-up',
  ];
});
