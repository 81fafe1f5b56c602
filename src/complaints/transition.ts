// The one way a complaint changes status: lock the row, check the version the client saw, ask the pure
// workflow whether the action is legal for this actor, write the step's own rows, the new status and
// the history row in ONE transaction, and publish the event only after it commits.
import type { ActorRole, ComplaintStatus, TransitionContext, WorkflowAction } from './workflow.js';
import { allowedActions, transition } from './workflow.js';
import type { Viewer } from '../auth/viewer.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import { ConflictError, DomainError, IllegalTransitionError, NotFoundError } from '../errors.js';
import { isUuid } from '../graphql/ids.js';
import type { ComplaintStatusChanged } from '../realtime/events.js';
import type { AppServices } from '../services.js';
import { complaintScope } from './visibility.js';
import { deadlineChangesFor, maintainDeadlines } from '../deadlines/recompute.js';

export type Tx = Prisma.TransactionClient;

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export interface Actor {
  id: string | null;
  role: ActorRole;
  divisionId?: string | null;
}

/** What the workflow needs to know about the current round, loaded inside the transaction. */
export interface RoundFacts {
  disposedDivisionIds: string[];
  formulatedDivisionIds: string[];
  reportedDivisionIds: string[];
}

export interface TransitionRequest<R> {
  complaintId: string;
  /** The version the client saw; null only for the system sweeper, which re-checks state instead. */
  expectedVersion: number | null;
  action: WorkflowAction;
  /** Action-specific inputs for the workflow guards (satisfied, reason, target division). */
  context?: Pick<TransitionContext, 'satisfied' | 'reason' | 'divisionId' | 'disposedDivisionIds'>;
  /**
   * Input checks that need the database (a division of this agency, a report to post...). Runs once
   * the action is legal from the current status, before the guards, so a wrong step still reports
   * ILLEGAL_TRANSITION first; throw InvalidInputError to abort with nothing written.
   */
  validate?: (tx: Tx, c: Complaint, facts: RoundFacts) => Promise<void>;
  /** History summary, in the SOP's words. */
  summary: (c: Complaint, applied: R) => string;
  /**
   * The step's own writes (disposition sheet, follow-up, response...), inside the transaction and
   * after every check passed. May return extra complaint columns to set.
   */
  apply?: (tx: Tx, c: Complaint, next: { status: ComplaintStatus; round: number }) => Promise<R>;
  /** Extra columns for the complaint row, computed from apply()'s result. */
  update?: (c: Complaint, applied: R, next: { status: ComplaintStatus; round: number }) => Prisma.ComplaintUpdateInput;
}

/** The plain values of an update (dates, strings, numbers), i.e. the row as it will be after it. */
function foreseeable(data: Prisma.ComplaintUpdateInput): Partial<Complaint> {
  return Object.fromEntries(
    Object.entries(data).filter(([, v]) => v === null || v instanceof Date || typeof v !== 'object'),
  ) as Partial<Complaint>;
}

