/**
 * The deadline sweeper: warnings, follow-up overdue, auto-close and Ombudsman escalation.
 *
 * Safe with any number of instances on one PostgreSQL, and across restarts:
 * - everything it acts on is a stored column (nothing lives only in a timer); a sweep after a restart
 *   catches up on whatever fell due meanwhile;
 * - due rows are taken in small batches with `FOR UPDATE SKIP LOCKED` inside a transaction, so two
 *   instances never act on one row at once (the second skips it, or, after the first committed, no
 *   longer matches);
 * - every update is idempotent (`WHERE … IS NULL`), and DeadlineEvent's unique (complaint, deadline,
 *   kind, round) makes each event happen once even if everything else failed;
 * - each scan reads a partial index holding only pending items (migration deadline_sweep), so a sweep
 *   costs the number of due items, not the number of complaints.
 * Events are published on `complaint:deadline` (and `complaint:status` for closures) after commit.
 */
import type { Logger } from 'pino';
import { Prisma, type Complaint } from '../generated/prisma/client.js';
import type { AppServices } from '../services.js';
import { autoClose } from '../sop/actions/auto-close.js';
import { recordOmbudsmanEscalations } from '../sop/actions/escalate-to-ombudsman.js';
import { deadlineEvent, type ComplaintDeadlineEvent, type ComplaintStatusChanged } from '../sop/events.js';
import { recordEvents } from '../sop/outbox.js';
import { SYSTEM_ACTOR } from '../sop/runner.js';
import { performStepInTx, performStepsInTx } from '../sop/step.js';
import type { ComplaintStatus, DeadlineEventKind, DeadlineKind } from '../sop/vocabulary.js';

type Tx = Prisma.TransactionClient;

export const SWEEP_BATCH_SIZE = 100;
/** A sweep stops after this many batches per task and lets the next one continue. */
const MAX_BATCHES = 1000;

export interface SweepReport {
  warnings: number;
  overdue: number;
  autoClosed: number;
  escalated: number;
}

export interface DeadlineSweeper {
  /** One full pass as of `now` (tests call this; the timer calls it with the clock). */
  sweepOnce(now?: Date): Promise<SweepReport>;
  start(intervalSeconds: number): void;
  /** Stops the timer and waits for a running sweep to finish. */
  stop(): Promise<void>;
}

interface DueRow {
  id: string;
  trackingId: string;
  agencyId: string;
  round: number;
  version: number;
  status: ComplaintStatus;
  dueAt: Date;
}

/** A marker-setting task: the due column, the marker it sets, and the event it records. */
interface MarkerTask {
  deadline: DeadlineKind;
  kind: DeadlineEventKind;
  /** Column whose instant has come (a warn-at or a due-at column). */
  at: string;
  /** Column set to now; the row is pending while it is NULL. */
  marker: string;
  /** The deadline's due column, for the event. */
  due: string;
  /** Extra condition (already implied by the clock columns; kept as a safety net). */
  extra?: string;
}

const MARKER_TASKS: readonly MarkerTask[] = [
  { deadline: 'FOLLOW_UP', kind: 'WARNING', at: 'followUpWarnAt', marker: 'followUpWarnedAt', due: 'followUpDueAt' },
  {
    deadline: 'AUTO_CLOSE',
    kind: 'WARNING',
    at: 'autoCloseWarnAt',
    marker: 'autoCloseWarnedAt',
    due: 'autoCloseAt',
    extra: `"status" = 'RESPONSE_DELIVERED'`,
  },
  {
    deadline: 'OMBUDSMAN',
    kind: 'WARNING',
    at: 'ombudsmanWarnAt',
    marker: 'ombudsmanWarnedAt',
    due: 'ombudsmanDueAt',
    extra: `"escalatedAt" IS NULL`,
  },
  { deadline: 'FOLLOW_UP', kind: 'OVERDUE', at: 'followUpDueAt', marker: 'followUpOverdueAt', due: 'followUpDueAt' },
  {
    deadline: 'OMBUDSMAN',
    kind: 'ESCALATED_TO_OMBUDSMAN',
    at: 'ombudsmanDueAt',
    marker: 'escalatedAt',
    due: 'ombudsmanDueAt',
    extra: `"responseDeliveredAt" IS NULL`,
  },
  // A tunda that outlasted PAUSE_MAX_WORKING_DAYS: warn once (the clock stays stopped).
  { deadline: 'PAUSE', kind: 'WARNING', at: 'pauseLimitAt', marker: 'pauseWarnedAt', due: 'pauseLimitAt', extra: `"pausedAt" IS NOT NULL` },
];

const q = (column: string) => Prisma.raw(`"${column}"`);

