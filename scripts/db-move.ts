// `npm run db:move -- --to postgresql://… [--data-dir DIR] [--force]`: copies the embedded database
// (service stopped) into an empty PostgreSQL database and verifies it table by table.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { move } from '../src/backup/commands.js';
import { BackupError } from '../src/backup/errors.js';
import { runCommand } from '../src/backup/cli.js';

await runCommand(async () => {
  const { values } = parseArgs({ options: { to: { type: 'string' }, 'data-dir': { type: 'string' }, force: { type: 'boolean' } } });
  if (!values.to) throw new BackupError('usage: npm run db:move -- --to postgresql://user@host:5432/db [--data-dir DIR] [--force]');
  if (!/^postgres(ql)?:\/\//.test(values.to)) throw new BackupError('--to must be a postgresql:// URL');
  const dataDir = path.resolve(values['data-dir'] ?? (process.env.DATA_DIR || './data'));
  const r = await move({ dataDir, to: values.to, force: values.force });
  const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
  return [
    `moved ${dataDir} to ${r.target}: ${r.report.tables} tables, ${total} rows, every table's row count and content verified; append-only guards in place on ${r.appendOnly.join(', ')}`,
    'next: start every instance with',
    `  DATABASE_URL=<the URL you passed to --to>`,
    `  JWT_SECRET=$(cat ${path.join(dataDir, 'jwt-secret')})   # the same on every instance; keeps issued tokens valid`,
    '  REDIS_URL=redis://…   # for live subscriptions across instances',
    `keep ${dataDir} read-only as a fallback until the new setup is confirmed; do not start the embedded service on it again`,
  ];
});
