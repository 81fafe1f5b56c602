// The complaints connection (the staff list) read in one plain SQL statement through the driver,
// plus one for totalCount. Through Prisma, a page of 50 with its history and divisions cost more CPU
// in the client's row mapping (every value of ~8,000 walked through its generic data map) than in
// anything else; here each row comes back as one JSON array that V8 parses natively.
//
// It answers only the Prisma query shapes it knows (the scalars, `history`, `dispositionDivisions`
// with their divisions: what Pothos asks for the staff list) and returns null for anything else, so
// the caller runs the same page through Prisma. The rows it returns are shaped exactly like Prisma's
// (every scalar column, enums as strings, DateTime as Date, BigInt as bigint), so plugin-prisma
// resolves the nested fields from them as it would from Prisma's. test/reads/page-sql.test.ts
// compares the two, row for row, per role, filter, order and cursor.
import type { Viewer } from '../auth/viewer.js';
import type { Database } from '../db/database.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { isUuid } from '../uuid.js';
import { type ComplaintFilterValue, checkComplaintFilter, searchWords } from './filter.js';
import { complaintScopeSql } from './visibility.js';

type Order = 'RECEIVED_AT_DESC' | 'RECEIVED_AT_ASC' | 'UPDATED_AT_DESC' | 'REGISTER_NUMBER_ASC';

/** One scalar column: its SQL inside json_build_array and the reading of its JSON value. */
interface Column {
  name: string;
  sql: (alias: string) => string;
  read: (v: unknown) => unknown;
}

const same = (v: unknown) => v;
// Epoch milliseconds computed by PostgreSQL: timestamp(3) columns hold UTC, and extract(epoch) reads
// a timestamp without time zone as UTC whatever the session's TimeZone (so does it a date).
const toDate = (v: unknown) => (v === null ? null : new Date(v as number));
const toBigInt = (v: unknown) => (v === null ? null : BigInt(v as string));

/** Every scalar column of a model as Prisma returns it, or null when one has a type not handled here. */
function columnsOf(model: string): Column[] | null {
  const fields = getDatamodel().datamodel.models[model]?.fields ?? [];
  const columns: Column[] = [];
  for (const f of fields) {
    if (f.kind === 'object') continue;
    if (f.isList) return null;
    const col = `"${f.name}"`;
    if (f.kind === 'enum') columns.push({ name: f.name, sql: (a) => `${a}.${col}::text`, read: same });
    else if (f.type === 'String' || f.type === 'Int' || f.type === 'Boolean')
      columns.push({ name: f.name, sql: (a) => `${a}.${col}`, read: same });
    else if (f.type === 'DateTime')
      columns.push({ name: f.name, sql: (a) => `(extract(epoch from ${a}.${col}) * 1000)::int8`, read: toDate });
    else if (f.type === 'BigInt') columns.push({ name: f.name, sql: (a) => `${a}.${col}::text`, read: toBigInt });
    else return null;
  }
  // json_build_array takes at most 100 arguments.
  return columns.length > 0 && columns.length <= 90 ? columns : null;
}

const COMPLAINT = columnsOf('Complaint');
const HISTORY = columnsOf('ComplaintHistory');
const DIVISION = columnsOf('Division');

const jsonArray = (cols: Column[], alias: string) => `json_build_array(${cols.map((c) => c.sql(alias)).join(', ')})`;

function readRow(cols: Column[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < cols.length; i++) row[cols[i]!.name] = cols[i]!.read(values[i]);
  return row;
}

/**
 * The relations this read can load, by the exact Prisma include Pothos builds for them (the Complaint
 * fields `history` and `divisions` in src/complaints/types.ts and step-fields.ts).
 */
const RELATIONS: Record<string, { include: string; sql: () => string | null; read: (v: unknown[][]) => unknown }> = {
  history: {
    include: JSON.stringify({ orderBy: { id: 'asc' } }),
    sql: () =>
      HISTORY &&
      `(SELECT coalesce(json_agg(${jsonArray(HISTORY, 'h')} ORDER BY h.id), '[]'::json)
          FROM "ComplaintHistory" h WHERE h."complaintId" = c.id)`,
    read: (v) => v.map((h) => readRow(HISTORY!, h)),
  },
  dispositionDivisions: {
    include: JSON.stringify({ select: { division: true } }),
    sql: () =>
      DIVISION &&
      `(SELECT coalesce(json_agg(${jsonArray(DIVISION, 'd')}), '[]'::json)
          FROM "DispositionDivision" dd JOIN "Division" d ON d.id = dd."divisionId" WHERE dd."complaintId" = c.id)`,
    read: (v) => v.map((d) => ({ division: readRow(DIVISION!, d) })),
  },
};

const ORDER_SQL: Record<Order, string> = {
  RECEIVED_AT_DESC: 'c."receivedAt" DESC, c.id DESC',
  RECEIVED_AT_ASC: 'c."receivedAt" ASC, c.id ASC',
  UPDATED_AT_DESC: 'c."updatedAt" DESC, c.id DESC',
  REGISTER_NUMBER_ASC: 'c."registerYear" ASC NULLS LAST, c."registerSeq" ASC NULLS LAST, c."receivedAt" ASC, c.id ASC',
};

/**
 * Prisma's cursor: the rows from the cursor row on, in the page's order (the row itself included;
 * `skip` then passes over it). A cursor row that does not exist compares as NULL: no rows, as in
 * Prisma. Orders with nullable keys have no cursor here (Prisma then).
 */
