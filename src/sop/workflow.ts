/**
 * The pure workflow core: which action may move a complaint from which status,
 * who may take it, and what status (and follow-up round) results.
 *
 * It mirrors the SOP "Penanganan Laporan Masyarakat Melalui Aplikasi LAPOR!"
 * (see /work/shared/sop/SOP.md): seven steps, the "not satisfied → formulate
 * again" loop, automatic closing after 10 working days without reply, and the
 * LAPOR! admin actions "bukan wewenang" (return) and archive.
 *
 * No I/O here: callers load the facts (dispositions, formulations, results of the
 * current round) into a TransitionContext and persist the outcome themselves.
 */

export * from './vocabulary.js';
import type * as Db from '../generated/prisma/enums.js';
import { type Message, msg, render } from '../i18n/messages.js';
import { OPEN_STATUSES, ROLES, type ActorRole, type ComplaintStatus, type NoteAction, type Role } from './vocabulary.js';

type SopStep = 1 | 2 | 3 | 4 | 5 | 6 | 7;
interface RuleShape {
  /** Statuses the action may start from; null = the complaint does not exist yet. */
  from: readonly (ComplaintStatus | null)[];
  /** Every status the action can lead to (which one is decided by the context). */
  to: readonly ComplaintStatus[];
  roles: readonly ActorRole[];
  /** Which of the SOP's seven steps the action performs; null for LAPOR! admin actions outside the steps. */
  step: SopStep | null;
}

/** The statuses in which the agency owes its first response (AWAITING_FIRST_RESPONSE, as a tuple). */
const FIRST_RESPONSE = ['RECEIVED', 'REGISTERED', 'DISPOSED', 'IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED', 'REPORT_COMPILED'] as const;

/**
 * The whole state machine as data, one entry per action; this table declares the actions (their
 * order is WORKFLOW_ACTIONS' order). Each action's guard is in RESOLVERS below, its step module in
 * src/sop/actions/.
 */
const WORKFLOW = {
  // Reports reach the agency by the regency team's disposition, or are typed in by the agency admin.
  RECEIVE: { from: [null], to: ['RECEIVED'], roles: ['ADMIN', 'COORDINATOR', 'SERVICE'], step: 1 },
  REGISTER: { from: ['RECEIVED'], to: ['REGISTERED'], roles: ['ADMIN'], step: 2 },
  // Disposition happens once; later rounds go back to DISPOSED and reuse it.
  DISPOSE: { from: ['REGISTERED'], to: ['DISPOSED'], roles: ['HEAD'], step: 3 },
  FORMULATE_FOLLOW_UP: { from: ['DISPOSED'], to: ['DISPOSED', 'IN_FOLLOW_UP'], roles: ['LIAISON'], step: 4 },
  RECORD_FOLLOW_UP_RESULT: { from: ['IN_FOLLOW_UP'], to: ['IN_FOLLOW_UP', 'FOLLOW_UP_COMPLETED'], roles: ['DIVISION'], step: 5 },
  COMPILE_FOLLOW_UP_REPORT: { from: ['FOLLOW_UP_COMPLETED'], to: ['REPORT_COMPILED'], roles: ['LIAISON'], step: 6 },
  DELIVER_RESPONSE: { from: ['REPORT_COMPILED'], to: ['RESPONSE_DELIVERED'], roles: ['ADMIN'], step: 7 },
  // Step 7 loop: "T" (not satisfied) goes back to formulating (step 4) in a new round.
  RECORD_FEEDBACK: { from: ['RESPONSE_DELIVERED'], to: ['CLOSED', 'DISPOSED'], roles: ['ADMIN'], step: null },
  // 10 working days without reply: only the deadline sweeper decides that.
  AUTO_CLOSE: { from: ['RESPONSE_DELIVERED'], to: ['CLOSED'], roles: ['SYSTEM'], step: null },
  // "Bukan wewenang" and archiving only make sense before the head has disposed the report.
  RETURN: { from: ['RECEIVED', 'REGISTERED'], to: ['RETURNED'], roles: ['ADMIN'], step: null },
  DISPATCH: { from: ['RETURNED'], to: ['RECEIVED'], roles: ['COORDINATOR'], step: null },
  ARCHIVE: { from: ['RECEIVED', 'REGISTERED'], to: ['ARCHIVED'], roles: ['ADMIN'], step: null },
  RESTORE: { from: ['ARCHIVED'], to: ['RECEIVED', 'REGISTERED'], roles: ['HEAD'], step: null },
  // Tunda (LAPOR!'s postpone): while the agency waits for the reporter or a third party, the
  // follow-up clock stops. The status stays; only the first-response statuses have a clock to stop.
  PAUSE: { from: FIRST_RESPONSE, to: FIRST_RESPONSE, roles: ['ADMIN', 'LIAISON'], step: null },
  RESUME: { from: FIRST_RESPONSE, to: FIRST_RESPONSE, roles: ['ADMIN', 'LIAISON'], step: null },
  // The head may extend the follow-up deadline once per round, with a reason.
  EXTEND_FOLLOW_UP: { from: FIRST_RESPONSE, to: FIRST_RESPONSE, roles: ['HEAD'], step: null },
  // The class (oversight element) decides the clock's length; the head may correct it.
  RECLASSIFY: { from: FIRST_RESPONSE, to: FIRST_RESPONSE, roles: ['HEAD'], step: null },
} as const satisfies Record<string, RuleShape>;

