// Caps on open subscriptions per connection, per client address and per API key.
// A connection lives on one instance, so its count is this process's. A load balancer spreads one
// address's or one key's connections over every instance, so those counts are shared: with Redis
// (REDIS_URL) each is a sorted set of lease ids scored by their expiry on Redis's clock, and every
// instance renews its own leases every ttl/3, so the leases of an instance that crashed expire
// after ttl instead of holding slots for ever. Without Redis (one instance: live events cross
// instances only through Redis anyway), and while Redis is unreachable, this process's memory counts.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SecurityConfig } from './config.js';

export interface SubscriptionOwner {
  connection: string;
  address: string;
  apiKey: string | null;
}

export interface Lease {
  release(): void;
}

type Caps = Pick<SecurityConfig, 'maxSubscriptionsPerConnection' | 'maxSubscriptionsPerAddress' | 'maxSubscriptionsPerApiKey'>;

export interface SharedStore {
  redis: Redis | null;
  /** Prepended to every Redis key (REDIS_CHANNEL_PREFIX), like the rate limits' and the pub/sub's. */
  prefix: string;
  /** How long a lease outlives its last renewal (an instance that crashed frees its slots after this). */
  ttlMs?: number;
}

// KEYS: one sorted set per cap. ARGV: the lease id, the ttl in ms, then each key's maximum.
// Atomic: drops expired leases, refuses when any set is full, else adds the lease to every set.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  if redis.call('ZCARD', key) >= tonumber(ARGV[i + 2]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now + ttl, ARGV[1])
  redis.call('PEXPIRE', key, ttl)
end
return 1`;

// KEYS[i] holds lease ARGV[i + 1]; ARGV[1] is the ttl in ms. Pushes the leases' expiry forward (and
// puts back one that expired while Redis was unreachable: its subscription is still open).
const RENEW = `
local t = redis.call('TIME')
local ttl = tonumber(ARGV[1])
local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + ttl
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, expires, ARGV[i + 1])
  redis.call('PEXPIRE', key, ttl)
end
return #KEYS`;

const RENEW_BATCH = 500;

