// tuntas's own backup format, the same for PGlite and PostgreSQL, and the engine of `db:move`:
// gzip-compressed JSON lines.
//
//   {"format":"tuntas-backup","version":1,...,"migrations":[...],"tables":[...]}   header
//   {"table":"Agency","rows":3}                                                      then 3 rows,
//   {...row_to_json...}                                                              one per line
//   ...
//   {"sequences":[{"name":"ComplaintHistory_id_seq","lastValue":"812","isCalled":true}]}
//   {"end":true,"digests":{"Agency":{"rows":3,"digest":"…"},...}}                    trailer
//
// Rows are PostgreSQL's own JSON of the row (row_to_json) and are loaded back with
// json_populate_recordset, so every type (uuid, timestamp(3), jsonb, enum arrays, bigint) round-trips
// exactly; the row text is never parsed into JavaScript numbers.
//
// Restoring never trusts a list of tables kept in code: the target gets the backup's migrations (so
// the same tables, sequences, indexes and append-only triggers, which refuse UPDATE/DELETE but accept
// INSERT), then the rows in foreign-key order, then the sequences' positions, then every table is
// compared with the backup's row count and content digest, all in one transaction.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CREATE_MIGRATIONS_TABLE, MIGRATION_LOCK_KEY, type Migration, type SqlSession } from '../db/migrate.js';
import {
  appendOnlyTables,
  ident,
  publicTables,
  sequenceStates,
  tableDigest,
  tablesInDependencyOrder,
  type SequenceState,
} from './catalog.js';
import { BackupError } from './errors.js';

export const FORMAT = 'tuntas-backup';
export const FORMAT_VERSION = 1;
const BATCH = 500;

export interface BackupHeader {
  format: typeof FORMAT;
  version: number;
  createdAt: string;
  source: 'pglite' | 'postgres';
  migrations: { name: string; checksum: string }[];
  tables: string[];
  appendOnly: string[];
}

export interface TableData {
  name: string;
  /** Each row as PostgreSQL's JSON text. */
  rows: string[];
}

export interface Snapshot {
  header: BackupHeader;
  tables: TableData[];
  sequences: SequenceState[];
  digests: Record<string, { rows: number; digest: string }>;
}

/** Reads everything; `s` must already be inside one read-only REPEATABLE READ transaction. */
export async function readSnapshot(s: SqlSession, source: BackupHeader['source'], now = new Date()): Promise<Snapshot> {
  const migrations = await s
    .query<{ name: string; checksum: string }>(
      `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    )
    .catch(() => {
      throw new BackupError('the database has no migration history (_prisma_migrations): it is not a tuntas database');
    });
  const order = await tablesInDependencyOrder(s);
  const tables: TableData[] = [];
  const digests: Snapshot['digests'] = {};
  for (const t of order) {
    const rows = await s.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${ident(t.name)} t`);
    tables.push({ name: t.name, rows: rows.map((r) => r.j) });
    digests[t.name] = await tableDigest(s, t.name);
  }
  return {
    header: {
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: now.toISOString(),
      source,
      migrations,
      tables: order.map((t) => t.name),
      appendOnly: await appendOnlyTables(s),
    },
    tables,
    sequences: await sequenceStates(s),
    digests,
  };
}

export function encodeSnapshot(snap: Snapshot): Buffer {
  const parts: string[] = [JSON.stringify(snap.header)];
  for (const t of snap.tables) {
    parts.push(JSON.stringify({ table: t.name, rows: t.rows.length }));
    for (const r of t.rows) parts.push(r);
  }
  parts.push(JSON.stringify({ sequences: snap.sequences }));
  parts.push(JSON.stringify({ end: true, digests: snap.digests }));
  return gzipSync(`${parts.join('\n')}\n`);
}