export type WorkflowAction = keyof typeof WORKFLOW;
export const WORKFLOW_ACTIONS = Object.keys(WORKFLOW) as WorkflowAction[];

/** Who may record the history entries that change no status. */
export const NOTE_ROLES: Record<NoteAction, readonly ActorRole[]> = {
  ESCALATE_TO_OMBUDSMAN: ['SYSTEM'],
  // A holiday change by the coordinator (national) or an agency admin (regional), or the system adding
  // a bundled year of national holidays at start-up.
  RECOMPUTE_DEADLINES: ['COORDINATOR', 'ADMIN', 'SYSTEM'],
};

/** Every action a history row can name. */
export type HistoryAction = WorkflowAction | NoteAction;
// Build-time check: the database's WorkflowAction enum is exactly the table's actions plus the notes.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const HISTORY_ACTIONS_MATCH_DATABASE: Same<HistoryAction, Db.WorkflowAction> = true;

/** Which of the SOP's seven steps an action performs; null for LAPOR! admin actions outside the steps. */
export const SOP_STEP = Object.fromEntries(WORKFLOW_ACTIONS.map((a) => [a, WORKFLOW[a].step])) as Record<WorkflowAction, SopStep | null>;

export interface TransitionContext {
  /** Current follow-up round, starting at 1; "not satisfied" feedback starts the next one. */
  round: number;
  disposedDivisionIds?: readonly string[];
  /** Divisions with a formulated follow-up in the current round, before this action. */
  formulatedDivisionIds?: readonly string[];
  /** Divisions that recorded a result in the current round, before this action. */
  reportedDivisionIds?: readonly string[];
  /** Target division (FORMULATE_FOLLOW_UP) or the actor's own division (RECORD_FOLLOW_UP_RESULT). */
  divisionId?: string;
  /** RECORD_FEEDBACK: did the complainant accept the follow-up? */
  satisfied?: boolean;
  /** RETURN / ARCHIVE: why; required so the decision can be audited. */
  reason?: string;
  /** RESTORE: the status the complaint had when it was archived. */
  statusBeforeArchive?: ComplaintStatus | null;
  /** The current status (PAUSE, RESUME, EXTEND_FOLLOW_UP, RECLASSIFY keep it). */
  status?: ComplaintStatus | null;
  /** PAUSE / RESUME: whether the complaint is paused now. */
  paused?: boolean;
  /** EXTEND_FOLLOW_UP: the round in which the follow-up deadline was last extended. */
  extendedRound?: number | null;
}

/** `text` is the catalogue message (src/i18n/messages.ts); `message` its English rendering. */
export type WorkflowViolation = { text: Message; message: string } & (
  | {
      kind: 'ILLEGAL_TRANSITION';
      status: ComplaintStatus | null;
      action: WorkflowAction;
      allowedActions: WorkflowAction[];
    }
  | { kind: 'ROLE_NOT_ALLOWED'; action: WorkflowAction; role: ActorRole; allowedRoles: ActorRole[] }
  | { kind: 'GUARD_FAILED'; action: WorkflowAction; reason: string }
);

export type TransitionOutcome = { ok: true; to: ComplaintStatus; round: number } | { ok: false; error: WorkflowViolation };

