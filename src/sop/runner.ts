// The one way a complaint changes: lock the row, check the version the client saw, ask the pure
// workflow whether the action is legal for this actor, write the step's own rows, the new status, the
// deadlines, the history row and the event (into the outbox) in ONE transaction; the outbox
// dispatcher delivers it after the commit.
// Receiving (the complaint does not exist yet) and the notes that change no status (Ombudsman
// take-over, deadlines moved by a holiday change) go through here too. GraphQL-free.
import { ConflictError, ForbiddenError, IllegalTransitionError, NotFoundError, RoleNotAllowedError } from '../errors.js';
import { Prisma, type Complaint } from '../generated/prisma/client.js';
import type { Localized } from '../i18n/messages.js';
import { isUuid } from '../uuid.js';
import { statusChangedEvent, type ComplaintStatusChanged } from './events.js';
import { writeHistory } from './history.js';
import { recordEvents } from './outbox.js';
import type { SopServices, Tx } from './services.js';
import type { ActorRole, ComplaintStatus, NoteAction } from './vocabulary.js';
import {
  allowedActions,
  NOTE_ROLES,
  rolesFor,
  SOP_STEP,
  transition,
  type TransitionContext,
  type WorkflowAction,
  type WorkflowViolation,
} from './workflow.js';

export type { Tx } from './services.js';

export interface Actor {
  id: string | null;
  role: ActorRole;
  divisionId?: string | null;
  /** The complaints this actor may act on (a Prisma filter); `{}` for the system and the demo seed. */
  scope: Prisma.ComplaintWhereInput;
}

/** The deadline sweeper. */
export const SYSTEM_ACTOR: Actor = { id: null, role: 'SYSTEM', scope: {} };

/** What the workflow needs to know about the current round, loaded inside the transaction. */
export interface RoundFacts {
  disposedDivisionIds: string[];
  formulatedDivisionIds: string[];
  reportedDivisionIds: string[];
}

/** The status and round the workflow decided on. */
export interface NextState {
  status: ComplaintStatus;
  round: number;
}

/**
 * One workflow action on an existing complaint. `V` is what validate() found (names, texts...), `R`
 * what apply() wrote; both are handed on to update() and summary(), so nothing passes through closures.
 */
export interface TransitionRequest<V = void, R = void> {
  complaintId: string;
  /** The version the client saw; null only for the system sweeper, which re-checks state instead. */
  expectedVersion: number | null;
  action: WorkflowAction;
  /** When the change happens (history, deadlines); default: the clock. The demo seed replays the past. */
  at?: Date;
  /**
   * Action-specific inputs for the workflow guards (satisfied, reason, target division). A step that
   * writes disposition rows names its divisions here (`disposedDivisionIds`, DISPOSE): the runner
   * then reads them again for the event; after any other step it uses those it read under the lock.
   */
  context?: Pick<TransitionContext, 'satisfied' | 'reason' | 'divisionId' | 'disposedDivisionIds'>;
  /**
   * Input checks that need the database (a division of this agency, a report to post...). Runs once
   * the action is legal from the current status, before the guards, so a wrong step still reports
   * ILLEGAL_TRANSITION first; throw InvalidInputError to abort with nothing written.
   */
  validate?: (tx: Tx, c: Complaint, facts: RoundFacts) => Promise<V>;
  /** The step's own writes (disposition sheet, follow-up, response...), after every check passed. */
  apply?: (tx: Tx, c: Complaint, next: NextState, checked: V) => Promise<R>;
  /** Extra columns for the complaint row. */
  update?: (c: Complaint, applied: R, next: NextState, checked: V) => Prisma.ComplaintUpdateInput;
  /** History summary, in the SOP's words (wording.ts). */
  summary: (c: Complaint, applied: R, next: NextState, checked: V) => Localized;
}

