// Retry policy for idempotent reads: exponential backoff with jitter on network failures, HTTP 5xx
// and HTTP 429, honouring the server's Retry-After. Mutations never come through here.
import { NetworkError, RateLimitedError, ServerError, type TuntasError } from './errors.js';

export interface RetryOptions {
  /** Extra attempts after the first (default 3; 0 disables retrying). */
  retries: number;
  /** Backoff base: the first retry waits about this long (default 200 ms). */
  minDelayMs: number;
  /**
   * Cap for one wait (default 10 s). A Retry-After longer than this is not waited out: the
   * RateLimitedError / ServerError is thrown at once so the caller can schedule the retry itself.
   */
  maxDelayMs: number;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  error: TuntasError;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, minDelayMs: 200, maxDelayMs: 10_000 };

/** Is this failure worth trying again for an idempotent request? */
export function isRetryable(error: TuntasError): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ServerError) return true;
  // Only the transport-level 429: a GraphQL RATE_LIMITED result (login lockout) lasts minutes.
  if (error instanceof RateLimitedError) return error.status === 429;
  return false;
}

/** The wait before retry number `attempt` (1-based), or undefined when it should not be retried. */
export function retryDelay(error: TuntasError, attempt: number, opts: RetryOptions, random = Math.random): number | undefined {
  if (attempt > opts.retries || !isRetryable(error)) return undefined;
  const retryAfter = (error as { retryAfter?: number }).retryAfter;
  if (retryAfter !== undefined) {
    const ms = retryAfter * 1000;
    return ms <= opts.maxDelayMs ? ms : undefined;
  }
  // "Equal jitter": half fixed, half random, so many clients do not retry in lockstep.
  const base = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** (attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

/** Waits; an abort rejects with the signal's reason (the client turns it into AbortedError / TimeoutError). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
