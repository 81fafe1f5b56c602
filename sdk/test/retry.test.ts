// Retries: reads are retried on network failure, 5xx and 429 (honouring Retry-After); mutations never.
// A tiny local HTTP server plays the flaky gateway in front of the service.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTuntasClient, graphql, NetworkError, RateLimitedError, retryDelay, ServerError, type RetryInfo } from '../src/index.js';

type Step = (res: ServerResponse, body: { query: string }) => void;

const ok: Step = (res) => json(res, 200, { data: { complaintStatus: null } });
const status =
  (code: number, headers: Record<string, string> = {}): Step =>
  (res) => {
    res.writeHead(code, { 'content-type': 'text/plain', ...headers });
    res.end('try later');
  };
/** Drops the connection without an answer: fetch fails with a network error. */
const hangUp: Step = (res) => res.socket?.destroy();

function json(res: ServerResponse, code: number, body: unknown) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** Answers request n with steps[n] (the last step repeats); records what came in. */
async function flaky(steps: Step[]) {
  const seen: string[] = [];
  server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as { query: string };
      seen.push(body.query);
      steps[Math.min(seen.length - 1, steps.length - 1)]!(res, body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen };
}

const STATUS = graphql<{ complaintStatus: null }, { id: string }>(
  `query S($id: String!) { complaintStatus(trackingId: $id) { __typename } }`,
);
const MUTATE = graphql<{ receiveComplaint: { __typename: string } }, { id: string }>(
  `mutation M($id: String!) { receiveComplaint(input: { trackingId: $id }) { __typename } }`,
);

describe('retries', () => {
  it('a query survives a dropped connection, a 503 and a 429, waiting exactly Retry-After for the 429', async () => {
    const { url, seen } = await flaky([hangUp, status(503), status(429, { 'retry-after': '1' }), ok]);
    const retries: RetryInfo[] = [];
    const client = createTuntasClient({ url, retry: { retries: 3, minDelayMs: 10, maxDelayMs: 2_000, onRetry: (i) => retries.push(i) } });
    await expect(client.request(STATUS, { id: 'LAP-1' })).resolves.toEqual({ complaintStatus: null });
    expect(seen).toHaveLength(4);
    expect(retries.map((r) => r.error.constructor)).toEqual([NetworkError, ServerError, RateLimitedError]);
    expect(retries[2]!.delayMs).toBe(1_000);
    // Exponential backoff with jitter within [base/2, base]: base 10 ms, then 20 ms.
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(5);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(10);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(10);
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(20);
  });

  it('gives up after `retries` extra attempts with the typed error', async () => {
    const { url, seen } = await flaky([status(502)]);
    const client = createTuntasClient({ url, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 } });
    const err = await client.request(STATUS, { id: 'LAP-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).status).toBe(502);
    expect(seen).toHaveLength(3);
  });

  it('a 429 whose Retry-After is longer than maxDelayMs is thrown at once, with retryAfter', async () => {
    const { url, seen } = await flaky([status(429, { 'retry-after': '120' }), ok]);
    const client = createTuntasClient({ url, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5_000 } });
    const err = await client.request(STATUS, { id: 'LAP-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfter).toBe(120);
    expect((err as RateLimitedError).status).toBe(429);
    expect(seen).toHaveLength(1);
  });

  it('a mutation is sent once, whatever happens', async () => {
    const cases: [Step, new (...args: never[]) => Error][] = [
      [hangUp, NetworkError],
      [status(503), ServerError],
      [status(429, { 'retry-after': '1' }), RateLimitedError],
    ];
    for (const [step, errorClass] of cases) {
      const { url, seen } = await flaky([step, ok]);
      const client = createTuntasClient({ url, retry: { retries: 5, minDelayMs: 1, maxDelayMs: 5_000 } });
      await expect(client.request(MUTATE, { id: 'LAP-1' })).rejects.toBeInstanceOf(errorClass);
      expect(seen).toHaveLength(1);
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    }
  });

  it('retry: false turns retries off for queries too', async () => {
    const { url, seen } = await flaky([status(503), ok]);
    const client = createTuntasClient({ url, retry: false });
    await expect(client.request(STATUS, { id: 'LAP-1' })).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
  });
});

describe('retryDelay', () => {
  const opts = { retries: 5, minDelayMs: 100, maxDelayMs: 1_000 };
  it('doubles up to the cap, never retries non-transport errors', () => {
    const err = new ServerError('x', { status: 500 });
    expect([1, 2, 3, 4, 5].map((a) => retryDelay(err, a, opts, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect([1, 2, 3].map((a) => retryDelay(err, a, opts, () => 0))).toEqual([50, 100, 200]);
    expect(retryDelay(err, 6, opts)).toBeUndefined();
    // A GraphQL RATE_LIMITED result (login lockout, HTTP 200) is the caller's business.
    expect(retryDelay(new RateLimitedError('locked', { retryAfter: 1, status: 200 }), 1, opts)).toBeUndefined();
  });
});