/** The plain values of an update (dates, strings, numbers), i.e. the row as it will be after it. */
function foreseeable(data: Prisma.ComplaintUpdateInput): Partial<Complaint> {
  return Object.fromEntries(
    Object.entries(data).filter(([, v]) => v === null || v instanceof Date || typeof v !== 'object'),
  ) as Partial<Complaint>;
}

/** The round facts and, in the order stored, the complaint's disposition rows' divisions (the event's list). */
interface LoadedFacts {
  facts: RoundFacts;
  disposedRows: string[];
}

/**
 * What the workflow needs to know about the complaint's current round, in one statement (three tables).
 * Read after the row lock, so it sees what a transaction the lock waited for committed.
 */
async function loadFacts(tx: Tx, complaintId: string, round: number): Promise<LoadedFacts> {
  return (await loadFactsMany(tx, [{ id: complaintId, round }])).get(complaintId)!;
}

/** The disposition rows' divisions of these complaints, in the order stored (an event's list). */
async function disposedDivisions(tx: Tx, complaintIds: string[]): Promise<Map<string, string[]>> {
  const divisions = new Map<string, string[]>();
  for (const d of await tx.dispositionDivision.findMany({
    where: { complaintId: { in: complaintIds } },
    select: { complaintId: true, divisionId: true },
  })) {
    divisions.set(d.complaintId, [...(divisions.get(d.complaintId) ?? []), d.divisionId]);
  }
  return divisions;
}

const TX_OPTIONS = { timeout: 20_000, maxWait: 20_000 };

/**
 * The SOP assigns the action to other roles: refused before anything is read or checked, so a wrong
 * role learns nothing about the complaint and gets the same answer whatever its input.
 */
export function assertMayTake(actor: Pick<Actor, 'role'>, action: WorkflowAction): void {
  const roles = rolesFor(action);
  if (!roles.includes(actor.role)) throw new RoleNotAllowedError(action, actor.role, roles, SOP_STEP[action]);
}

/** The typed error for a workflow violation (status is the complaint's current one). */
function violationError(v: WorkflowViolation, status: ComplaintStatus, actor: Actor): Error {
  if (v.kind === 'ROLE_NOT_ALLOWED') return new RoleNotAllowedError(v.action, v.role, v.allowedRoles, SOP_STEP[v.action]);
  if (v.kind === 'ILLEGAL_TRANSITION') return new IllegalTransitionError(v.text, status, v.action, v.allowedActions);
  return new IllegalTransitionError(v.text, status, v.action, allowedActions(status, actor.role));
}

/**
 * Runs one workflow action in its own transaction. Returns the updated complaint; throws NotFound /
 * Conflict / IllegalTransition / Forbidden / InvalidInput with nothing written.
 */
export async function runTransition<V = void, R = void>(
  services: SopServices,
  actor: Actor,
  req: TransitionRequest<V, R>,
): Promise<Complaint> {
  assertMayTake(actor, req.action);
  if (!isUuid(req.complaintId)) throw new NotFoundError('Complaint', req.complaintId);
  const { complaint } = await services.db.prisma.$transaction((tx) => runTransitionInTx(services, tx, actor, req), TX_OPTIONS);
  await services.outbox.committed();
  return complaint;
}

/**
 * The body of runTransition inside a transaction the caller owns (the sweeper closes a batch of
 * locked rows in one; the demo seed replays a complaint's steps in one). The event is in the outbox
 * with the change; the caller tells services.outbox after its commit.
 */