export interface TransitionRule extends Omit<RuleShape, 'step'> {
  action: WorkflowAction;
}

/** The table as a list, in WORKFLOW_ACTIONS order. */
export const TRANSITIONS: readonly TransitionRule[] = WORKFLOW_ACTIONS.map((action) => {
  const { from, to, roles } = WORKFLOW[action];
  return { action, from, to, roles };
});

const RULES = new Map(TRANSITIONS.map((rule) => [rule.action, rule]));

function ruleFor(action: WorkflowAction): TransitionRule {
  const rule = RULES.get(action);
  if (!rule) throw new Error(`No transition rule for action ${action}`); // only if the table above is broken
  return rule;
}

export function rolesFor(action: WorkflowAction): readonly ActorRole[] {
  return ruleFor(action).roles;
}

/** Actions legal from `status`, in WORKFLOW_ACTIONS order; with `role`, only those that role may take. */
export function allowedActions(status: ComplaintStatus | null, role?: ActorRole): WorkflowAction[] {
  return TRANSITIONS.filter((rule) => rule.from.includes(status) && (role === undefined || rule.roles.includes(role))).map(
    (rule) => rule.action,
  );
}

/**
 * allowedActions, less the actions whose guard depends only on the complaint's own state and fails
 * now (PAUSE when paused, RESUME when not, a second EXTEND_FOLLOW_UP in the round): what a client
 * should offer.
 */
export function availableActions(
  status: ComplaintStatus | null,
  role: ActorRole,
  state: { round: number; paused: boolean; extendedRound: number | null },
): WorkflowAction[] {
  return allowedActions(status, role).filter(
    (a) =>
      !(a === 'PAUSE' && state.paused) &&
      !(a === 'RESUME' && !state.paused) &&
      !(a === 'EXTEND_FOLLOW_UP' && state.extendedRound === state.round),
  );
}

/** Still needs work from the agency. A complaint not yet received (null) is not open. */
export function isOpen(status: ComplaintStatus | null): boolean {
  return status !== null && OPEN_STATUSES.has(status);
}

/** The signed-in roles that may take an action (what its mutation's authScopes allow). */
export function staffRolesFor(action: WorkflowAction): Role[] {
  return ROLES.filter((role) => ruleFor(action).roles.includes(role));
}

/** A guard returns the resulting status, or the reason (a catalogue message) why the action cannot go ahead. */
type Resolution = { to: ComplaintStatus; round?: number } | { fail: Message };
type Resolver = (ctx: TransitionContext) => Resolution;

const to =
  (status: ComplaintStatus): Resolver =>
  () => ({ to: status });

function requireReason(ctx: TransitionContext, target: ComplaintStatus): Resolution {
  return ctx.reason?.trim() ? { to: target } : { fail: msg('guard.reasonRequired') };
}

/** True when every disposed division is in `done` once `divisionId` is added. */
function allCovered(ctx: TransitionContext, done: readonly string[] | undefined, divisionId: string): boolean {
  const covered = new Set([...(done ?? []), divisionId]);
  return (ctx.disposedDivisionIds ?? []).every((id) => covered.has(id));
}

