// Chooses the event transport: Redis pub/sub when REDIS_URL is set (several instances see each
// other's events), in-memory otherwise. Either way the event target counts its listeners, so tests
// and the benchmark can see that a disconnected subscriber left nothing behind.
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TuntasPubSub, TuntasPubSubEvents } from './events.js';

/** The subset of EventTarget that Yoga's createPubSub uses. */
interface EventTargetLike {
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: unknown): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: unknown): void;
  dispatchEvent(event: Event): boolean;
}

export interface RealtimePubSub {
  pubsub: TuntasPubSub;
  kind: 'redis' | 'memory';
  /** Listeners currently registered on the event target (one per live subscription). */
  listenerCount(): number;
  close(): Promise<void>;
}

export interface PubSubOptions {
  redisUrl: string | null;
  /**
   * Prepended to every Redis channel, so deployments (or parallel test runs) sharing one Redis server
   * never see each other's events. Instances of one deployment must use the same prefix.
   */
  channelPrefix?: string;
  log: Logger;
}

export async function createRealtimePubSub(opts: PubSubOptions): Promise<RealtimePubSub> {
  if (!opts.redisUrl) {
    const target = new EventTarget();
    // One listener per subscriber is the design, not a leak (the count is watched instead).
    setMaxListeners(Infinity, target);
    const counted = countListeners(target);
    return {
      pubsub: createPubSub<TuntasPubSubEvents>({ eventTarget: counted.target as never }),
      kind: 'memory',
      listenerCount: counted.count,
      close: async () => undefined,
    };
  }
  const log = opts.log.child({ component: 'redis' });
  // A connection in subscriber mode cannot publish, hence two.
  const redisOptions = { lazyConnect: true, maxRetriesPerRequest: null, enableAutoPipelining: true } as const;
  const publishClient = new Redis(opts.redisUrl, redisOptions);
  const subscribeClient = new Redis(opts.redisUrl, redisOptions);
  for (const [name, client] of [
    ['publish', publishClient],
    ['subscribe', subscribeClient],
  ] as const) {
    client.on('error', (err) => log.warn({ err: err.message, connection: name }, 'redis connection error'));
  }
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (err) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(err as Error).message})`);
  }
  const redisTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const counted = countListeners(prefixTopics(redisTarget as unknown as EventTargetLike, opts.channelPrefix ?? 'tuntas:'));
  return {
    pubsub: createPubSub<TuntasPubSubEvents>({ eventTarget: counted.target as never }),
    kind: 'redis',
    listenerCount: counted.count,
    async close() {
      await Promise.allSettled([subscribeClient.quit(), publishClient.quit()]);
    },
  };
}

/** Maps topic "complaint:status" to channel "<prefix>complaint:status" both ways. */
function prefixTopics(target: EventTargetLike, prefix: string): EventTargetLike {
  return {
    addEventListener: (type, listener, options) => target.addEventListener(prefix + type, listener, options),
    removeEventListener: (type, listener, options) => target.removeEventListener(prefix + type, listener, options),
    dispatchEvent: (event) => target.dispatchEvent(new CustomEvent(prefix + event.type, { detail: (event as CustomEvent).detail })),
  };
}

function countListeners(target: EventTargetLike): { target: EventTargetLike; count: () => number } {
  let n = 0;
  return {
    count: () => n,
    target: {
      addEventListener(type, listener, options) {
        if (listener) n++;
        target.addEventListener(type, listener, options);
      },
      removeEventListener(type, listener, options) {
        if (listener) n--;
        target.removeEventListener(type, listener, options);
      },
      dispatchEvent: (event) => target.dispatchEvent(event),
    },
  };
}