export async function runTransitionInTx<V = void, R = void>(
  services: SopServices,
  tx: Tx,
  actor: Actor,
  req: TransitionRequest<V, R>,
): Promise<{ complaint: Complaint; event: ComplaintStatusChanged; applied: R }> {
  assertMayTake(actor, req.action);
  if (!isUuid(req.complaintId)) throw new NotFoundError('Complaint', req.complaintId);
  // Row lock: concurrent actions on one complaint queue here, then see the new version.
  await tx.$queryRaw`SELECT 1 FROM "Complaint" WHERE id = ${req.complaintId}::uuid FOR UPDATE`;
  const current = await tx.complaint.findFirst({ where: { AND: [{ id: req.complaintId }, actor.scope] } });
  if (!current) throw new NotFoundError('Complaint', req.complaintId);
  if (req.expectedVersion !== null && req.expectedVersion !== current.version) {
    throw new ConflictError(req.expectedVersion, current.version);
  }
  const status = current.status as ComplaintStatus;
  const { facts, disposedRows } = await loadFacts(tx, current.id, current.round);
  const checked = req.validate && allowedActions(status).includes(req.action) ? await req.validate(tx, current, facts) : (undefined as V);
  const outcome = transition(status, req.action, actor.role, {
    round: current.round,
    ...facts,
    // DISPOSE names its divisions in the request; every later action reads them from the database.
    disposedDivisionIds: req.context?.disposedDivisionIds ?? facts.disposedDivisionIds,
    divisionId: req.context?.divisionId ?? (req.action === 'RECORD_FOLLOW_UP_RESULT' ? (actor.divisionId ?? undefined) : undefined),
    satisfied: req.context?.satisfied,
    reason: req.context?.reason,
    statusBeforeArchive: current.statusBeforeArchive as ComplaintStatus | null,
    status,
    paused: current.pausedAt !== null,
    extendedRound: current.followUpExtendedRound,
  });
  if (!outcome.ok) throw violationError(outcome.error, status, actor);
  const next: NextState = { status: outcome.to, round: outcome.round };
  const applied = req.apply ? await req.apply(tx, current, next, checked) : (undefined as R);
  const at = req.at ?? services.clock.now();
  const data = { ...(req.update ? req.update(current, applied, next, checked) : {}), status: next.status, round: next.round };
  // Deadlines follow the new state in the same commit and, as far as they can be foreseen, in the
  // same row write; maintain() then catches the rest.
  const deadlines = await services.deadlines.changesFor(tx, { ...current, ...foreseeable(data) }, at);
  const updated = await services.deadlines.maintain(
    tx,
    await tx.complaint.update({ where: { id: current.id }, data: { ...data, ...deadlines, version: { increment: 1 } } }),
    at,
  );
  await writeHistory(tx, [
    {
      complaintId: current.id,
      actorId: actor.id,
      actorRole: actor.role,
      action: req.action,
      fromStatus: status,
      toStatus: next.status,
      round: next.round,
      summary: req.summary(current, applied, next, checked),
      at,
    },
  ]);
  const event = statusChangedEvent(updated, {
    action: req.action,
    previousStatus: status,
    // Only the step that disposes (it names the divisions in its context) writes disposition rows;
    // after any other the ones read under the lock are still the complaint's.
    divisionIds: req.context?.disposedDivisionIds ? ((await disposedDivisions(tx, [current.id])).get(current.id) ?? []) : disposedRows,
    at,
    actorRole: actor.role,
  });
  await recordEvents(tx, [{ topic: 'complaint:status', event }]);
  return { complaint: updated, event, applied };
}

/** A request of a batch that was not carried out (nothing was written for it). */
export interface Rejected {
  complaintId: string;
  error: unknown;
}