/**
 * Timestamps are `timestamp(3)` holding UTC; bind them as UTC text so no session time zone can
 * shift them.
 */
export function sqlInstant(d: Date) {
  return Prisma.sql`${d.toISOString().slice(0, 23)}::timestamp(3)`;
}

/** The due-row query of a task (exported for the EXPLAIN test and the benchmark). */
export function dueRowsQuery(task: MarkerTask, now: Date, limit: number) {
  return Prisma.sql`
    WITH due AS (
      SELECT id FROM "Complaint"
      WHERE ${q(task.at)} IS NOT NULL AND ${q(task.marker)} IS NULL AND ${q(task.at)} <= ${sqlInstant(now)}
      ORDER BY ${q(task.at)}
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Complaint" c SET ${q(task.marker)} = ${sqlInstant(now)}
    FROM due
    WHERE c.id = due.id AND c.${q(task.marker)} IS NULL${task.extra ? Prisma.raw(` AND c.${task.extra}`) : Prisma.empty}
    RETURNING c.id, c."trackingId", c."agencyId", c.round, c.version, c.status, c.${q(task.due)} AS "dueAt"`;
}

export function autoCloseCandidatesQuery(now: Date, limit: number, skip: readonly string[] = []) {
  return Prisma.sql`
    SELECT id FROM "Complaint"
    WHERE "autoCloseAt" <= ${sqlInstant(now)} AND status = 'RESPONSE_DELIVERED'
      ${skip.length ? Prisma.sql`AND id NOT IN (${Prisma.join(skip.map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.empty}
    ORDER BY "autoCloseAt"
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
}

export const MARKER_TASK_LIST = MARKER_TASKS;

async function divisionsOf(tx: Tx, ids: string[]): Promise<Map<string, string[]>> {
  const rows = await tx.dispositionDivision.findMany({
    where: { complaintId: { in: ids } },
    select: { complaintId: true, divisionId: true },
  });
  const map = new Map<string, string[]>();
  for (const r of rows) {
    const list = map.get(r.complaintId) ?? [];
    if (!list.includes(r.divisionId)) list.push(r.divisionId);
    map.set(r.complaintId, list);
  }
  return map;
}

export interface SweepOutcome {
  report?: SweepReport;
  error?: unknown;
  seconds: number;
}

export function createDeadlineSweeper(
  services: AppServices,
  opts: { batchSize?: number; log?: Logger /** Told about every sweep (metrics). */; onSweep?: (outcome: SweepOutcome) => void } = {},
): DeadlineSweeper {
  const batchSize = opts.batchSize ?? SWEEP_BATCH_SIZE;
  // Closures go through the runner's batch form (a constant number of statements per batch), so a
  // batch holds its row locks, which a user acting on the same complaint would wait for, briefly.
  const closeBatchSize = batchSize;
  const log = opts.log ?? services.log.child({ component: 'deadline-sweeper' });
  const { prisma } = services.db;
  const { config } = services;

  /** One batch of one marker task in one transaction; returns how many rows it acted on. */
  async function markerBatch(task: MarkerTask, now: Date): Promise<number> {
    const events = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<DueRow[]>(dueRowsQuery(task, now, batchSize));
        if (rows.length === 0) return [];
        await tx.deadlineEvent.createMany({
          data: rows.map((r) => ({ complaintId: r.id, deadline: task.deadline, kind: task.kind, dueAt: r.dueAt, round: r.round, at: now })),
          skipDuplicates: true,
        });
        if (task.kind === 'ESCALATED_TO_OMBUDSMAN') {
          // Not a status change: the complaint stays where it is and work continues.
          await recordOmbudsmanEscalations(tx, config, rows, now);
        }
        const divisions = await divisionsOf(
          tx,
          rows.map((r) => r.id),
        );
        const built = rows.map((r) =>
          deadlineEvent(r, { deadline: task.deadline, kind: task.kind, dueAt: r.dueAt, divisionIds: divisions.get(r.id) ?? [], at: now }),
        );
        await recordEvents(
          tx,
          built.map((event) => ({ topic: 'complaint:deadline', event })),
        );
        return built;
      },
      { timeout: 60_000, maxWait: 60_000 },
    );
    if (events.length > 0) await services.outbox.committed();
    return events.length;
  }

  /** One batch of auto-closures: the workflow action AUTO_CLOSE by SYSTEM, on rows locked here. */
  async function autoCloseBatch(now: Date, failed: Set<string>): Promise<{ picked: number; closed: number }> {
    let picked = 0;
    const done = await prisma.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: string }[]>(autoCloseCandidatesQuery(now, closeBatchSize, [...failed]));
        picked = rows.length;
        const out: { status: ComplaintStatusChanged; deadline: ComplaintDeadlineEvent }[] = [];
        const record = (closed: { complaint: Complaint; event: ComplaintStatusChanged; written: { dueAt: Date } }) =>
          out.push({
            status: closed.event,
            deadline: deadlineEvent(closed.complaint, {
              deadline: 'AUTO_CLOSE',
              kind: 'AUTO_CLOSED',
              dueAt: closed.written.dueAt,
              divisionIds: closed.event.divisionIds,
              at: now,
            }),
          });
        const call = (complaintId: string) => ({ complaintId, expectedVersion: null, input: undefined, at: now });
        // The whole batch through the runner's batch form; should it fail, undo it and fall back to
        // one row at a time, so one complaint that cannot be closed does not hold up the others.
        await tx.$executeRawUnsafe('SAVEPOINT auto_close_batch');
        const batch = await performStepsInTx(
          services,
          tx,
          SYSTEM_ACTOR,
          autoClose,
          rows.map(({ id }) => call(id)),
        ).catch(async (err: unknown) => {
          await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT auto_close_batch');
          log.warn({ err }, 'auto-close batch failed; closing its rows one by one');
          return null;
        });
        if (batch) {
          for (const closed of batch.done) record(closed);
          for (const { complaintId, error } of batch.rejected) {
            failed.add(complaintId);
            log.error({ err: error, complaintId }, 'auto-close refused; will retry next sweep');
          }
        }
        for (const { id } of batch ? [] : rows) {
          // Undo just this row's writes, leave it due (the next sweep retries it) and go on.
          await tx.$executeRawUnsafe('SAVEPOINT auto_close_row');
          const closed = await performStepInTx(services, tx, SYSTEM_ACTOR, autoClose, call(id)).catch(async (err: unknown) => {
            await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT auto_close_row');
            failed.add(id);
            log.error({ err, complaintId: id }, 'auto-close failed; will retry next sweep');
            return null;
          });
          if (closed) record(closed);
        }
        // Same transaction as the closures: an event exists exactly when its closure committed.
        await tx.deadlineEvent.createMany({
          data: out.map(({ deadline: e }) => ({
            complaintId: e.complaintId,
            deadline: e.deadline,
            kind: e.kind,
            dueAt: new Date(e.dueAt),
            round: e.round,
            at: now,
          })),
          skipDuplicates: true,
        });
        // The status events are in the outbox already (the runner wrote them).
        await recordEvents(
          tx,
          out.map(({ deadline: event }) => ({ topic: 'complaint:deadline', event })),
        );
        return out;
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    if (done.length > 0) await services.outbox.committed();
    return { picked, closed: done.length };
  }

  async function drain(size: number, batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const n = await batch();
      total += n;
      if (n < size) break;
    }
    return total;
  }

  async function sweepOnce(now = services.clock.now()): Promise<SweepReport> {
    const t0 = performance.now();
    try {
      const report = await sweepPass(now);
      opts.onSweep?.({ report, seconds: (performance.now() - t0) / 1000 });
      return report;
    } catch (error) {
      opts.onSweep?.({ error, seconds: (performance.now() - t0) / 1000 });
      throw error;
    }
  }

  async function sweepPass(now: Date): Promise<SweepReport> {
    const report: SweepReport = { warnings: 0, overdue: 0, autoClosed: 0, escalated: 0 };
    for (const task of MARKER_TASKS) {
      const n = await drain(batchSize, () => markerBatch(task, now));
      if (task.kind === 'WARNING') report.warnings += n;
      else if (task.kind === 'OVERDUE') report.overdue += n;
      else report.escalated += n;
    }
    const failed = new Set<string>();
    await drain(closeBatchSize, async () => {
      const { picked, closed } = await autoCloseBatch(now, failed);
      report.autoClosed += closed;
      return picked;
    });
    return report;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  function schedule(delayMs: number, intervalMs: number) {
    timer = setTimeout(() => {
      running = sweepOnce()
        .then((r) => {
          if (r.warnings + r.overdue + r.autoClosed + r.escalated > 0) log.info(r, 'deadline sweep');
        })
        .catch((err) => log.error({ err }, 'deadline sweep failed; retrying next interval'))
        .finally(() => {
          running = undefined;
          if (!stopped) schedule(intervalMs, intervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    sweepOnce,
    start(intervalSeconds) {
      if (!stopped) return;
      stopped = false;
      // The first pass soon after start-up catches up on whatever fell due while no instance ran.
      schedule(Math.min(1000, intervalSeconds * 1000), intervalSeconds * 1000);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