/** Parses a whole backup file; anything malformed, truncated or inconsistent is a BackupError. */
export function decodeSnapshot(file: Buffer): Snapshot {
  let text: Buffer;
  try {
    text = gunzipSync(file);
  } catch (err) {
    throw new BackupError(`the backup is corrupt or truncated (${(err as Error).message})`);
  }
  const lines = splitLines(text);
  let i = 0;
  const next = (what: string) => {
    const line = lines[i++];
    if (line === undefined) throw new BackupError(`the backup is truncated: it ends before ${what}`);
    return line;
  };
  const json = (line: string, what: string) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new BackupError(`the backup is corrupt: ${what} is not valid JSON (line ${i})`);
    }
  };
  const header = json(next('its header'), 'the header') as unknown as BackupHeader;
  if (header.format !== FORMAT) throw new BackupError('not a tuntas backup (unknown header)');
  if (header.version > FORMAT_VERSION) {
    throw new BackupError(
      `the backup uses format version ${header.version}; this tuntas reads up to ${FORMAT_VERSION}: upgrade tuntas first`,
    );
  }
  const tables: TableData[] = [];
  for (const name of header.tables) {
    const block = json(next(`table ${name}`), `the block header of ${name}`);
    if (block.table !== name || typeof block.rows !== 'number')
      throw new BackupError(`the backup is corrupt: expected table ${name} at line ${i}`);
    const rows: string[] = [];
    for (let r = 0; r < block.rows; r++) rows.push(next(`the rows of table ${name}`));
    tables.push({ name, rows });
  }
  const seq = json(next('the sequences'), 'the sequences line');
  const end = json(next('its end marker'), 'the end marker');
  if (!Array.isArray(seq.sequences) || end.end !== true) throw new BackupError('the backup is corrupt: no end marker');
  const digests = end.digests as Snapshot['digests'];
  for (const t of tables) {
    if (digests[t.name]?.rows !== t.rows.length)
      throw new BackupError(`the backup is corrupt: table ${t.name} has ${t.rows.length} rows, its trailer says ${digests[t.name]?.rows}`);
  }
  return { header, tables, sequences: seq.sequences as SequenceState[], digests };
}

function splitLines(buf: Buffer): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) break;
    out.push(buf.toString('utf8', start, nl));
    start = nl + 1;
  }
  if (start < buf.length) throw new BackupError('the backup is truncated: its last line is incomplete');
  return out;
}

/**
 * Checks a backup's migrations against the ones this tuntas has: they must be a prefix (same names,
 * same checksums). A migration unknown here means the backup comes from a newer tuntas.
 */
export function checkMigrations(backup: BackupHeader['migrations'], committed: Migration[]): Migration[] {
  const known = new Map(committed.map((m) => [m.name, m]));
  const unknown = backup.filter((m) => !known.has(m.name));
  if (unknown.length > 0) {
    throw new BackupError(
      `the backup comes from a newer schema (migration ${unknown[0]!.name} is unknown to this tuntas): upgrade tuntas, then restore`,
    );
  }
  for (let i = 0; i < backup.length; i++) {
    const m = backup[i]!;
    if (committed[i]?.name !== m.name) throw new BackupError(`the backup's migration history differs from this tuntas's at ${m.name}`);
    if (committed[i]!.checksum !== m.checksum)
      throw new BackupError(`the backup's migration ${m.name} differs from this tuntas's (checksum)`);
  }
  return committed.slice(0, backup.length);
}

export interface LoadOptions {
  /** PostgreSQL only: replace whatever is in the target's public schema. */
  force?: boolean;
}

export interface LoadReport {
  tables: number;
  rows: number;
  migrations: number;
}

/**
 * Loads a snapshot into an empty database through `s` (one session): either everything is there and
 * verified, or the target is left empty (with --force, its old content is gone once the migrations
 * have been applied).
 */
