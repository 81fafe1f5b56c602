// Keeps track of the subscriptions this process is serving: a gauge (tests check that disconnected
// clients leave nothing behind) and a way to end them all when the service shuts down.
import { Repeater } from 'graphql-yoga';

export class LiveSubscriptions {
  private readonly active = new Set<() => void>();

  /** Subscriptions currently open on this instance. */
  get count(): number {
    return this.active.size;
  }

  /**
   * Passes on the events of `source` that `accept` lets through, until the client leaves or
   * endAll() is called; either way the source's listener is removed.
   */
  track<T>(source: AsyncIterable<T>, accept: (event: T) => boolean | Promise<boolean>): AsyncIterableIterator<T> {
    const active = this.active;
    return new Repeater<T>(async (push, stop) => {
      const it = source[Symbol.asyncIterator]();
      const end = () => stop();
      active.add(end);
      stop.then(() => {
        active.delete(end);
        void it.return?.();
      });
      for (;;) {
        const next = await it.next();
        if (next.done) break;
        if (await accept(next.value)) await push(next.value);
      }
      stop();
    });
  }

  /** Completes every open subscription (SSE streams end, WebSocket operations get "complete"). */
  endAll(): void {
    for (const end of [...this.active]) end();
  }
}
