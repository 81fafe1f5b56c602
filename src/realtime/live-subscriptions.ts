// Keeps track of the subscriptions this process is serving: a gauge (tests check that disconnected
// clients leave nothing behind), a way to end them all when the service shuts down, and a way to
// end one holder's subscriptions when their credentials are revoked.
//
// Live complaint events reach their subscribers through one pub/sub listener per topic (follow):
// each subscriber is one small queue in a set, checked with its own filter for every event. Ten
// thousand subscribers are then ten thousand queues, not ten thousand listeners each with its own
// chain of async iterators, and every subscriber receives the same event object (the fan-out's
// shared execution relies on that).
import { Repeater } from 'graphql-yoga';
import type { Viewer } from '../auth/viewer.js';
import type { Releasable } from '../graphql/handover.js';
import type { CredentialsRevoked, TuntasPubSub, TuntasPubSubEvents } from './events.js';

/** Whose credentials a subscription runs on. */
export interface LiveOwner {
  userId?: string;
  apiKeyId?: string;
}

/** The credentials a viewer's subscriptions run on (none for the public). */
export function liveOwner(viewer: Viewer): LiveOwner {
  return viewer?.kind === 'user' ? { userId: viewer.id } : viewer?.kind === 'service' ? { apiKeyId: viewer.apiKeyId } : {};
}

/** Whether revoked credentials are the ones an owner's subscriptions (or connection) run on. */
export function revokedFor(notice: CredentialsRevoked, owner: LiveOwner): boolean {
  return Boolean((notice.userId && owner.userId === notice.userId) || (notice.apiKeyId && owner.apiKeyId === notice.apiKeyId));
}

interface Ending {
  readonly owner: LiveOwner;
  end(): void;
}

/** Events a subscriber has not taken yet beyond which it is ended (it resubscribes with lastEventId). */
export const MAX_UNDELIVERED = 1_000;

