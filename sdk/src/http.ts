// One GraphQL request over fetch: JSON in, the typed error out. Plain fetch (no client library) so the
// SDK controls timeouts, aborts, headers and the request id, and runs unchanged in browsers.
import {
  AbortedError,
  errorFromCode,
  ForbiddenError,
  NetworkError,
  parseRetryAfter,
  RateLimitedError,
  ServerError,
  TimeoutError,
  type TuntasError,
  UnauthenticatedError,
} from './errors.js';

export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

interface GraphQLResponseError {
  message?: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A random id for `x-request-id`, so every error names its request even when no answer came. */
export function newRequestId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) {
    try {
      return c.randomUUID();
    } catch {
      // randomUUID throws outside a secure context in browsers: fall through.
    }
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** AbortSignal.any where it exists (Node ≥ 20.3, current browsers), otherwise the same by hand. */
export function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length <= 1) return list[0];
  const any = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(list);
  const controller = new AbortController();
  for (const s of list) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

/** Which of the caller's signal and the client's deadline ended the call, as a typed error. */
export function abortError(
  callerSignal: AbortSignal | undefined,
  deadline: { signal: AbortSignal; ms: number } | undefined,
  requestId?: string,
): TuntasError | undefined {
  if (callerSignal?.aborted) return new AbortedError('The request was aborted', { cause: callerSignal.reason, requestId });
  if (deadline?.signal.aborted) {
    return new TimeoutError(`No answer within ${deadline.ms} ms`, { timeoutMs: deadline.ms, cause: deadline.signal.reason, requestId });
  }
  return undefined;
}

/** The typed error for a GraphQL `errors` entry. */
export function errorFromGraphQL(
  first: GraphQLResponseError,
  details: { status?: number; raw?: unknown; requestId?: string; retryAfter?: number },
): TuntasError {
  const extensions = first.extensions ?? {};
  const code =
    typeof extensions.code === 'string'
      ? extensions.code
      : details.status !== undefined && details.status >= 500
        ? 'INTERNAL_SERVER_ERROR'
        : 'GRAPHQL_ERROR';
  const e = errorFromCode(code, first.message ?? 'GraphQL error', extensions, {
    status: details.status,
    path: first.path,
    raw: details.raw,
    requestId: details.requestId,
  });
  if (e instanceof ServerError && details.retryAfter !== undefined) Object.assign(e, { retryAfter: details.retryAfter });
  return e;
}

export interface PostOptions {
  url: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
  signal?: AbortSignal;
  requestId: string;
}

/** POSTs one operation; returns `data` or throws a TuntasError (never anything else but the abort's own error). */
export async function postGraphQL(body: GraphQLBody, opts: PostOptions): Promise<unknown> {
  const { requestId } = opts;
  let response: Response;
  try {
    response = await opts.fetch(opts.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...opts.headers,
        'x-request-id': requestId,
      },
      body: JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err; // the caller turns it into AbortedError / TimeoutError
    const message = err instanceof Error ? err.message : String(err);
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    throw new NetworkError(`Request failed: ${message}${cause}`, { cause: err, requestId });
  }
  const status = response.status;
  const serverRequestId = response.headers.get('x-request-id') ?? requestId;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new NetworkError(`Reading the answer failed (HTTP ${status})`, { cause: err, status, requestId: serverRequestId });
  }
  let json: { data?: unknown; errors?: GraphQLResponseError[] } | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && ('data' in parsed || 'errors' in parsed)) json = parsed as typeof json;
  } catch {
    json = undefined;
  }
  const details = { status, requestId: serverRequestId, raw: json?.errors ?? text };
  if (status === 429 && !(json?.errors?.[0]?.extensions?.code === 'RATE_LIMITED')) {
    throw new RateLimitedError(json?.errors?.[0]?.message ?? 'Too many requests', { ...details, retryAfter });
  }
  const first = json?.errors?.[0];
  if (first) throw errorFromGraphQL(first, { ...details, retryAfter });
  if (json && status < 300) return json.data;
  if (status >= 500) throw new ServerError(`Server answered HTTP ${status}`, { ...details, retryAfter });
  if (status === 401) throw new UnauthenticatedError('Server answered HTTP 401', details);
  if (status === 403) throw new ForbiddenError('Server answered HTTP 403', details);
  throw new NetworkError(`Not a GraphQL response (HTTP ${status})`, details);
}
