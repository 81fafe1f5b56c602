// Imports reports pulled from LAPOR! (an export file today; see connector.ts) by receiving each one
// through SOP step 1 exactly as receiveComplaint does: the receive step module, the runner, its
// history, deadlines and events. Idempotent by tracking ID: a report already here is counted
// unchanged, or reported as changed and left as it is (never overwritten). All or nothing: the file is
// checked completely first, then every report is received in one transaction.
import { ImportRejectedError, type ImportIssue, NotFoundError } from '../errors.js';
import type { Complaint } from '../generated/prisma/client.js';
import { receiveInTx, type ReceiveInput, type Receiver } from '../sop/actions/receive.js';
import type { SopServices } from '../sop/services.js';
import { isUuid } from '../uuid.js';
import { type ColumnMapping, LAPOR_EXPORT_MAPPING } from './mapping.js';
import type { ImportTable } from './read.js';
import { duplicatesInFile, resolveColumns, rowToInput } from './rows.js';

export interface ImportOptions {
  /** The receiving agency; null: the receiver's own (an ADMIN's). */
  agencyId: string | null;
  mapping?: ColumnMapping;
  /** Check and compare only; nothing is written. */
  dryRun?: boolean;
  /** Receive the good rows and report the bad ones, instead of refusing the whole file. */
  skipBadRows?: boolean;
  onProgress?: (p: ImportProgress) => void;
}

export type ImportPhase = 'CHECKING' | 'RECEIVING' | 'DONE';

export interface ImportProgress {
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ChangedReport {
  line: number;
  trackingId: string;
  /** Which fields differ from the complaint already received (names only, never values). */
  fields: string[];
}

export interface ImportReport {
  format: ImportTable['format'];
  rows: number;
  /** Received now (or, in a dry run, that would be). */
  received: number;
  unchanged: number;
  changed: ChangedReport[];
  /** Rows left out with --skip-bad-rows, each problem once. */
  badRows: ImportIssue[];
  dryRun: boolean;
  receivedComplaintIds: string[];
}

/** Fields compared with a complaint already received under the same tracking ID. */
function differences(input: ReceiveInput, agencyId: string, c: Complaint): string[] {
  const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? null) === (b ?? null);
  const fields: string[] = [];
  if (c.agencyId !== agencyId) fields.push('agency');
  if (c.kind !== input.kind) fields.push('kind');
  if (!same(c.title, input.title.trim())) fields.push('title');
  if (!same(c.content, input.content)) fields.push('content');
  if (!same(c.category, input.category?.trim() || null)) fields.push('category');
  if (!same(c.location, input.location?.trim() || null)) fields.push('location');
  if (c.submittedAt.getTime() !== input.submittedAt.getTime()) fields.push('submittedAt');
  if (c.dispatchedAt.getTime() !== input.dispatchedAt.getTime()) fields.push('dispatchedAt');
  if (c.anonymous !== (input.reporter?.anonymous ?? false)) fields.push('anonymous');
  if (c.confidential !== (input.reporter?.confidential ?? false)) fields.push('confidential');
  if (!c.anonymous) {
    if (!same(c.reporterName, input.reporter?.name?.trim() || null)) fields.push('reporterName');
    if (!same(c.reporterContact, input.reporter?.contact?.trim() || null)) fields.push('reporterContact');
  }
  return fields;
}

const LOOKUP_CHUNK = 1000;