/** A subscription that fell too far behind its client was ended: it resubscribes with lastEventId. */
export class LiveOverflowError extends Error {
  constructor(why = `more than ${MAX_UNDELIVERED} events were waiting for it`) {
    super(`This subscription was ended because ${why}; subscribe again with lastEventId`);
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

const release = (r: Releasable) => (typeof r === 'function' ? r() : r.release());

/**
 * Where a push transport takes a subscriber's events once the queue is handed over (the WebSocket
 * transport: see fan-out.ts): each accepted event as it is published, then the end (with the error
 * that ended it, if any).
 */
export interface LiveSink<T> {
  deliver(event: T): void;
  ended(error: Error | null): void;
}

/**
 * One subscriber's events in order. Plain fields and prototype methods: it is the only per-subscriber
 * object between the topic's listener and the transport, so it is kept small.
 */
export class LiveQueue<T> implements AsyncIterableIterator<T>, Ending {
  private buffered: T[] | null = null;
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;
  private error: Error | null = null;
  private ended = false;
  /** Once handed over: the transport's sink, fed directly (nothing is buffered or awaited). */
  private sink: LiveSink<T> | null = null;
  /** Called (or released) once when the subscription ends (the caps' lease, a gauge). */
  private finalizers: Releasable[] | null = null;

  constructor(
    readonly accept: (event: T) => boolean,
    readonly owner: LiveOwner,
    /** Where it is registered (fields, not a closure: this object is made once per subscriber). */
    private readonly home: { leave(topic: LiveTopic, queue: LiveQueue<T>, counted: boolean): void },
    private readonly topic: LiveTopic,
    private readonly counted: boolean,
  ) {}

  push(event: T): void {
    if (this.ended) return;
    if (this.sink) {
      this.sink.deliver(event);
      return;
    }
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failed = null;
      resolve({ done: false, value: event });
      return;
    }
    this.buffered ??= [];
    if (this.buffered.length >= MAX_UNDELIVERED) {
      this.error = new LiveOverflowError();
      this.end();
      return;
    }
    this.buffered.push(event);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffered?.length) return Promise.resolve({ done: false, value: this.buffered.shift()! });
    if (this.error) {
      const err = this.error;
      this.error = null;
      return Promise.reject(err);
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve(DONE);
  }

  throw(err: unknown): Promise<IteratorResult<T>> {
    this.end();
    return Promise.reject(err);
  }

  /**
   * From now on every accepted event goes straight to `sink` (the ones waiting first, in order):
   * the transport delivers them itself instead of pulling them through an async iterator.
   */
  handOver(sink: LiveSink<T>): void {
    if (this.ended) {
      sink.ended(null);
      return;
    }
    const waiting = this.buffered;
    this.buffered = null;
    this.sink = sink;
    if (waiting) for (const event of waiting) sink.deliver(event);
  }

  /** Ends the subscription with an error its client is told (a handed-over one too far behind). */
  fail(error: Error): void {
    if (this.ended) return;
    this.error = error;
    this.end();
  }

  /** Runs `fn` (or releases it) once, when the subscription ends (at once if it has). */
  whenEnded(fn: Releasable): void {
    if (this.ended) release(fn);
    else if (this.finalizers) this.finalizers.push(fn);
    else this.finalizers = [fn];
  }

  /** Stops the subscription: what was not taken is dropped, a waiting consumer is told "done" (or the error). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.buffered = null;
    const resolve = this.waiting;
    const reject = this.failed;
    this.waiting = this.failed = null;
    const sink = this.sink;
    this.sink = null;
    // The error goes to whoever takes it now; otherwise the next next() rejects with it.
    const err = this.error;
    if (sink) {
      this.error = null;
      sink.ended(err);
    } else if (err && reject) {
      this.error = null;
      reject(err);
    } else resolve?.(DONE);
    this.home.leave(this.topic, this, this.counted);
    const finalizers = this.finalizers;
    this.finalizers = null;
    if (finalizers) for (const fn of finalizers) release(fn);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

type LiveTopic = 'complaint:status' | 'complaint:deadline';
/** A topic's queues, whatever their event type (the topic decides it). */
type AnyQueue = LiveQueue<unknown>;

export class LiveSubscriptions {
  private readonly active = new Set<Ending>();
  /** Per topic: its subscribers, and the one pub/sub listener that feeds them (while there are any). */
  private readonly topics = new Map<LiveTopic, { queues: Set<AnyQueue>; source: AsyncIterator<unknown> }>();

  constructor(private readonly pubsub?: TuntasPubSub) {}

  /** Subscriptions currently open on this instance. */
  get count(): number {
    return this.active.size;
  }

  /**
   * The events of `topic` that `accept` lets through, in publication order, from now until the
   * client leaves, endAll() is called or the owner's credentials are revoked. Registered at once
   * (before the first next()), so an event published after this call returns is not missed.
   * `replay` wraps the live events (the outbox's missed events first; replay.ts).
   */
  follow<K extends LiveTopic>(
    topic: K,
    accept: (event: TuntasPubSubEvents[K][0]) => boolean,
    owner: LiveOwner = {},
    opts: { replay?: (live: AsyncIterable<TuntasPubSubEvents[K][0]>) => AsyncIterable<TuntasPubSubEvents[K][0]> } = {},
  ): AsyncIterableIterator<TuntasPubSubEvents[K][0]> {
    const counted = !opts.replay;
    const queue = new LiveQueue(accept, owner, this as never, topic, counted);
    if (counted) this.active.add(queue);
    this.listen(topic).add(queue as unknown as AnyQueue);
    // Replay (rare): the stored events first, then the queue's; counted (and ended) as one subscription.
    return opts.replay ? this.track(opts.replay(queue), accept, owner) : queue;
  }

  /** The subscribers of a topic, starting its pub/sub listener for the first one. */
  private listen(topic: LiveTopic): Set<AnyQueue> {
    const known = this.topics.get(topic);
    if (known) return known.queues;
    if (!this.pubsub) throw new Error('LiveSubscriptions.follow needs the pub/sub');
    const queues = new Set<AnyQueue>();
    const source = (this.pubsub.subscribe as (t: LiveTopic) => AsyncIterable<unknown>)(topic)[Symbol.asyncIterator]();
    this.topics.set(topic, { queues, source });
    const pump = async () => {
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        const event = next.value;
        for (const q of queues) {
          // One subscriber's failing filter must not cost the others their event.
          let ok = false;
          try {
            ok = q.accept(event);
          } catch {
            ok = false;
          }
          if (ok) q.push(event);
        }
      }
    };
    // A source that fails (it should not) ends its subscribers; they resubscribe with lastEventId.
    pump().catch(() => {
      for (const q of [...queues]) q.end();
    });
    return queues;
  }

  /** A queue that ended leaves its topic (called by the queue). */
  leave(topic: LiveTopic, queue: AnyQueue, counted: boolean): void {
    if (counted) this.active.delete(queue);
    const t = this.topics.get(topic);
    if (!t?.queues.delete(queue) || t.queues.size > 0) return;
    // The last one left: remove the listener (and the Redis channel subscription with it).
    this.topics.delete(topic);
    void t.source.return?.();
  }

  /**
   * Passes on the events of `source` that `accept` lets through, until the client leaves, endAll()
   * is called or the owner's credentials are revoked; either way the source's listener is removed.
   * For sources other than a live topic's (replay, import progress).
   */
  track<T>(source: AsyncIterable<T>, accept: (event: T) => boolean | Promise<boolean>, owner: LiveOwner = {}): AsyncIterableIterator<T> {
    const active = this.active;
    return new Repeater<T>(async (push, stop) => {
      const it = source[Symbol.asyncIterator]();
      const entry: Ending = { owner, end: () => stop() };
      active.add(entry);
      stop.then(() => {
        active.delete(entry);
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
    for (const e of [...this.active]) e.end();
  }

  /** Ends the subscriptions running on revoked credentials; returns how many. */
  endFor(notice: CredentialsRevoked): number {
    let n = 0;
    for (const e of [...this.active]) {
      if (revokedFor(notice, e.owner)) {
        e.end();
        n++;
      }
    }
    return n;
  }
}
