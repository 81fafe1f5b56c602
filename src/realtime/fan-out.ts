// Live-status fan-out: an event is executed once per distinct (subscription document, variables,
// visibility class), not once per subscriber. Ten thousand portals following one agency with the
// same subscription then cost one execution per event; each subscriber still gets its own filter
// check (its queue's accept, with the viewer it subscribed as) before the shared result.
//
// The subscribe step (authorization of the filter, the source stream) stays per subscriber; only
// the per-event execution is shared. It can be, because an event's fields depend on the event and
// the arguments alone (no per-viewer field rules on event types); the visibility class is part of
// the key all the same, so viewers of different kinds never share a result.
//
// Two ways out. SSE (and a replay) pulls each subscriber's results through a small iterator and
// Yoga's result stream. The WebSocket transport offers to push (offerPush): the subscriber's queue
// is then handed over, and each accepted event goes straight to the socket as the key's JSON, masked
// and serialized once; the subscription's result is a handed-over marker (src/graphql/handover.ts),
// so no per-subscriber stream, context or async loop is kept while it is open.
import { createHash } from 'node:crypto';
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import { HANDED_OVER, type HandedOverSubscription, type Releasable } from '../graphql/handover.js';
import { LiveOverflowError, LiveQueue, type LiveSink } from './live-subscriptions.js';

/** Who a result is for, coarse: results are shared only within one class. */
export function liveVisibilityClass(viewer: Viewer): string {
  if (!viewer) return 'public';
  if (viewer.kind === 'service') return `key:${viewer.agencyId ?? '*'}:${[...viewer.scopes].sort().join(',')}`;
  return `user:${viewer.role}:${viewer.agencyId ?? '*'}:${viewer.divisionId ?? '-'}`;
}

const printed = new WeakMap<DocumentNode, string>();
function documentKey(document: DocumentNode): string {
  let key = printed.get(document);
  if (key === undefined) {
    key = createHash('sha1').update(print(document)).digest('base64url');
    printed.set(document, key);
  }
  return key;
}

/**
 * An execution key held by its open subscriptions, with the arguments its events are executed with
 * (the first holder's: every holder has the same document, variables and visibility class). Held
 * once however many subscribers share it (a key built per subscriber is a chain of string pieces,
 * about a kilobyte each); counted, so it goes with its last subscriber.
 */
interface Execution {
  readonly key: string;
  readonly args: ExecutionArgs;
  holders: number;
}
const held = new Map<string, Execution>();
function hold(key: string, args: ExecutionArgs): Execution {
  let e = held.get(key);
  if (!e) {
    e = { key, args, holders: 0 };
    held.set(key, e);
  }
  e.holders++;
  return e;
}
function release(e: Execution): void {
  if (--e.holders <= 0 && held.get(e.key) === e) held.delete(e.key);
}

/** Execution keys held by open subscriptions in this process (a test checks none outlives its subscribers). */
export function sharedExecutions(): number {
  return held.size;
}

/** Per event (the one payload object every listener receives): execution key → shared result. */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
/** The same, as the JSON a push transport sends (masked once, serialized once). */
const serialized = new WeakMap<object, Map<string, Promise<string>>>();

/** make() once per event and key: the event is the one payload object every listener receives. */
function perEvent<V>(memo: WeakMap<object, Map<string, V>>, payload: unknown, key: string, make: () => V): V {
  if (payload === null || typeof payload !== 'object') return make();
  let m = memo.get(payload);
  if (!m) {
    m = new Map();
    memo.set(payload, m);
  }
  let value = m.get(key);
  if (value === undefined) {
    value = make();
    m.set(key, value);
  }
  return value;
}

function sharedExecute(e: Execution, payload: unknown): Promise<ExecutionResult> {
  return perEvent(executions, payload, e.key, () => Promise.resolve(execute({ ...e.args, rootValue: payload })));
}

function sharedJson(e: Execution, payload: unknown, mask: MaskResult): Promise<string> {
  return perEvent(serialized, payload, e.key, () => sharedExecute(e, payload).then((r) => JSON.stringify(mask(r))));
}

/**
 * A subscriber's results, pulled (SSE, and replays over WebSocket): each event of its (already
 * filtered) source, executed once per key. A class, not closures: one small object per subscriber.
 * return() and throw() reach the source (the client left), and the key is let go once.
 */