const CURSOR_SQL: Partial<Record<Order, (p: string) => string>> = {
  RECEIVED_AT_DESC: (p) => `(c."receivedAt", c.id) <= (SELECT k."receivedAt", k.id FROM "Complaint" k WHERE k.id = ${p}::uuid)`,
  RECEIVED_AT_ASC: (p) => `(c."receivedAt", c.id) >= (SELECT k."receivedAt", k.id FROM "Complaint" k WHERE k.id = ${p}::uuid)`,
  UPDATED_AT_DESC: (p) => `(c."updatedAt", c.id) <= (SELECT k."updatedAt", k.id FROM "Complaint" k WHERE k.id = ${p}::uuid)`,
};

/**
 * The SQL twin of complaintListWhere (queries.ts) over the Complaint alias `c`: the caller's scope
 * (complaintScopeSql) AND the client's filter, case for case. Runs the same input checks first.
 */
export function complaintListSql(viewer: Viewer, filter: ComplaintFilterValue | null | undefined, bind: (v: unknown) => string): string {
  const f = filter ?? {};
  checkComplaintFilter(f);
  const and = [complaintScopeSql(viewer, bind)];
  if (f.status?.length) and.push(`c.status::text = ANY(${bind([...f.status])}::text[])`);
  if (f.kind) and.push(`c.kind::text = ${bind(f.kind)}`);
  if (f.divisionId) {
    and.push(
      isUuid(f.divisionId.id)
        ? `EXISTS (SELECT 1 FROM "DispositionDivision" fd WHERE fd."complaintId" = c.id AND fd."divisionId" = ${bind(f.divisionId.id)}::uuid)`
        : 'false',
    );
  }
  if (f.agencyId) and.push(isUuid(f.agencyId.id) ? `c."agencyId" = ${bind(f.agencyId.id)}::uuid` : 'false');
  // Instants bound as UTC text and turned into the UTC timestamp the column holds.
  if (f.receivedFrom) and.push(`c."receivedAt" >= (${bind(f.receivedFrom.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (f.receivedTo) and.push(`c."receivedAt" < (${bind(f.receivedTo.toISOString())}::timestamptz AT TIME ZONE 'UTC')`);
  if (f.minRound != null) and.push(`c.round >= ${bind(f.minRound)}`);
  // searchWords keeps letters and digits only: nothing in a word is LIKE syntax.
  for (const word of f.search == null ? [] : searchWords(f.search)) {
    const p = bind(`%${word}%`);
    and.push(`(c.title ILIKE ${p} OR c.content ILIKE ${p})`);
  }
  return and.map((s) => `(${s})`).join(' AND ');
}

function binder() {
  const params: unknown[] = [];
  return {
    params,
    bind: (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    },
  };
}

export interface PageArgs {
  filter?: ComplaintFilterValue | null;
  orderBy?: Order | null;
}

/** The Prisma query Pothos built for the page: include, take, skip, cursor. */
interface PageQuery {
  include?: Record<string, unknown>;
  take?: number;
  skip?: number;
  cursor?: { id?: unknown };
  [other: string]: unknown;
}

/**
 * A page of complaints as Prisma's findMany({ ...query, where, orderBy }) would answer it, or null
 * when the query asks for something this read does not load (then use Prisma).
 */
export async function readComplaintPage(
  db: Database,
  viewer: Viewer,
  args: PageArgs,
  query: PageQuery,
): Promise<Record<string, unknown>[] | null> {
  if (!COMPLAINT) return null;
  for (const key of Object.keys(query)) if (!['include', 'take', 'skip', 'cursor'].includes(key)) return null;
  const order: Order = args.orderBy ?? 'RECEIVED_AT_DESC';
  const { take, skip = 0, cursor } = query;
  if (typeof take !== 'number' || take <= 0 || !Number.isInteger(skip) || skip < 0) return null;
  const relations: string[] = [];
  for (const [name, value] of Object.entries(query.include ?? {})) {
    const relation = RELATIONS[name];
    if (!relation || JSON.stringify(value) !== relation.include || !relation.sql()) return null;
    relations.push(name);
  }

  const { params, bind } = binder();
  const where = [complaintListSql(viewer, args.filter, bind)];
  if (cursor !== undefined) {
    const cursorSql = CURSOR_SQL[order];
    if (!cursorSql || Object.keys(cursor).length !== 1 || typeof cursor.id !== 'string' || !isUuid(cursor.id)) return null;
    where.push(cursorSql(bind(cursor.id)));
  }
  // One array per row: the scalars, then each relation's array (at most 90 + 2 arguments).
  const items = [...COMPLAINT.map((col) => col.sql('c')), ...relations.map((r) => RELATIONS[r]!.sql())];
  const sql = `SELECT json_build_array(${items.join(', ')}) AS r
    FROM "Complaint" c WHERE ${where.join(' AND ')}
    ORDER BY ${ORDER_SQL[order]} LIMIT ${bind(take)} OFFSET ${bind(skip)}`;
  const rows = await db.query<{ r: unknown }>(sql, params);
  return rows.map(({ r }) => {
    const values = (typeof r === 'string' ? JSON.parse(r) : r) as unknown[];
    const row = readRow(COMPLAINT, values);
    relations.forEach((name, i) => {
      row[name] = RELATIONS[name]!.read(values[COMPLAINT.length + i] as unknown[][]);
    });
    return row;
  });
}

/** totalCount of the same filter: every match, not just the page. */
export async function countComplaintPage(db: Database, viewer: Viewer, filter: ComplaintFilterValue | null | undefined): Promise<number> {
  const { params, bind } = binder();
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Complaint" c WHERE ${complaintListSql(viewer, filter, bind)}`,
    params,
  );
  return row!.n;
}
