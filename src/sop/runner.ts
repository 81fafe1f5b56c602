// The one way a complaint changes: lock the row, check the version the client saw, ask the pure
// workflow whether the action is legal for this actor, write the step's own rows, the new status, the
// deadlines and the history row in ONE transaction, and publish the event only after it commits.
// Receiving (the complaint does not exist yet) and the notes that change no status (Ombudsman
// take-over, deadlines moved by a holiday change) go through here too. GraphQL-free.
import { ConflictError, ForbiddenError, IllegalTransitionError, NotFoundError, RoleNotAllowedError } from '../errors.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { Localized } from '../i18n/messages.js';
import { isUuid } from '../uuid.js';
import { statusChangedEvent, type ComplaintStatusChanged } from './events.js';
import { writeHistory } from './history.js';
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
  /** Action-specific inputs for the workflow guards (satisfied, reason, target division). */
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

export async function loadRoundFacts(tx: Tx, complaintId: string, round: number): Promise<RoundFacts> {
  const [disposed, plans, results] = await Promise.all([
    tx.dispositionDivision.findMany({ where: { complaintId }, select: { divisionId: true } }),
    tx.followUpPlan.findMany({ where: { complaintId, round }, select: { divisionId: true } }),
    tx.followUpResult.findMany({ where: { complaintId, round }, select: { divisionId: true } }),
  ]);
  return {
    disposedDivisionIds: [...new Set(disposed.map((d) => d.divisionId))],
    formulatedDivisionIds: plans.map((p) => p.divisionId),
    reportedDivisionIds: results.map((r) => r.divisionId),
  };
}

async function disposedDivisions(tx: Tx, complaintId: string): Promise<string[]> {
  const rows = await tx.dispositionDivision.findMany({ where: { complaintId }, select: { divisionId: true } });
  return rows.map((d) => d.divisionId);
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
  const { complaint, event } = await services.db.prisma.$transaction((tx) => runTransitionInTx(services, tx, actor, req), TX_OPTIONS);
  services.pubsub.publish('complaint:status', event);
  return complaint;
}

/**
 * The body of runTransition inside a transaction the caller owns (the sweeper closes a batch of
 * locked rows in one; the demo seed replays a complaint's steps in one). The caller publishes the
 * returned event after its commit.
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
  const facts = await loadRoundFacts(tx, current.id, current.round);
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
    divisionIds: await disposedDivisions(tx, current.id),
    at,
    actorRole: actor.role,
  });
  return { complaint: updated, event, applied };
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
  const { complaint, event } = await services.db.prisma.$transaction((tx) => runCreationInTx(services, tx, actor, req), TX_OPTIONS);
  services.pubsub.publish('complaint:status', event);
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
