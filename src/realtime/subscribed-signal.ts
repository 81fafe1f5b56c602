// "You are subscribed": neither graphql-ws nor SSE tells a client when the server has started
// listening for its events, so "subscribe first, then read" needed a sleep. A client that sends
// `extensions: { subscribedSignal: true }` with a subscription gets, as its first result, one without
// data: `{ extensions: { subscribed: true } }`, sent once the event listener is attached. Clients that
// do not ask see nothing new. The SDK uses it for `ready` and to refetch after a resubscription.
import type { Plugin } from 'graphql-yoga';

export const SUBSCRIBED_RESULT = { extensions: { subscribed: true } } as const;

function asked(context: unknown): boolean {
  const params = (context as { params?: { extensions?: Record<string, unknown> } } | undefined)?.params;
  return params?.extensions?.subscribedSignal === true;
}

/**
 * Prepends the signal. The source is started (its first `next()` called) before the signal is handed
 * out: that is when the pub/sub listener is attached, so no event published after the client saw the
 * signal can be missed.
 */
function withSignal<T>(source: AsyncIterable<T>): AsyncIterableIterator<T | typeof SUBSCRIBED_RESULT> {
  const it = source[Symbol.asyncIterator]();
  let started: Promise<IteratorResult<T>> | undefined;
  let signalled = false;
  const out: AsyncIterableIterator<T | typeof SUBSCRIBED_RESULT> = {
    next() {
      if (!signalled) {
        signalled = true;
        started = it.next();
        // A failure surfaces on the next call; do not let it go unhandled meanwhile.
        started.catch(() => undefined);
        return Promise.resolve({ value: SUBSCRIBED_RESULT, done: false });
      }
      const pending = started;
      started = undefined;
      return pending ?? it.next();
    },
    return(value?: unknown) {
      return it.return ? it.return(value as never) : Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      return it.throw ? it.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return out;
    },
  };
  return out;
}

export function useSubscribedSignal(): Plugin {
  return {
    onSubscribe({ args }) {
      if (!asked(args.contextValue)) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
            setResult(withSignal(result as AsyncIterable<never>) as never);
          }
        },
      };
    },
  };
}