type CapsRedis = Redis & {
  tuntasSubscriptionAcquire(numKeys: number, ...args: (string | number)[]): Promise<number>;
  tuntasSubscriptionRenew(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

export class SubscriptionCaps {
  /** Connection counts, and address and key counts when they are not in Redis. */
  private readonly local = new Map<string, number>();
  /**
   * This instance's leases held in Redis, by sequence number (the lease id is `instance:seq`), with
   * their owner: the ids and sorted-set keys are rebuilt when needed, not kept per subscription.
   */
  private readonly shared = new Map<number, SubscriptionOwner>();
  private readonly redis: CapsRedis | null;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly instance = randomUUID();
  private seq = 0;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly renewTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: Caps,
    store: SharedStore = { redis: null, prefix: '' },
  ) {
    this.prefix = store.prefix;
    this.ttlMs = store.ttlMs ?? 60_000;
    this.redis = store.redis as CapsRedis | null;
    if (this.redis) {
      if (typeof this.redis.tuntasSubscriptionAcquire !== 'function') {
        this.redis.defineCommand('tuntasSubscriptionAcquire', { lua: ACQUIRE });
        this.redis.defineCommand('tuntasSubscriptionRenew', { lua: RENEW });
      }
      this.renewTimer = setInterval(() => this.track(this.renew()), Math.max(100, Math.floor(this.ttlMs / 3)));
      this.renewTimer.unref();
    }
  }

  /** A lease on one more subscription, or null when the owner already holds as many as allowed. */
  async acquire(owner: SubscriptionOwner): Promise<Lease | null> {
    const connection = `conn:${owner.connection}`;
    // Reserved before any await, so parallel subscribes on one connection cannot overshoot.
    if (!this.take([[connection, this.config.maxSubscriptionsPerConnection]])) return null;
    const caps = this.capsOf(owner);

    let sharedId: number | null = null;
    if (this.redis) {
      const seq = ++this.seq;
      const id = this.leaseId(seq);
      const keys = this.sharedKeys(owner);
      try {
        const ok = await this.redis.tuntasSubscriptionAcquire(keys.length, ...keys, id, this.ttlMs, ...caps.map(([, max]) => max));
        if (ok !== 1) {
          this.give([connection]);
          return null;
        }
        this.shared.set(seq, owner);
        sharedId = seq;
      } catch {
        // Redis unreachable: this instance's memory counts until it is back (as the rate limits do).
      }
    }
    if (sharedId === null && !this.take(caps)) {
      this.give([connection]);
      return null;
    }
    return new CapLease(this, owner, sharedId);
  }

  /** Gives back what a lease took (called once, by the lease). */
  releaseLease(owner: SubscriptionOwner, sharedId: number | null): void {
    this.give([`conn:${owner.connection}`]);
    if (sharedId === null) {
      this.give(this.capsOf(owner).map(([k]) => k));
      return;
    }
    // Already given back by close().
    if (!this.shared.delete(sharedId)) return;
    const redis = this.redis!;
    const id = this.leaseId(sharedId);
    this.track(
      this.sharedKeys(owner)
        .reduce((multi, key) => multi.zrem(key, id), redis.multi())
        .exec()
        .catch(() => undefined),
    );
  }

  private leaseId(seq: number): string {
    return `${this.instance}:${seq}`;
  }

  /** The owner's sorted sets in Redis. */
  private sharedKeys(owner: SubscriptionOwner): string[] {
    return this.capsOf(owner).map(([k]) => `${this.prefix}subs:${k}`);
  }

  /** The address's and the key's counters with their maxima (the connection's is kept apart: always this process's). */
  private capsOf(owner: SubscriptionOwner): [string, number][] {
    const caps: [string, number][] = [[`addr:${owner.address}`, this.config.maxSubscriptionsPerAddress]];
    if (owner.apiKey) caps.push([`key:${owner.apiKey}`, this.config.maxSubscriptionsPerApiKey]);
    return caps;
  }

  /** Frees this instance's remaining Redis leases (a clean shutdown gives their slots back at once). */
  async close(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    if (this.redis && this.shared.size > 0) {
      const multi = this.redis.multi();
      for (const [seq, owner] of this.shared) for (const key of this.sharedKeys(owner)) multi.zrem(key, this.leaseId(seq));
      this.shared.clear();
      this.track(multi.exec().catch(() => undefined));
    }
    await Promise.allSettled([...this.pending]);
  }

  /** Counts one more for every key, or nothing when one of them is at its maximum. */
  private take(caps: [string, number][]): boolean {
    if (caps.some(([k, max]) => (this.local.get(k) ?? 0) >= max)) return false;
    for (const [k] of caps) this.local.set(k, (this.local.get(k) ?? 0) + 1);
    return true;
  }

  private give(keys: string[]): void {
    for (const k of keys) {
      const n = (this.local.get(k) ?? 1) - 1;
      if (n <= 0) this.local.delete(k);
      else this.local.set(k, n);
    }
  }

  private async renew(): Promise<void> {
    const pairs = [...this.shared].flatMap(([seq, owner]) => this.sharedKeys(owner).map((key) => [key, this.leaseId(seq)] as const));
    for (let i = 0; i < pairs.length; i += RENEW_BATCH) {
      const batch = pairs.slice(i, i + RENEW_BATCH);
      await this.redis!.tuntasSubscriptionRenew(batch.length, ...batch.map(([k]) => k), this.ttlMs, ...batch.map(([, id]) => id)).catch(
        () => undefined,
      );
    }
  }

  private track(p: Promise<unknown>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

/**
 * One open subscription's slots. Holds only the owner it was taken for (strings the subscription keeps
 * anyway) and its Redis lease id: one small object per subscriber, the keys rebuilt on release.
 */
class CapLease implements Lease {
  private released = false;
  constructor(
    private readonly caps: SubscriptionCaps,
    private readonly owner: SubscriptionOwner,
    private readonly sharedId: number | null,
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    this.caps.releaseLease(this.owner, this.sharedId);
  }
}