export async function loadSnapshot(s: SqlSession, snap: Snapshot, committed: Migration[], opts: LoadOptions = {}): Promise<LoadReport> {
  const migrations = checkMigrations(snap.header.migrations, committed);
  await s.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  let schemaCreated = false;
  try {
    await s.exec('BEGIN');
    try {
      const existing = await publicTables(s);
      if (existing.length > 0) {
        if (!opts.force) {
          throw new BackupError(
            `the target database is not empty (${existing.length} tables/sequences in schema public); use --force to replace it`,
          );
        }
        // In this transaction: a failure below brings the old content back.
        await s.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      }
      // The same migrations as the source: tables, sequences, indexes and append-only triggers. They
      // are committed before the rows load: an enum value a migration adds (ALTER TYPE … ADD VALUE)
      // cannot be used in the transaction that added it. Should loading fail, the schema is emptied
      // again below, so the target is left as empty as it was.
      await s.exec(CREATE_MIGRATIONS_TABLE);
      for (const m of migrations) await s.exec(m.sql);
      await s.exec('COMMIT');
      schemaCreated = true;
      await s.exec('BEGIN');
      const order = await tablesInDependencyOrder(s);
      const here = order
        .map((t) => t.name)
        .sort()
        .join(',');
      const there = [...snap.header.tables].sort().join(',');
      if (here !== there) throw new BackupError(`the migrations made tables [${here}] but the backup holds [${there}]`);
      // A migration may have inserted rows (backfills, defaults): the backup's rows replace them.
      const appendOnly = new Set(await appendOnlyTables(s));
      for (const t of [...order].reverse()) {
        const [{ n }] = (await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t.name)}`)) as [{ n: number }];
        if (n === 0) continue;
        if (appendOnly.has(t.name))
          throw new BackupError(`a migration wrote rows into append-only table ${t.name}; cannot restore over them`);
        await s.exec(`DELETE FROM ${ident(t.name)}`);
      }
      const byName = new Map(snap.tables.map((t) => [t.name, t]));
      let rows = 0;
      for (const t of order) {
        const data = byName.get(t.name)!;
        const ordered = t.selfReferences.length ? parentsFirst(data.rows, t.selfReferences) : data.rows;
        for (let i = 0; i < ordered.length; i += BATCH) {
          const batch = `[${ordered.slice(i, i + BATCH).join(',')}]`;
          await s.query(`INSERT INTO ${ident(t.name)} SELECT * FROM json_populate_recordset(NULL::${ident(t.name)}, $1::json)`, [batch]);
        }
        rows += ordered.length;
      }
      for (const q of snap.sequences) {
        await s.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [ident(q.name), q.lastValue, q.isCalled]);
      }
      for (const t of order) {
        const got = await tableDigest(s, t.name);
        const want = snap.digests[t.name]!;
        if (got.rows !== want.rows)
          throw new BackupError(`verification failed: table ${t.name} has ${got.rows} rows after loading, the backup ${want.rows}`);
        if (got.digest !== want.digest)
          throw new BackupError(`verification failed: the content of table ${t.name} differs from the backup's`);
      }
      await s.exec('COMMIT');
      return { tables: order.length, rows, migrations: migrations.length };
    } catch (err) {
      await s.exec('ROLLBACK').catch(() => undefined);
      if (schemaCreated) await s.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public').catch(() => undefined);
      if (err instanceof BackupError) throw err;
      throw new BackupError(`restore failed, nothing was changed: ${(err as Error).message.split('\n')[0]}`);
    }
  } finally {
    await s.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}

/** Rows of a self-referencing table, each after the row it points to. */
function parentsFirst(rows: string[], refs: { column: string; referenced: string }[]): string[] {
  const parsed = rows.map((text) => ({ text, row: JSON.parse(text) as Record<string, unknown> }));
  const placed = new Set<string>();
  const out: string[] = [];
  let pending = parsed;
  while (pending.length > 0) {
    const rest = pending.filter((p) => {
      const ready = refs.every(
        (r) =>
          p.row[r.column] == null || placed.has(`${r.referenced}:${String(p.row[r.column])}`) || p.row[r.column] === p.row[r.referenced],
      );
      if (!ready) return true;
      out.push(p.text);
      for (const r of refs) placed.add(`${r.referenced}:${String(p.row[r.referenced])}`);
      return false;
    });
    if (rest.length === pending.length) throw new BackupError('rows of a self-referencing table form a cycle; cannot order them');
    pending = rest;
  }
  return out;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}