export async function importComplaints(
  services: SopServices,
  receiver: Receiver,
  table: ImportTable,
  opts: ImportOptions,
): Promise<ImportReport> {
  const { prisma } = services.db;
  const now = services.clock.now();
  const progress = opts.onProgress ?? (() => {});
  const mapping = opts.mapping ?? LAPOR_EXPORT_MAPPING;
  const agencyId = receiver.ownAgencyId ?? opts.agencyId;
  if (!agencyId)
    throw new ImportRejectedError('say which agency receives the reports', [{ line: 0, column: null, reason: 'no agency given' }]);
  if (receiver.ownAgencyId && opts.agencyId && opts.agencyId !== receiver.ownAgencyId) {
    throw new ImportRejectedError('you can only import reports for your own agency', [{ line: 0, column: null, reason: 'another agency' }]);
  }
  const agency = isUuid(agencyId) ? await prisma.agency.findUnique({ where: { id: agencyId }, select: { timeZone: true } }) : null;
  if (!agency) throw new NotFoundError('Agency', agencyId);

  const resolved = resolveColumns(table.header, mapping);
  if ('issues' in resolved) throw new ImportRejectedError('the header does not match the column mapping', resolved.issues);
  if (table.rows.length === 0)
    throw new ImportRejectedError('the file has no reports', [{ line: 0, column: null, reason: 'no rows below the header' }]);

  // 1. Every row checked, every problem collected.
  const total = table.rows.length;
  progress({ phase: 'CHECKING', done: 0, total });
  const ctx = { columns: resolved.columns, mapping, timeZone: agency.timeZone, agencyId, receiver, now };
  const issues: ImportIssue[] = [];
  const good: { line: number; input: ReceiveInput }[] = [];
  for (const row of table.rows) {
    const r = rowToInput(row, ctx);
    if (r.issues) issues.push(...r.issues);
    else good.push({ line: row.line, input: r.input });
  }
  const dupes = duplicatesInFile(
    good.map((g) => ({ line: g.line, trackingId: g.input.trackingId.trim() })),
    resolved.columns.name.trackingId!,
  );
  issues.push(...dupes);
  if (issues.length && !opts.skipBadRows)
    throw new ImportRejectedError(`${new Set(issues.map((i) => i.line)).size} row(s) have problems`, issues);
  const badLines = new Set(issues.map((i) => i.line));
  const candidates = good.filter((g) => !badLines.has(g.line));

  // 2. Already received? Unchanged, or changed (reported, left alone).
  const existing = new Map<string, Complaint>();
  for (let i = 0; i < candidates.length; i += LOOKUP_CHUNK) {
    const ids = candidates.slice(i, i + LOOKUP_CHUNK).map((c) => c.input.trackingId.trim());
    for (const c of await prisma.complaint.findMany({ where: { trackingId: { in: ids } } })) existing.set(c.trackingId, c);
  }
  let unchanged = 0;
  const changed: ChangedReport[] = [];
  const fresh: typeof candidates = [];
  for (const c of candidates) {
    const trackingId = c.input.trackingId.trim();
    const found = existing.get(trackingId);
    if (!found) fresh.push(c);
    else {
      const fields = differences(c.input, agencyId, found);
      if (fields.length) changed.push({ line: c.line, trackingId, fields });
      else unchanged++;
    }
  }
  progress({ phase: 'CHECKING', done: total, total });

  const report: ImportReport = {
    format: table.format,
    rows: total,
    received: fresh.length,
    unchanged,
    changed,
    badRows: issues,
    dryRun: opts.dryRun ?? false,
    receivedComplaintIds: [],
  };
  if (opts.dryRun || fresh.length === 0) {
    progress({ phase: 'DONE', done: total, total });
    return report;
  }

  // 3. Received through the runner, all in one transaction, the events into the outbox with them.
  const settled = total - fresh.length;
  progress({ phase: 'RECEIVING', done: settled, total });
  try {
    await receiveAll();
  } catch (err) {
    // Someone received one of these reports between the check and now: nothing was written.
    if ((err as { code?: string }).code === 'P2002') {
      throw new ImportRejectedError('a report in the file was received meanwhile by someone else; run the import again', [
        { line: 0, column: null, reason: 'received meanwhile' },
      ]);
    }
    throw err;
  }
  if (report.receivedComplaintIds.length > 0) await services.outbox.committed();
  progress({ phase: 'DONE', done: total, total });
  return report;

  async function receiveAll() {
    await prisma.$transaction(
      async (tx) => {
        let n = 0;
        for (const { input } of fresh) {
          const { complaint } = await receiveInTx(services, tx, receiver, input, services.clock.now(), { batchChecked: true });
          report.receivedComplaintIds.push(complaint.id);
          n++;
          if (n % 25 === 0 || n === fresh.length) {
            progress({ phase: 'RECEIVING', done: settled + n, total });
            // Embedded PGlite answers in microtasks only: without a turn of the event loop now and then,
            // no timer (the progress bar) and no socket (the progress subscription) would run until the end.
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
      },
      // A large file is one long transaction on purpose (all or nothing).
      { timeout: Math.max(60_000, fresh.length * 100), maxWait: 20_000 },
    );
  }
}
