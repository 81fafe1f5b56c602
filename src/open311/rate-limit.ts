// How Open311 reads are limited per client: app.ts plugs in the shared store of src/security/
// (Redis across instances when set), counting OPEN311_REQUESTS_PER_MINUTE per address.
export interface RateLimiter {
  /** Counts one request for the key; ok false with the seconds to wait when over the limit. */
  consume(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}
