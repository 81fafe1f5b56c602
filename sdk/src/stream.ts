// A push-based async iterator: values are queued until read, a failure is thrown from `next()` once
// the queue is drained, and leaving the loop (`return`) or `unsubscribe()` stops the source.
import type { EventStream } from './live.js';

export interface PushStream<T> {
  push(value: T): void;
  fail(error: unknown): void;
  /** True once the reader left, unsubscribed, or a failure was delivered. */
  readonly finished: boolean;
  stream: EventStream<T>;
}

export function pushStream<T>(ready: Promise<void>, stop: () => void): PushStream<T> {
  const queue: T[] = [];
  const waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void }[] = [];
  let failure: unknown;
  let finished = false;

  const settle = () => {
    while (waiting.length && (queue.length || failure !== undefined || finished)) {
      const w = waiting.shift()!;
      if (queue.length) w.resolve({ value: queue.shift()!, done: false });
      else if (failure !== undefined) {
        w.reject(failure);
        failure = undefined;
        finished = true;
      } else w.resolve({ value: undefined, done: true });
    }
  };
  const end = () => {
    stop();
    finished = true;
    queue.length = 0;
    failure = undefined;
    settle();
  };
  const stream: EventStream<T> = {
    ready,
    next: () =>
      new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting.push({ resolve, reject });
        settle();
      }),
    return: async () => {
      end();
      return { value: undefined, done: true };
    },
    unsubscribe: end,
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return {
    push(value) {
      if (finished) return;
      queue.push(value);
      settle();
    },
    fail(error) {
      if (finished) return;
      failure = error;
      settle();
    },
    get finished() {
      return finished;
    },
    stream,
  };
}
