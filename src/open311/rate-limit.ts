// How Open311 reads are limited per client. A small interface so the shared limiter the hardening
// work adds in src/security/ (PostgreSQL/Redis, the same budget as the GraphQL status read) plugs in
// at merge; until then a fixed window in this process's memory.
export interface RateLimiter {
  /** Counts one request for the key; ok false with the seconds to wait when over the limit. */
  consume(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

export class InMemoryRateLimiter implements RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(key: string) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear(); // bounded memory under a scan of addresses
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.limit) return { ok: true as const };
    return { ok: false as const, retryAfterSeconds: Math.ceil((w.start + this.windowMs - t) / 1000) };
  }
}