const RESOLVERS: Record<WorkflowAction, Resolver> = {
  RECEIVE: to('RECEIVED'),
  REGISTER: to('REGISTERED'),
  // A disposition with no division would leave nobody to formulate a follow-up.
  DISPOSE: (ctx) => (ctx.disposedDivisionIds?.length ? { to: 'DISPOSED' } : { fail: msg('guard.noDivision') }),
  FORMULATE_FOLLOW_UP: (ctx) => {
    const id = ctx.divisionId;
    if (!id) return { fail: msg('guard.targetDivisionRequired') };
    if (!ctx.disposedDivisionIds?.includes(id)) return { fail: msg('guard.notDisposedTo', { division: id }) };
    if (ctx.formulatedDivisionIds?.includes(id)) {
      return { fail: msg('guard.alreadyFormulated', { division: id, round: ctx.round }) };
    }
    return { to: allCovered(ctx, ctx.formulatedDivisionIds, id) ? 'IN_FOLLOW_UP' : 'DISPOSED' };
  },
  RECORD_FOLLOW_UP_RESULT: (ctx) => {
    const id = ctx.divisionId;
    if (!id) return { fail: msg('guard.reportingDivisionRequired') };
    if (!ctx.disposedDivisionIds?.includes(id)) return { fail: msg('guard.notDisposedTo', { division: id }) };
    if (!ctx.formulatedDivisionIds?.includes(id)) {
      return { fail: msg('guard.notFormulated', { division: id, round: ctx.round }) };
    }
    if (ctx.reportedDivisionIds?.includes(id)) {
      return { fail: msg('guard.alreadyReported', { division: id, round: ctx.round }) };
    }
    return { to: allCovered(ctx, ctx.reportedDivisionIds, id) ? 'FOLLOW_UP_COMPLETED' : 'IN_FOLLOW_UP' };
  },
  COMPILE_FOLLOW_UP_REPORT: to('REPORT_COMPILED'),
  DELIVER_RESPONSE: to('RESPONSE_DELIVERED'),
  RECORD_FEEDBACK: (ctx) => {
    if (ctx.satisfied === undefined) return { fail: msg('guard.satisfiedRequired') };
    return ctx.satisfied ? { to: 'CLOSED' } : { to: 'DISPOSED', round: ctx.round + 1 };
  },
  AUTO_CLOSE: to('CLOSED'),
  RETURN: (ctx) => requireReason(ctx, 'RETURNED'),
  DISPATCH: to('RECEIVED'),
  ARCHIVE: (ctx) => requireReason(ctx, 'ARCHIVED'),
  // Only statuses ARCHIVE starts from are sensible to go back to.
  RESTORE: (ctx) => {
    const previous = ctx.statusBeforeArchive;
    return previous && ruleFor('ARCHIVE').from.includes(previous)
      ? { to: previous }
      : { fail: msg('guard.restoreStatus', { statuses: ruleFor('ARCHIVE').from.filter((s): s is ComplaintStatus => s !== null) }) };
  },
  PAUSE: (ctx) => (ctx.paused ? { fail: msg('guard.alreadyPaused') } : keepStatus(ctx)),
  RESUME: (ctx) => (ctx.paused ? keepStatus(ctx) : { fail: msg('guard.notPaused') }),
  EXTEND_FOLLOW_UP: (ctx) =>
    ctx.extendedRound === ctx.round ? { fail: msg('guard.alreadyExtended', { round: ctx.round }) } : keepStatus(ctx),
  RECLASSIFY: (ctx) => keepStatus(ctx),
};

/** Actions that change no status: the current one (callers pass it in the context). */
function keepStatus(ctx: TransitionContext): Resolution {
  return ctx.status ? { to: ctx.status } : { fail: msg('guard.statusRequired') };
}

/** A violation with its catalogue message and the English rendering. */
function violation<V extends Omit<WorkflowViolation, 'message'>>(v: V): V & { message: string } {
  return { ...v, message: render('en', v.text) };
}

/** Checks, in order: the action is legal from `status`, `role` may take it, its guards hold. */
export function transition(
  status: ComplaintStatus | null,
  action: WorkflowAction,
  role: ActorRole,
  ctx: TransitionContext,
): TransitionOutcome {
  const rule = ruleFor(action);

  if (!rule.from.includes(status)) {
    const allowed = allowedActions(status);
    return {
      ok: false,
      error: violation({
        kind: 'ILLEGAL_TRANSITION',
        status,
        action,
        allowedActions: allowed,
        text: msg('error.illegalTransition', { action, status, allowed }),
      }),
    };
  }

  if (!rule.roles.includes(role)) {
    return {
      ok: false,
      error: violation({
        kind: 'ROLE_NOT_ALLOWED',
        action,
        role,
        allowedRoles: [...rule.roles],
        text: msg('error.roleNotAllowed', { action, role, allowedRoles: rule.roles, step: SOP_STEP[action] }),
      }),
    };
  }

  // A round below 1 means the caller loaded the complaint wrongly; refuse rather than persist garbage.
  const resolution: Resolution =
    Number.isInteger(ctx.round) && ctx.round >= 1
      ? RESOLVERS[action]({ ...ctx, status })
      : { fail: msg('guard.badRound', { round: ctx.round }) };

  if ('fail' in resolution) {
    return {
      ok: false,
      error: violation({
        kind: 'GUARD_FAILED',
        action,
        reason: render('en', resolution.fail),
        text: msg('error.guardFailed', { action, reason: resolution.fail }),
      }),
    };
  }
  return { ok: true, to: resolution.to, round: resolution.round ?? ctx.round };
}
