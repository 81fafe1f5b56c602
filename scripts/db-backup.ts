// `npm run db:backup -- [--out DIR] [--logical]`: a consistent, compressed snapshot with a checksum file.
// Embedded database: taken by the running service (over its control socket), or directly when the
// service is stopped. PostgreSQL (DATABASE_URL): pg_dump; --logical for tuntas's own format.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backup } from '../src/backup/commands.js';
import { runCommand } from '../src/backup/cli.js';

await runCommand(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' }, logical: { type: 'boolean' } } });
  const r = await backup({
    databaseUrl: process.env.DATABASE_URL || null,
    dataDir: path.resolve(process.env.DATA_DIR || './data'),
    outDir: path.resolve(values.out ?? (process.env.BACKUP_DIR || './backups')),
    logical: values.logical,
  });
  return [`backup written: ${r.file} (${r.bytes} bytes, via ${r.via}); checksum: ${path.basename(r.file)}.sha256`];
});
