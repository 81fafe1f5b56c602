// Keeps track of the subscriptions this process is serving: a gauge (tests check that disconnected
// clients leave nothing behind), a way to end them all when the service shuts down, and a way to
// end one holder's subscriptions when their credentials are revoked.
import { Repeater } from 'graphql-yoga';
import type { CredentialsRevoked } from './events.js';

/** Whose credentials a subscription runs on. */
export interface LiveOwner {
  userId?: string;
  apiKeyId?: string;
}

export class LiveSubscriptions {
  private readonly active = new Map<() => void, LiveOwner>();

  /** Subscriptions currently open on this instance. */
  get count(): number {
    return this.active.size;
  }

  /**
   * Passes on the events of `source` that `accept` lets through, until the client leaves, endAll()
   * is called or the owner's credentials are revoked; either way the source's listener is removed.
   */
  track<T>(source: AsyncIterable<T>, accept: (event: T) => boolean | Promise<boolean>, owner: LiveOwner = {}): AsyncIterableIterator<T> {
    const active = this.active;
    return new Repeater<T>(async (push, stop) => {
      const it = source[Symbol.asyncIterator]();
      const end = () => stop();
      active.set(end, owner);
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
    for (const end of [...this.active.keys()]) end();
  }

  /** Ends the subscriptions running on revoked credentials; returns how many. */
  endFor(notice: CredentialsRevoked): number {
    let n = 0;
    for (const [end, owner] of [...this.active]) {
      if ((notice.userId && owner.userId === notice.userId) || (notice.apiKeyId && owner.apiKeyId === notice.apiKeyId)) {
        end();
        n++;
      }
    }
    return n;
  }
}
