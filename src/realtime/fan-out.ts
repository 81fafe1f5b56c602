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

/** Maps each value of an async iterator; return() and throw() reach the source (the client left). */
function mapIterator<T, U>(source: AsyncIterator<T>, fn: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const n = await source.next();
      return n.done ? { done: true, value: undefined } : { done: false, value: await fn(n.value) };
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(err: unknown) {
      if (source.throw) await source.throw(err);
      throw err;
    },
  };
}

export function useSharedLiveExecution(): Plugin<{ viewer?: Viewer }> {
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const ctx = args.contextValue as { viewer?: Viewer };
        const key = `${documentKey(args.document)}\0${args.operationName ?? ''}\0${JSON.stringify(args.variableValues ?? {})}\0${liveVisibilityClass(ctx.viewer ?? null)}`;
        return mapIterator(source[Symbol.asyncIterator](), (payload) => sharedExecute(args, key, payload));
      });
    },
  };
}
