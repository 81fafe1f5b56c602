// A step module (src/sop/actions/*) declares one workflow action as data and functions: its input
// checks, its database checks, its writes and its summary. Values flow from one to the next as typed
// results (checked: V, written: R), so a step runs the same from a mutation, the sweeper or the demo seed.
import type { Config } from '../config.js';
import type { Complaint, Prisma } from '../generated/prisma/client.js';
import type { Localized } from '../i18n/messages.js';
import type { ComplaintStatusChanged } from './events.js';
import {
  assertMayTake,
  runTransition,
  runTransitionInTx,
  runTransitionsInTx,
  type Actor,
  type Rejected,
  type NextState,
  type RoundFacts,
  type TransitionRequest,
  type Tx,
} from './runner.js';
import type { DeadlineKeeper, SopServices } from './services.js';
import type { WorkflowAction } from './workflow.js';

/** What every part of a step may use: who acts, the instant of the step, the configuration. */
export interface StepEnv {
  actor: Actor;
  now: Date;
  config: Config;
  /** Deadline arithmetic that needs the agency's calendar (a pause's length). */
  deadlines: DeadlineKeeper;
}

export interface Step<I, V = void, R = void> {
  action: WorkflowAction;
  /** Checks needing no database; throw InvalidInputError naming every bad field. Runs first. */
  checkInput?: (input: I, env: StepEnv) => void;
  /** The inputs the workflow's guards need (reason, satisfied, divisions). */
  context?: (input: I, env: StepEnv) => TransitionRequest['context'];
  /** Checks needing the database, once the action is legal from the status; returns what later parts need. */
  check?: (tx: Tx, c: Complaint, input: I, facts: RoundFacts, env: StepEnv) => Promise<V>;
  /** The step's own rows, after every check passed. */
  write?: (tx: Tx, c: Complaint, input: I, checked: V, next: NextState, env: StepEnv) => Promise<R>;
  /** Extra complaint columns. */
  update?: (c: Complaint, input: I, checked: V, written: R, next: NextState, env: StepEnv) => Prisma.ComplaintUpdateInput;
  /** The history row's summary (wording.ts). */
  summary: (c: Complaint, input: I, checked: V, written: R, next: NextState, env: StepEnv) => Localized;
}

/** Identity, for type inference of a step module's parts. */
export function defineStep<I, V = void, R = void>(step: Step<I, V, R>): Step<I, V, R> {
  return step;
}

export interface StepCall<I> {
  complaintId: string;
  /** The version the client saw; null only for the system. */
  expectedVersion: number | null;
  input: I;
  /** The instant of the step; default: the clock (the demo seed replays the past). */
  at?: Date;
}

function request<I, V, R>(step: Step<I, V, R>, call: StepCall<I>, env: StepEnv): TransitionRequest<V, R> {
  const { input } = call;
  return {
    complaintId: call.complaintId,
    expectedVersion: call.expectedVersion,
    action: step.action,
    at: env.now,
    context: step.context?.(input, env),
    validate: step.check && ((tx, c, facts) => step.check!(tx, c, input, facts, env)),
    apply: step.write && ((tx, c, next, checked) => step.write!(tx, c, input, checked, next, env)),
    update: step.update && ((c, written, next, checked) => step.update!(c, input, checked, written, next, env)),
    summary: (c, written, next, checked) => step.summary(c, input, checked, written, next, env),
  };
}

function envOf(services: SopServices, actor: Actor, at?: Date): StepEnv {
  return { actor, now: at ?? services.clock.now(), config: services.config, deadlines: services.deadlines };
}

/** Runs a step in its own transaction and publishes its event after the commit. */
export async function performStep<I, V, R>(
  services: SopServices,
  actor: Actor,
  step: Step<I, V, R>,
  call: StepCall<I>,
): Promise<Complaint> {
  assertMayTake(actor, step.action);
  const env = envOf(services, actor, call.at);
  step.checkInput?.(call.input, env);
  return runTransition(services, actor, request(step, call, env));
}

/** A step inside the caller's transaction; the caller publishes the event after its commit. */
export async function performStepInTx<I, V, R>(
  services: SopServices,
  tx: Tx,
  actor: Actor,
  step: Step<I, V, R>,
  call: StepCall<I>,
): Promise<{ complaint: Complaint; event: ComplaintStatusChanged; written: R }> {
  assertMayTake(actor, step.action);
  const env = envOf(services, actor, call.at);
  step.checkInput?.(call.input, env);
  const { complaint, event, applied } = await runTransitionInTx(services, tx, actor, request(step, call, env));
  return { complaint, event, written: applied };
}

/**
 * One step on many complaints inside the caller's transaction, with per-batch reads and writes
 * (runTransitionsInTx); refused calls come back in `rejected` with nothing written for them. The
 * caller publishes the events after its commit.
 */
export async function performStepsInTx<I, V, R>(
  services: SopServices,
  tx: Tx,
  actor: Actor,
  step: Step<I, V, R>,
  calls: readonly StepCall<I>[],
): Promise<{ done: { complaint: Complaint; event: ComplaintStatusChanged; written: R }[]; rejected: Rejected[] }> {
  const rejected: Rejected[] = [];
  const reqs: TransitionRequest<V, R>[] = [];
  for (const call of calls) {
    const env = envOf(services, actor, call.at);
    try {
      step.checkInput?.(call.input, env);
      reqs.push(request(step, call, env));
    } catch (error) {
      rejected.push({ complaintId: call.complaintId, error });
    }
  }
  const out = await runTransitionsInTx(services, tx, actor, reqs);
  return {
    done: out.done.map(({ complaint, event, applied }) => ({ complaint, event, written: applied })),
    rejected: [...rejected, ...out.rejected],
  };
}