/** loadFacts for many complaints (each at its current round), in one statement. */
async function loadFactsMany(tx: Tx, rows: readonly Pick<Complaint, 'id' | 'round'>[]): Promise<Map<string, LoadedFacts>> {
  const out = new Map<string, LoadedFacts>(
    rows.map((r) => [r.id, { facts: { disposedDivisionIds: [], formulatedDivisionIds: [], reportedDivisionIds: [] }, disposedRows: [] }]),
  );
  if (rows.length === 0) return out;
  const ids = Prisma.join(rows.map((r) => Prisma.sql`${r.id}::uuid`));
  const found = await tx.$queryRaw<{ k: 'D' | 'P' | 'R'; c: string; d: string; round: number | null }[]>`
    SELECT 'D' AS k, "complaintId"::text AS c, "divisionId"::text AS d, NULL::int AS round FROM "DispositionDivision" WHERE "complaintId" IN (${ids})
    UNION ALL
    SELECT 'P', "complaintId"::text, "divisionId"::text, round FROM "FollowUpPlan" WHERE "complaintId" IN (${ids})
    UNION ALL
    SELECT 'R', "complaintId"::text, "divisionId"::text, round FROM "FollowUpResult" WHERE "complaintId" IN (${ids})`;
  const roundOf = new Map(rows.map((r) => [r.id, r.round]));
  for (const r of found) {
    const f = out.get(r.c)!;
    if (r.k === 'D') {
      f.disposedRows.push(r.d);
      if (!f.facts.disposedDivisionIds.includes(r.d)) f.facts.disposedDivisionIds.push(r.d);
    } else if (roundOf.get(r.c) === r.round) (r.k === 'P' ? f.facts.formulatedDivisionIds : f.facts.reportedDivisionIds).push(r.d);
  }
  return out;
}

/** An update a multi-row UPDATE can carry: plain values and `{ increment }` only (no relation writes). */
function isFlat(data: Prisma.ComplaintUpdateInput): boolean {
  return Object.values(data).every(
    (v) => v === null || v instanceof Date || typeof v !== 'object' || (Object.keys(v).length === 1 && 'increment' in v),
  );
}

/**
 * The same action on many complaints inside the caller's transaction: runTransitionInTx's rules and
 * writes, row for row (lock, scope, version, workflow, the step's check and write, deadlines,
 * history, event), with the reads and writes made per batch instead of per row: one lock statement,
 * one complaint read, one round-facts read, the deadline inputs once per agency, one UPDATE per
 * distinct set of new column values, one history insert. The deadline sweeper closes its due rows
 * through here. A request the workflow refuses (not found, conflict, illegal, forbidden, invalid
 * input) is returned in `rejected` with nothing written for it; a database error aborts the batch
 * (the caller rolls back and may retry row by row). The caller publishes the events after its commit.
 */
