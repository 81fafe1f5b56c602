// What a backup, restore or move copies, read from the database's own catalog rather than a list kept
// here: every table of the public schema (whatever the migrations created), ordered so that a table
// comes after the tables its foreign keys point to, every sequence with its position, and the
// append-only tables (those guarded by tuntas_reject_history_change, see the init migration).
import type { SqlSession } from '../db/migrate.js';
import { BackupError } from './errors.js';

export interface TableInfo {
  name: string;
  /** Columns referencing the same table (Division.parentId): rows must be inserted parents first. */
  selfReferences: { column: string; referenced: string }[];
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/** Tables of the public schema in foreign-key dependency order (referenced tables first). */
export async function tablesInDependencyOrder(s: SqlSession): Promise<TableInfo[]> {
  const tables = (
    await s.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    )
  ).map((r) => r.name);
  const fks = await s.query<{ child: string; parent: string; columns: string[] | string; refcolumns: string[] | string }>(
    `SELECT ch.relname AS child, pa.relname AS parent,
            array(SELECT attname FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = ANY(con.conkey)) AS columns,
            array(SELECT attname FROM pg_attribute WHERE attrelid = con.confrelid AND attnum = ANY(con.confkey)) AS refcolumns
       FROM pg_constraint con
       JOIN pg_class ch ON ch.oid = con.conrelid JOIN pg_namespace n ON n.oid = ch.relnamespace
       JOIN pg_class pa ON pa.oid = con.confrelid
      WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  const deps = new Map(tables.map((t) => [t, new Set<string>()]));
  const self = new Map(tables.map((t) => [t, [] as TableInfo['selfReferences']]));
  for (const fk of fks) {
    const cols = pgArray(fk.columns);
    const refs = pgArray(fk.refcolumns);
    if (fk.child === fk.parent) {
      if (cols.length !== 1)
        throw new BackupError(`table ${fk.child} has a multi-column foreign key to itself; copying it is not supported`);
      self.get(fk.child)?.push({ column: cols[0]!, referenced: refs[0]! });
    } else deps.get(fk.child)?.add(fk.parent);
  }
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  while (done.size < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...deps.get(t)!].every((d) => done.has(d)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !done.has(t));
      throw new BackupError(`tables ${left.join(', ')} reference each other in a cycle; cannot order them for copying`);
    }
    for (const t of ready) {
      done.add(t);
      ordered.push({ name: t, selfReferences: self.get(t)! });
    }
  }
  return ordered;
}

/** Every sequence of the public schema and where it stands (so IDs continue without gaps). */
export async function sequenceStates(s: SqlSession): Promise<SequenceState[]> {
  const names = await s.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const out: SequenceState[] = [];
  for (const { name } of names) {
    const [row] = await s.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${ident(name)}`,
    );
    out.push({ name, lastValue: row!.last_value, isCalled: row!.is_called });
  }
  return out;
}

/** Tables whose rows may be inserted but never changed: guarded by the append-only trigger function. */
export async function appendOnlyTables(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `SELECT DISTINCT c.relname AS name FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal AND p.proname = 'tuntas_reject_history_change' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** Row count and a digest of a table's whole content (order-independent), to compare two databases. */
export async function tableDigest(s: SqlSession, table: string): Promise<{ rows: number; digest: string }> {
  const [row] = await s.query<{ rows: string | number; digest: string | null }>(
    `SELECT count(*) AS rows, md5(coalesce(string_agg(j, E'\\n' ORDER BY j), '')) AS digest
       FROM (SELECT row_to_json(t)::text AS j FROM ${ident(table)} t) x`,
  );
  return { rows: Number(row!.rows), digest: row!.digest ?? '' };
}

/** Names of the tables in the public schema (an empty database has none). */
export async function publicTables(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')`,
  );
  return rows.map((r) => r.name);
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Drivers return name[] either as an array or as PostgreSQL's text form. */
function pgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean)
    .map((x) => x.replace(/^"|"$/g, ''));
}
