// Live-status fan-out: an event is executed once per distinct (subscription document, variables,
// visibility class), not once per subscriber. Ten thousand portals following one agency with the
// same subscription then cost one execution per event; each subscriber still gets its own filter
// check (LiveSubscriptions.track, with the viewer it subscribed as) before the shared result.
//
// The subscribe step (authorization of the filter, the source stream) stays per subscriber; only
// the per-event execution is shared. It can be, because an event's fields depend on the event and
// the arguments alone (no per-viewer field rules on event types); the visibility class is part of
// the key all the same, so viewers of different kinds never share a result.
import { createHash } from 'node:crypto';
import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';

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

/** Per event (the one payload object every listener receives): execution key → shared result. */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function sharedExecute(args: ExecutionArgs, key: string, payload: unknown): Promise<ExecutionResult> {
  if (payload === null || typeof payload !== 'object') return Promise.resolve(execute({ ...args, rootValue: payload }));
  let perEvent = executions.get(payload);
  if (!perEvent) {
    perEvent = new Map();
    executions.set(payload, perEvent);
  }
  let result = perEvent.get(key);
  if (!result) {
    result = Promise.resolve(execute({ ...args, rootValue: payload }));
    perEvent.set(key, result);
  }
  return result;
}

/**
 * The execution keys of the open subscriptions, each held once however many subscribers share it
 * (a key built per subscriber is a chain of string pieces, about a kilobyte each); counted, so a key
 * goes with its last subscriber.
 */
const keys = new Map<string, { key: string; holders: number }>();
function holdKey(built: string): string {
  let k = keys.get(built);
  if (!k) {
    k = { key: built, holders: 0 };
    keys.set(k.key, k);
  }
  k.holders++;
  return k.key;
}
function dropKey(key: string): void {
  const k = keys.get(key);
  if (k && --k.holders <= 0) keys.delete(key);
}

/**
 * A subscriber's results: each event of its (already filtered) source, executed once per key.
 * A class, not closures: one small object per subscriber. return() and throw() reach the source
 * (the client left), and the key is let go once.
 */
class SharedResults implements AsyncIterableIterator<ExecutionResult> {
  private key: string | null;
  constructor(
    private readonly source: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    key: string,
  ) {
    this.key = holdKey(key);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const n = await this.source.next();
    if (n.done || this.key === null) {
      this.release();
      return { done: true, value: undefined };
    }
    return { done: false, value: await sharedExecute(this.args, this.key, n.value) };
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
    if (this.key === null) return;
    dropKey(this.key);
    this.key = null;
  }
}

export function useSharedLiveExecution(): Plugin<{ viewer?: Viewer }> {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const ctx = args.contextValue as { viewer?: Viewer };
        const key = `${documentKey(args.document)}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}\0${liveVisibilityClass(ctx.viewer ?? null)}`;
        return new SharedResults(source[Symbol.asyncIterator](), args, key);
      });
    },
  };
}