export async function runTransitionsInTx<V = void, R = void>(
  services: SopServices,
  tx: Tx,
  actor: Actor,
  reqs: readonly TransitionRequest<V, R>[],
): Promise<{ done: { complaint: Complaint; event: ComplaintStatusChanged; applied: R }[]; rejected: Rejected[] }> {
  const rejected: Rejected[] = [];
  const valid = reqs.filter((r) => {
    if (isUuid(r.complaintId)) return true;
    rejected.push({ complaintId: r.complaintId, error: new NotFoundError('Complaint', r.complaintId) });
    return false;
  });
  if (valid.length === 0) return { done: [], rejected };
  const ids = [...new Set(valid.map((r) => r.complaintId))];
  // Row locks, in id order so two batches over overlapping rows cannot deadlock.
  await tx.$queryRaw`SELECT 1 FROM "Complaint" WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))}) ORDER BY id FOR UPDATE`;
  const rows = new Map(
    (await tx.complaint.findMany({ where: { AND: [{ id: { in: ids } }, actor.scope] } })).map((c) => [c.id, c] as const),
  );
  const facts = await loadFactsMany(tx, [...rows.values()]);

  // One instant for the batch: its deadlines are planned as of it.
  const at = valid[0]!.at ?? services.clock.now();
  if (valid.some((r) => (r.at ?? at).getTime() !== at.getTime())) throw new Error('runTransitionsInTx: one instant per batch');

  interface Planned {
    current: Complaint;
    action: WorkflowAction;
    status: ComplaintStatus;
    next: NextState;
    applied: R;
    data: Prisma.ComplaintUpdateInput;
    summary: Localized;
  }
  const planned: Planned[] = [];
  for (const req of valid) {
    const current = rows.get(req.complaintId);
    let checked: V;
    let next: NextState;
    try {
      assertMayTake(actor, req.action);
      // One action per complaint and batch: a second would need the first one's outcome.
      if (!current || planned.some((p) => p.current.id === current.id)) throw new NotFoundError('Complaint', req.complaintId);
      if (req.expectedVersion !== null && req.expectedVersion !== current.version) {
        throw new ConflictError(req.expectedVersion, current.version);
      }
      const status = current.status as ComplaintStatus;
      const f = facts.get(current.id)!.facts;
      checked = req.validate && allowedActions(status).includes(req.action) ? await req.validate(tx, current, f) : (undefined as V);
      const outcome = transition(status, req.action, actor.role, {
        round: current.round,
        ...f,
        disposedDivisionIds: req.context?.disposedDivisionIds ?? f.disposedDivisionIds,
        divisionId: req.context?.divisionId ?? (req.action === 'RECORD_FOLLOW_UP_RESULT' ? (actor.divisionId ?? undefined) : undefined),
        satisfied: req.context?.satisfied,
        reason: req.context?.reason,
        statusBeforeArchive: current.statusBeforeArchive as ComplaintStatus | null,
        status,
        paused: current.pausedAt !== null,
        extendedRound: current.followUpExtendedRound,
      });
      if (!outcome.ok) throw violationError(outcome.error, status, actor);
      next = { status: outcome.to, round: outcome.round };
    } catch (error) {
      rejected.push({ complaintId: req.complaintId, error });
      continue;
    }
    // From here on the row is written: an error aborts the batch.
    const applied = req.apply ? await req.apply(tx, current, next, checked) : (undefined as R);
    planned.push({
      current,
      action: req.action,
      status: current.status as ComplaintStatus,
      next,
      applied,
      data: { ...(req.update ? req.update(current, applied, next, checked) : {}), status: next.status, round: next.round },
      summary: req.summary(current, applied, next, checked),
    });
  }
  if (planned.length === 0) return { done: [], rejected };

  // Deadlines of each row as it will be, then one UPDATE per distinct set of new values.
  const deadlines = await services.deadlines.changesForMany(
    tx,
    planned.map((p) => ({ ...p.current, ...foreseeable(p.data) }) as Complaint),
    at,
  );
  const groups = new Map<string, { data: Prisma.ComplaintUpdateInput; ids: string[] }>();
  const written = new Map<string, Complaint>();
  for (const [i, p] of planned.entries()) {
    const data = { ...p.data, ...deadlines[i], version: { increment: 1 } };
    if (!isFlat(data)) {
      written.set(p.current.id, await tx.complaint.update({ where: { id: p.current.id }, data }));
      continue;
    }
    const key = JSON.stringify(data);
    const g = groups.get(key) ?? { data, ids: [] as string[] };
    g.ids.push(p.current.id);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const updated = await tx.complaint.updateManyAndReturn({
      where: { id: { in: g.ids } },
      data: g.data as Prisma.ComplaintUpdateManyMutationInput,
    });
    for (const c of updated) written.set(c.id, c);
  }
  const maintained = await services.deadlines.maintainMany(
    tx,
    planned.map((p) => written.get(p.current.id)!),
    at,
  );
  await writeHistory(
    tx,
    planned.map((p) => ({
      complaintId: p.current.id,
      actorId: actor.id,
      actorRole: actor.role,
      action: p.action,
      fromStatus: p.status,
      toStatus: p.next.status,
      round: p.next.round,
      summary: p.summary,
      at,
    })),
  );
  // As in the single form: re-read only when a step of the batch disposed.
  const divisions = valid.some((r) => r.context?.disposedDivisionIds)
    ? await disposedDivisions(tx, ids)
    : new Map<string, string[]>([...facts].map(([id, f]) => [id, f.disposedRows]));
  const done = planned.map((p, i) => {
    const complaint = maintained[i]!;
    const event = statusChangedEvent(complaint, {
      action: p.action,
      previousStatus: p.status,
      divisionIds: divisions.get(p.current.id) ?? [],
      at,
      actorRole: actor.role,
    });
    return { complaint, event, applied: p.applied };
  });
  // One outbox insert for the batch, in its transaction, like the single form's.
  await recordEvents(
    tx,
    done.map(({ event }) => ({ topic: 'complaint:status', event })),
  );
  return { done, rejected };
}

