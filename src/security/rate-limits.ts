// Rate limits shared by every instance: Redis when REDIS_URL is set (a memory limiter stands in while
// Redis is unreachable), this process's memory otherwise (one instance). Built on rate-limiter-flexible.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { SecurityConfig } from './config.js';

export type RateLimitBucket = 'address' | 'apiKey' | 'expensive' | 'open311';

export interface RateLimits {
  /** Counts one operation for `key` in `bucket`; returns seconds to wait when over the limit, else 0. */
  consume(bucket: RateLimitBucket, key: string): Promise<number>;
}

const WINDOW_SECONDS = 60;

export function createRateLimits(
  config: Pick<SecurityConfig, 'rateLimitPerAddress' | 'rateLimitPerApiKey' | 'rateLimitExpensive'>,
  opts: { redis: Redis | null; prefix: string; open311PerAddress?: number },
): RateLimits {
  const points: Record<RateLimitBucket, number> = {
    address: config.rateLimitPerAddress,
    apiKey: config.rateLimitPerApiKey,
    expensive: config.rateLimitExpensive,
    // Open311 reads per client address (OPEN311_REQUESTS_PER_MINUTE), shared like the others.
    open311: opts.open311PerAddress ?? config.rateLimitPerAddress,
  };
  const { redis } = opts;
  const limiters = Object.fromEntries(
    (Object.keys(points) as RateLimitBucket[]).map((bucket) => {
      const base = { points: points[bucket], duration: WINDOW_SECONDS, keyPrefix: `${opts.prefix}rl:${bucket}` };
      const memory = new RateLimiterMemory(base);
      const limiter: RateLimiterAbstract = redis ? new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: memory }) : memory;
      return [bucket, limiter];
    }),
  ) as Record<RateLimitBucket, RateLimiterAbstract>;

  return {
    async consume(bucket, key) {
      try {
        await limiters[bucket].consume(key);
        return 0;
      } catch (res) {
        if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        throw res;
      }
    },
  };
}
