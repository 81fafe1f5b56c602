// PostgreSQL backups are pg_dump's job: it takes its own consistent snapshot without blocking
// writers and its custom format restores with pg_restore. tuntas only runs it, checks it and adds the
// checksum; when the tools are missing it says so (and `--logical` remains).
import pg from 'pg';
import { execFile } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BackupError } from './errors.js';
import { backupFileName, sealBackup } from './files.js';

const run = promisify(execFile);

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], opts: { maxBuffer?: number } = {}): Promise<string> {
  try {
    const { stdout } = await run(name, args, {
      maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
      env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new BackupError(
        `${name} was not found on PATH: install the PostgreSQL client tools (the server's major version or newer)${name === 'pg_dump' ? ", or use --logical for tuntas's own format" : ''}`,
      );
    }
    const line = (e.stderr ?? e.message).split('\n').find((l) => l.trim()) ?? e.message;
    throw new BackupError(`${name} failed: ${line.replace(/^(pg_dump|pg_restore): (error: )?/, '')}`);
  }
}

export async function pgToolAvailable(name: 'pg_dump' | 'pg_restore'): Promise<boolean> {
  try {
    await run(name, ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** pg_dump's custom format (compressed) of the whole database into file. */
export async function pgDump(url: string, file: string): Promise<void> {
  await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
}

/** A complete `.pgdump` backup (with its checksum file) in dir; returns its path. */
export async function pgDumpBackup(url: string, dir: string, at: Date): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, backupFileName('pgdump', at));
  try {
    await pgDump(url, `${file}.partial`);
  } catch (err) {
    rmSync(`${file}.partial`, { force: true });
    throw err;
  }
  renameSync(`${file}.partial`, file);
  sealBackup(file);
  return file;
}

/** Validates the archive (its table of contents) and returns the migrations recorded in it. */
export async function pgDumpMigrations(file: string): Promise<{ name: string; checksum: string }[]> {
  await tool('pg_restore', ['--list', file]);
  const sql = await tool('pg_restore', ['--data-only', '--table=_prisma_migrations', '--file=-', file]);
  // COPY public."_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) FROM stdin;
  const m = /COPY public\."?_prisma_migrations"? \(([^)]*)\) FROM stdin;\n([\s\S]*?)\n\\\.\n/.exec(sql);
  if (!m) throw new BackupError('the pg_dump archive holds no migration history (_prisma_migrations): not a tuntas database');
  const cols = m[1]!.split(',').map((c) => c.trim().replace(/"/g, ''));
  const ix = (c: string) => cols.indexOf(c);
  return m[2]!
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'))
    .filter((f) => f[ix('finished_at')] !== '\\N' && f[ix('rolled_back_at')] === '\\N')
    .map((f) => ({ name: f[ix('migration_name')]!, checksum: f[ix('checksum')]! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Restores into an (empty) database, all or nothing. Types and tables are created first, statement by
 * statement: an enum
 * value added by a later migration (ALTER TYPE … ADD VALUE) cannot be used in the transaction that
 * created it, and the rows use them. If the rows or indexes then fail, the target, which was empty,
 * is emptied again.
 */
export async function pgRestore(url: string, file: string): Promise<void> {
  const common = ['--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${url}`];
  try {
    // Statement by statement, so each type is committed before anything uses its values.
    await tool('pg_restore', [...common, '--section=pre-data', file]);
    await tool('pg_restore', [...common, '--single-transaction', '--section=data', '--section=post-data', file]);
  } catch (err) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    } finally {
      await client.end();
    }
    throw err;
  }
}