class SharedResults implements AsyncIterableIterator<ExecutionResult> {
  private execution: Execution | null;
  constructor(
    private readonly source: AsyncIterator<unknown>,
    execution: Execution,
  ) {
    this.execution = execution;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const n = await this.source.next();
    if (n.done || this.execution === null) {
      this.release();
      return { done: true, value: undefined };
    }
    return { done: false, value: await sharedExecute(this.execution, n.value) };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.release();
    await this.source.return?.();
    return { done: true, value: undefined };
  }

  async throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.release();
    if (this.source.throw) await this.source.throw(err);
    throw err;
  }

  private release(): void {
    if (this.execution === null) return;
    release(this.execution);
    this.execution = null;
  }
}

/** Where a transport that delivers events itself sends one subscription's results. */
export interface LivePushTarget {
  /** One result, as JSON. false: the client is too far behind; the subscription is ended. */
  next(json: string): boolean;
  /** The subscription ended (after its last result); an error is the client's to know. */
  ended(error: Error | null): void;
  /** Its listener is attached: called once, before any result (the "subscribed" signal goes here). */
  opened(): void;
}

/** The operations whose transport offered to take their events itself (by context object). */
const pushTargets = new WeakMap<object, LivePushTarget>();

/**
 * Offered by a transport before it subscribes: if the subscription is a live topic's, its events go
 * to `target` as JSON (executed, masked and serialized once per key and event) and the subscription
 * answers with a handed-over result instead of a stream (src/graphql/handover.ts).
 */
export function offerPush(contextValue: object, target: LivePushTarget): void {
  pushTargets.set(contextValue, target);
}

type MaskResult = (result: ExecutionResult) => ExecutionResult;

/**
 * One handed-over subscriber: its queue feeds it the accepted events; it sends their shared JSON
 * to its target in publication order (a result waits for the one before it, if that is still
 * being executed), and the end after the last one.
 */
class PushedResults implements LiveSink<unknown>, HandedOverSubscription {
  readonly [HANDED_OVER] = true as const;
  private last: Promise<void> | null = null;
  private execution: Execution | null;
  constructor(
    execution: Execution,
    private readonly queue: LiveQueue<unknown>,
    private readonly target: LivePushTarget,
    private readonly mask: MaskResult,
  ) {
    this.execution = execution;
  }

  deliver(event: unknown): void {
    if (this.execution === null) return;
    const json = sharedJson(this.execution, event, this.mask);
    // The last one sent lets go of the chain (no promise kept between events).
    const sent: Promise<void> = (this.last ? this.last.then(() => json) : json).then(
      (text) => {
        if (this.last === sent) this.last = null;
        if (!this.target.next(text)) this.queue.fail(new LiveOverflowError('its client reads too slowly'));
      },
      (err: unknown) => {
        if (this.last === sent) this.last = null;
        this.queue.fail(err instanceof Error ? err : new Error(String(err)));
      },
    );
    this.last = sent;
  }

  ended(error: Error | null): void {
    if (this.execution !== null) release(this.execution);
    this.execution = null;
    if (this.last) void this.last.then(() => this.target.ended(error));
    else this.target.ended(error);
  }

  whenEnded(fn: Releasable): void {
    this.queue.whenEnded(fn);
  }

  end(): void {
    this.queue.end();
  }
}

/**
 * The shared execution (both transports) and the hand-over to a push transport. `mask` is the
 * server's error masking, applied once to each shared result a push transport sends (pulled results
 * pass through the masking plugin per subscriber, as any result stream does).
 */
export function useSharedLiveExecution(opts: { mask?: MaskResult } = {}): Plugin<{ viewer?: Viewer }> {
  const mask = opts.mask ?? ((r: ExecutionResult) => r);
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const ctx = args.contextValue as { viewer?: Viewer };
        const key = `${documentKey(args.document)}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}\0${liveVisibilityClass(ctx.viewer ?? null)}`;
        const execution = hold(key, args);
        const target = pushTargets.get(args.contextValue as object);
        // A live topic's queue goes to the push transport; a replay (outbox events first) is pulled.
        if (target && source instanceof LiveQueue) {
          const pushed = new PushedResults(execution, source, target, mask);
          target.opened();
          source.handOver(pushed);
          return pushed as never;
        }
        return new SharedResults(source[Symbol.asyncIterator](), execution);
      });
    },
  };
}