/** A complaint coming into existence (RECEIVE): the workflow from "not yet received". */
export interface CreationRequest {
  action: WorkflowAction;
  /** The row; status and round come from the workflow. */
  data: Omit<Prisma.ComplaintUncheckedCreateInput, 'status' | 'round'>;
  at?: Date;
  summary: (c: Complaint) => Localized;
}

/** A new row's deadline-related columns before any clock runs. */
const NO_CLOCKS = {
  responseDeliveredAt: null,
  followUpDueAt: null,
  followUpWarnAt: null,
  autoCloseAt: null,
  autoCloseWarnAt: null,
  autoCloseWarnedAt: null,
  ombudsmanDueAt: null,
  ombudsmanWarnAt: null,
};

export async function runCreation(services: SopServices, actor: Actor, req: CreationRequest): Promise<Complaint> {
  const { complaint } = await services.db.prisma.$transaction((tx) => runCreationInTx(services, tx, actor, req), TX_OPTIONS);
  await services.outbox.committed();
  return complaint;
}

export async function runCreationInTx(
  services: SopServices,
  tx: Tx,
  actor: Actor,
  req: CreationRequest,
): Promise<{ complaint: Complaint; event: ComplaintStatusChanged }> {
  assertMayTake(actor, req.action);
  const outcome = transition(null, req.action, actor.role, { round: 1 });
  // Only RECEIVE creates, and the workflow table has it start from "not yet received".
  if (!outcome.ok) throw new Error(`${req.action} cannot create a complaint: ${outcome.error.message}`);
  const at = req.at ?? services.clock.now();
  const row = { ...req.data, status: outcome.to, round: outcome.round };
  // The clocks that start with the receipt go into the same INSERT (as a transition writes its row
  // once); maintain() below then finds nothing left to write.
  const deadlines = await services.deadlines.changesFor(tx, { ...NO_CLOCKS, receivedAt: at, ...row } as Complaint, at);
  const created = await tx.complaint.create({ data: { ...row, ...(deadlines as Partial<Complaint>) } });
  await writeHistory(tx, [
    {
      complaintId: created.id,
      actorId: actor.id,
      actorRole: actor.role,
      action: req.action,
      fromStatus: null,
      toStatus: outcome.to,
      round: outcome.round,
      summary: req.summary(created),
      at,
    },
  ]);
  // The follow-up and Ombudsman clocks start with the receipt, in the same commit.
  const complaint = await services.deadlines.maintain(tx, created, at);
  const event = statusChangedEvent(complaint, { action: req.action, previousStatus: null, divisionIds: [], at, actorRole: actor.role });
  await recordEvents(tx, [{ topic: 'complaint:status', event }]);
  return { complaint, event };
}

/** A history entry that changes no status, on a row the caller has locked in its transaction. */
export interface Note {
  complaint: Pick<Complaint, 'id' | 'status' | 'round'>;
  action: NoteAction;
  summary: Localized;
}

/** Records notes (the sweeper's Ombudsman take-over, deadlines moved by a holiday change). */
export async function recordNotes(tx: Tx, actor: Pick<Actor, 'id' | 'role'>, notes: readonly Note[], at: Date): Promise<void> {
  for (const n of notes) {
    if (!NOTE_ROLES[n.action].includes(actor.role)) {
      throw new ForbiddenError(`Role ${actor.role} may not ${n.action}; only ${NOTE_ROLES[n.action].join(', ')} may`);
    }
  }
  await writeHistory(
    tx,
    notes.map((n) => ({
      complaintId: n.complaint.id,
      actorId: actor.id,
      actorRole: actor.role,
      action: n.action,
      fromStatus: n.complaint.status as ComplaintStatus,
      toStatus: n.complaint.status as ComplaintStatus,
      round: n.complaint.round,
      summary: n.summary,
      at,
    })),
  );
}