export function actorOf(viewer: Viewer): Actor {
  if (viewer?.kind !== 'user') throw new ForbiddenError('Only agency staff can change a complaint');
  return { id: viewer.id, role: viewer.role, divisionId: viewer.divisionId };
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

/**
 * Runs one workflow action. `viewer` decides visibility (null = the system). Returns the updated
 * complaint; throws NotFound / Conflict / IllegalTransition / Forbidden with nothing written.
 */
export async function runTransition<R = void>(
  services: AppServices,
  viewer: Viewer,
  actor: Actor,
  req: TransitionRequest<R>,
): Promise<Complaint> {
  if (!isUuid(req.complaintId)) throw new NotFoundError('Complaint', req.complaintId);
  const { complaint, event } = await services.db.prisma.$transaction(
    (tx) => runTransitionInTx(services, tx, viewer, actor, req),
    { timeout: 20_000, maxWait: 20_000 },
  );
  services.pubsub.publish('complaint:status', event);
  return complaint;
}

/**
 * The body of runTransition inside a transaction the caller owns (the deadline sweeper closes a
 * batch of locked rows in one). The caller publishes the returned event after its commit.
 */
export async function runTransitionInTx<R = void>(
  services: AppServices,
  tx: Tx,
  viewer: Viewer,
  actor: Actor,
  req: TransitionRequest<R>,
): Promise<{ complaint: Complaint; event: ComplaintStatusChanged }> {
  if (!isUuid(req.complaintId)) throw new NotFoundError('Complaint', req.complaintId);
  const scope = actor.role === 'SYSTEM' ? {} : complaintScope(viewer);
  // Row lock: concurrent actions on one complaint queue here, then see the new version.
  await tx.$queryRaw`SELECT 1 FROM "Complaint" WHERE id = ${req.complaintId}::uuid FOR UPDATE`;
  const current = await tx.complaint.findFirst({ where: { AND: [{ id: req.complaintId }, scope] } });
  if (!current) throw new NotFoundError('Complaint', req.complaintId);
  if (req.expectedVersion !== null && req.expectedVersion !== current.version) {
    throw new ConflictError(req.expectedVersion, current.version);
  }
  const facts = await loadRoundFacts(tx, current.id, current.round);
  if (req.validate && allowedActions(current.status as ComplaintStatus).includes(req.action)) {
    await req.validate(tx, current, facts);
  }
  const outcome = transition(current.status as ComplaintStatus, req.action, actor.role, {
    round: current.round,
    ...facts,
    // DISPOSE names its divisions in the request; every later action reads them from the database.
    disposedDivisionIds: req.context?.disposedDivisionIds ?? facts.disposedDivisionIds,
    divisionId: req.context?.divisionId ?? (req.action === 'RECORD_FOLLOW_UP_RESULT' ? (actor.divisionId ?? undefined) : undefined),
    satisfied: req.context?.satisfied,
    reason: req.context?.reason,
    statusBeforeArchive: current.statusBeforeArchive as ComplaintStatus | null,
  });
  if (!outcome.ok) {
    const v = outcome.error;
    if (v.kind === 'ROLE_NOT_ALLOWED') throw new ForbiddenError(v.message);
    if (v.kind === 'ILLEGAL_TRANSITION') {
      throw new IllegalTransitionError(v.message, v.status, v.action, v.allowedActions);
    }
    const allowed = allowedActions(current.status as ComplaintStatus, actor.role);
    throw new IllegalTransitionError(`${v.message} (status ${current.status})`, current.status, req.action, allowed);
  }
  const next = { status: outcome.to, round: outcome.round };
  const applied = req.apply ? await req.apply(tx, current, next) : (undefined as R);
  const at = services.clock.now();
  const data = { ...(req.update ? req.update(current, applied, next) : {}), status: next.status, round: next.round };
  // Deadlines follow the new state in the same commit and, as far as they can be foreseen, in the
  // same row write (src/deadlines/recompute.ts); maintainDeadlines then catches the rest.
  const deadlines = await deadlineChangesFor(services, tx, { ...current, ...foreseeable(data) }, at);
  const updated = await maintainDeadlines(
    services,
    tx,
    await tx.complaint.update({ where: { id: current.id }, data: { ...data, ...deadlines, version: { increment: 1 } } }),
    at,
  );
  await tx.complaintHistory.create({
    data: {
      complaintId: current.id,
      actorId: actor.id,
      actorRole: actor.role,
      action: req.action,
      fromStatus: current.status,
      toStatus: next.status,
      round: next.round,
      summary: req.summary(current, applied),
      at,
    },
  });
  const divisionIds = (
    await tx.dispositionDivision.findMany({ where: { complaintId: current.id }, select: { divisionId: true } })
  ).map((d) => d.divisionId);
  const event: ComplaintStatusChanged = {
    complaintId: updated.id,
    trackingId: updated.trackingId,
    agencyId: updated.agencyId,
    divisionIds: [...new Set(divisionIds)],
    action: req.action,
    previousStatus: current.status as ComplaintStatus,
    status: next.status,
    round: next.round,
    version: updated.version,
    at: at.toISOString(),
    actorRole: actor.role,
  };
  return { complaint: updated, event };
}
