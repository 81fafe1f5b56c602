// The three operator commands (`npm run db:backup`, `db:restore`, `db:move`) as functions, so the
// scripts stay thin and the tests call exactly what the operator runs. Every failure is a BackupError
// whose message is one line, and leaves the target as it was.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readMigrations, type SqlSession } from '../db/migrate.js';
import { copyTemplateTo, pgliteSession } from '../db/pglite-template.js';
import { serviceRunning, requestBackup } from './control.js';
import { BackupError } from './errors.js';
import { kindOf, verifyChecksum, writeBackup } from './files.js';
import { checkMigrations, decodeSnapshot, encodeSnapshot, loadSnapshot, readSnapshot, type LoadReport, type Snapshot } from './logical.js';
import { pgDumpBackup, pgDumpMigrations, pgRestore } from './pg-tools.js';
import { appendOnlyTables, tableDigest } from './catalog.js';

/** Where a URL points, without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the given URL';
  }
}

/** One PostgreSQL session; an unreachable server is a one-line BackupError. */
export async function withPostgres<T>(url: string, fn: (s: SqlSession) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    throw new BackupError(
      `cannot connect to PostgreSQL at ${describeUrl(url)}: ${(err as Error).message || (err as { code?: string }).code || 'connection failed'}`,
    );
  }
  try {
    return await fn({
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Opens an existing embedded database folder in this process (the service must not be running on it). */
async function withEmbedded<T>(dataDir: string, fn: (db: PGlite) => Promise<T>): Promise<T> {
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new BackupError(`no embedded database in ${dataDir}`);
  if (await serviceRunning(dataDir)) throw new BackupError(`the service is running on ${dataDir}: stop it first`);
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function embeddedSnapshot(db: PGlite): Promise<Snapshot> {
  return db.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return readSnapshot(
      { exec: async (sql) => void (await tx.exec(sql)), query: async <R>(sql: string, p?: unknown[]) => (await tx.query<R>(sql, p)).rows },
      'pglite',
    );
  });
}

export interface BackupOptions {
  databaseUrl: string | null;
  dataDir: string;
  outDir: string;
  /** PostgreSQL: tuntas's own format instead of pg_dump. */
  logical?: boolean;
  now?: Date;
}

export interface BackupResult {
  file: string;
  /** How it was taken, for the operator. */
  via: 'running service' | 'embedded database (service stopped)' | 'pg_dump' | 'PostgreSQL (tuntas format)';
  bytes: number;
}

export async function backup(opts: BackupOptions): Promise<BackupResult> {
  const now = opts.now ?? new Date();
  if (opts.databaseUrl) {
    if (!opts.logical) {
      const file = await pgDumpBackup(opts.databaseUrl, opts.outDir, now);
      return { file, via: 'pg_dump', bytes: statSync(file).size };
    }
    const snap = await withPostgres(opts.databaseUrl, async (s) => {
      await s.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await readSnapshot(s, 'postgres', now);
      } finally {
        await s.exec('ROLLBACK');
      }
    });
    const data = encodeSnapshot(snap);
    return { file: writeBackup(opts.outDir, 'logical', now, data), via: 'PostgreSQL (tuntas format)', bytes: data.length };
  }
  if (await serviceRunning(opts.dataDir)) {
    const data = await requestBackup(opts.dataDir);
    decodeSnapshot(data); // never store something that would not restore
    return { file: writeBackup(opts.outDir, 'logical', now, data), via: 'running service', bytes: data.length };
  }
  const data = encodeSnapshot(await withEmbedded(opts.dataDir, embeddedSnapshot));
  return { file: writeBackup(opts.outDir, 'logical', now, data), via: 'embedded database (service stopped)', bytes: data.length };
}

export interface RestoreOptions {
  file: string;
  databaseUrl: string | null;
  dataDir: string;
  force?: boolean;
}

export interface RestoreResult {
  target: string;
  report: LoadReport | null;
  /** --force on a folder: where the previous content was moved. */
  previous?: string;
}

/** Checks everything that can be checked without the target; returns the decoded backup. */
function readBackupFile(file: string): Snapshot | 'pgdump' {
  verifyChecksum(file);
  if (kindOf(file) === 'pgdump') return 'pgdump';
  const snap = decodeSnapshot(readFileSync(file));
  checkMigrations(snap.header.migrations, readMigrations());
  return snap;
}

export async function restore(opts: RestoreOptions): Promise<RestoreResult> {
  const backupData = readBackupFile(opts.file);
  if (opts.databaseUrl) {
    const url = opts.databaseUrl;
    if (backupData === 'pgdump') {
      checkMigrations(await pgDumpMigrations(opts.file), readMigrations());
      await withPostgres(url, async (s) => {
        const tables = await s.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','S','v','m')`,
        );
        if (tables[0]!.n > 0) {
          if (!opts.force) throw new BackupError(`the target database ${describeUrl(url)} is not empty; use --force to replace it`);
          await s.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
        }
      });
      await pgRestore(url, opts.file);
      return { target: describeUrl(url), report: null };
    }
    const report = await withPostgres(url, (s) => loadSnapshot(s, backupData, readMigrations(), { force: opts.force }));
    return { target: describeUrl(url), report };
  }
  if (backupData === 'pgdump')
    throw new BackupError('a pg_dump archive restores into PostgreSQL only: set DATABASE_URL or pass --to postgresql://…');
  const dir = path.resolve(opts.dataDir);
  const occupied = existsSync(dir) && readdirSync(dir).length > 0;
  if (occupied && !opts.force)
    throw new BackupError(`the data folder ${dir} is not empty; restore into a new folder (--data-dir) or use --force to replace it`);
  if (occupied && (await serviceRunning(dir))) throw new BackupError(`the service is running on ${dir}: stop it first`);
  // Built next to the target and renamed into place only when complete and verified.
  const tmp = path.join(path.dirname(dir), `.${path.basename(dir)}.restore-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  let report: LoadReport;
  try {
    const fromTemplate = copyTemplateTo(tmp);
    const db = new PGlite(tmp);
    try {
      await db.waitReady;
      // A template copy already holds migrations: replace its (empty) schema with the backup's.
      report = await loadSnapshot(pgliteSession(db), backupData, readMigrations(), { force: fromTemplate });
      await db.exec('CHECKPOINT');
    } finally {
      await db.close();
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  let previous: string | undefined;
  if (occupied) {
    previous = `${dir}.before-restore-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    renameSync(dir, previous);
  } else if (existsSync(dir)) rmSync(dir, { recursive: true });
  renameSync(tmp, dir);
  return { target: dir, report, previous };
}

export interface MoveOptions {
  dataDir: string;
  to: string;
  force?: boolean;
}

export interface MoveResult {
  target: string;
  report: LoadReport;
  /** Row counts per table, identical in source and target. */
  counts: Record<string, number>;
  appendOnly: string[];
}

export async function move(opts: MoveOptions): Promise<MoveResult> {
  const dir = path.resolve(opts.dataDir);
  const snap = await withEmbedded(dir, embeddedSnapshot);
  checkMigrations(snap.header.migrations, readMigrations());
  return withPostgres(opts.to, async (s) => {
    // loadSnapshot compares every table's row count and content digest with the source's.
    const report = await loadSnapshot(s, snap, readMigrations(), { force: opts.force });
    const appendOnly = await appendOnlyTables(s);
    if (appendOnly.join(',') !== [...snap.header.appendOnly].sort().join(',')) {
      throw new BackupError(
        `append-only guards differ after the move: [${appendOnly.join(', ')}] vs [${snap.header.appendOnly.join(', ')}]`,
      );
    }
    const counts: Record<string, number> = {};
    for (const t of snap.header.tables) counts[t] = (await tableDigest(s, t)).rows;
    return { target: describeUrl(opts.to), report, counts, appendOnly };
  });
}
