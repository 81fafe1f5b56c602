// Live events over graphql-ws (WebSocket) or Server-Sent Events that survive a server restart: a
// subscription reconnects with backoff and subscribes again (with fresh credentials) until it is
// unsubscribed or fails for a reason retrying cannot fix (a bad key, a forbidden filter). A stream the
// server ends is a disconnection, not the end: live status never finishes by itself.
//
// `ready` / `onReady`: the server tells the SDK when it is listening (the subscribedSignal request
// extension), so "subscribe first, then read" needs no sleep. `onResubscribed` fires after every
// reconnection. A subscription that takes `$lastEventId` (the SDK's complaintStatusChanged does)
// resumes from the last event delivered: the server replays what was published meanwhile (as long as
// the outbox keeps it); others miss those events, so refetch what you show.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type DocumentNode } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { pushStream, type PushStream } from './stream.js';
import {
  AbortedError,
  errorFromCode,
  ForbiddenError,
  InvalidInputError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TuntasError,
  UnauthenticatedError,
} from './errors.js';

export type Transport = 'ws' | 'sse';

export interface ReconnectOptions {
  /** Reconnection attempts in a row before giving up with the last error (default: Infinity). */
  retries: number;
  /** The first wait (default 1 s); doubles each attempt, with jitter. */
  minDelayMs: number;
  /** Cap for one wait (default 30 s). */
  maxDelayMs: number;
}

export const DEFAULT_RECONNECT: ReconnectOptions = { retries: Infinity, minDelayMs: 1_000, maxDelayMs: 30_000 };

export interface ReconnectInfo {
  /** 1 for the first attempt after a disconnection. */
  attempt: number;
  delayMs: number;
  /** Why the connection ended. */
  error: TuntasError;
}

export interface LiveHandlers {
  /** The server listens: events from now on will arrive. Once per subscription. */
  onReady?: () => void;
  /**
   * Subscribed again after a disconnection. A subscription taking `$lastEventId` gets the events
   * published in between first; any other missed them: refetch.
   */
  onResubscribed?: () => void;
  /** The connection ended and will be tried again after `delayMs`. */
  onReconnecting?: (info: ReconnectInfo) => void;
}

export interface SubscriptionHandlers<T> extends LiveHandlers {
  onEvent: (event: T) => void;
  /** The subscription failed for good (a bad key, a forbidden filter, or reconnection gave up). */
  onError?: (error: TuntasError) => void;
  /** The client was disposed while the subscription ran (never called for your own unsubscribe()). */
  onComplete?: () => void;
}

/** A running subscription. `unsubscribe()` is idempotent. */
export interface Subscription {
  unsubscribe(): void;
  /** Resolves when the server listens; rejects if the subscription fails before that. */
  readonly ready: Promise<void>;
}

/** An async iterator of events; leaving the `for await` loop (or `unsubscribe()`) ends it. A failure is thrown from it. */
export interface EventStream<T> extends AsyncIterableIterator<T>, Subscription {}

export interface LiveConfig {
  /** http(s) URL of /graphql; ws(s) is derived from it unless `wsUrl` is given. */
  url: string;
  wsUrl?: string;
  /** Headers for SSE requests, and credentials for the WebSocket's connection params; asked again for every (re)connection. */
  credentials: () => Promise<{ apiKey?: string; authorization?: string; headers: Record<string, string> }>;
  fetch: typeof fetch;
  /** A WebSocket class (`ws` on Node 20, which has no global WebSocket). */
  webSocketImpl?: unknown;
  reconnect: ReconnectOptions;
}

type Result = { data?: unknown; errors?: readonly unknown[] | null; extensions?: Record<string, unknown> };
type Sink = { next(r: Result): void; error(e: unknown): void; complete(): void };

/** Turns whatever a transport reports as a failure into a typed error. */
export function subscriptionError(err: unknown): TuntasError {
  if (err instanceof TuntasError) return err;
  if (Array.isArray(err) && err.length > 0) {
    const first = err[0] as { message?: string; extensions?: Record<string, unknown>; path?: (string | number)[] };
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR';
    return errorFromCode(code, first.message ?? 'Subscription failed', first.extensions ?? {}, { raw: err, path: first.path });
  }
  // graphql-ws close codes: 4401 Unauthorized, 4403 Forbidden (the server rejected connectionParams).
  const close = err as { code?: number; reason?: string };
  if (close && typeof close.code === 'number') {
    if (close.code === 4401) return new UnauthenticatedError(close.reason || 'Unauthorized', { raw: err });
    if (close.code === 4403) return new ForbiddenError(close.reason || 'Forbidden', { raw: err });
    return new NetworkError(`Subscription connection closed (${close.code}${close.reason ? `: ${close.reason}` : ''})`, { raw: err });
  }
  const response = (err as { response?: { status?: number } }).response;
  if (response && typeof response.status === 'number' && response.status >= 500) {
    return new ServerError(`Server answered HTTP ${response.status}`, { status: response.status, cause: err });
  }
  const message = err instanceof Error ? err.message : 'Subscription failed';
  return new NetworkError(message, { cause: err });
}

/** Worth reconnecting for? Transport trouble yes; the server refusing the subscription no. */
export function isReconnectable(error: TuntasError): boolean {
  if (error instanceof ServerError) return true;
  if (error instanceof RateLimitedError) return error.status === 429;
  if (!(error instanceof NetworkError)) return false;
  // graphql-ws protocol errors (4400 bad request, 4409 duplicate id, …) repeat on every attempt.
  const code = (error.raw as { code?: number } | undefined)?.code;
  return !(typeof code === 'number' && code >= 4400 && code < 4500 && code !== 4408 && code !== 4499);
}

/** Exponential backoff with "equal jitter" (half fixed, half random), so clients do not reconnect in lockstep. */
export function reconnectDelay(attempt: number, opts: ReconnectOptions, random = Math.random): number {
  const base = Math.min(opts.maxDelayMs, opts.minDelayMs * 2 ** (attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

const isSignal = (r: Result) => r.data == null && !r.errors?.length && r.extensions?.subscribed === true;

export class Live {
  private ws?: WsClient;
  /** Running subscriptions, so dispose() can end them (else they would reconnect on a new socket). */
  private readonly running = new Set<() => void>();

  constructor(private readonly config: LiveConfig) {}

  private wsClient(): WsClient {
    if (this.ws) return this.ws;
    const { url, wsUrl, webSocketImpl, credentials } = this.config;
    const impl = webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!impl) {
      throw new TuntasError(
        'NO_WEBSOCKET',
        'No WebSocket implementation: pass `webSocketImpl` (e.g. `ws`) on Node 20, or use transport "sse"',
      );
    }
    this.ws = createWsClient({
      url: wsUrl ?? new URL(url, (globalThis as { location?: { href: string } }).location?.href).href.replace(/^http/, 'ws'),
      webSocketImpl: impl,
      lazy: true,
      // Fresh credentials for every connection (a token may have been renewed meanwhile).
      connectionParams: async () => {
        const c = await credentials();
        return { ...(c.apiKey ? { apiKey: c.apiKey } : {}), ...(c.authorization ? { authorization: c.authorization } : {}) };
      },
      // Reconnection is done per subscription (below), the same way for both transports.
      retryAttempts: 0,
    });
    return this.ws;
  }

  private open(
    transport: Transport,
    payload: { query: string; variables: Record<string, unknown>; extensions: Record<string, unknown> },
    sink: Sink,
  ): () => void {
    if (transport === 'ws') {
      const stop = this.wsClient().subscribe(payload, {
        next: (r) => sink.next(r as Result),
        error: (e) => sink.error(e),
        complete: () => sink.complete(),
      });
      return stop;
    }
    const { url, credentials, fetch: fetchFn } = this.config;
    const client = createSseClient({
      url,
      singleConnection: false,
      fetchFn,
      headers: async () => {
        const c = await credentials();
        return {
          ...c.headers,
          ...(c.apiKey ? { 'x-api-key': c.apiKey } : {}),
          ...(c.authorization ? { authorization: c.authorization } : {}),
        };
      },
      retryAttempts: 0,
    });
    const stop = client.subscribe(payload, {
      next: (r) => sink.next(r as Result),
      error: (e) => sink.error(e),
      complete: () => sink.complete(),
    });
    return () => {
      stop();
      client.dispose();
    };
  }

  /** Callback style. */
  subscribe<TData, TVars>(
    doc: TypedDocumentNode<TData, TVars> | DocumentNode,
    variables: TVars,
    transport: Transport,
    handlers: SubscriptionHandlers<TData>,
  ): Subscription {
    const payload = {
      query: print(doc),
      variables: { ...(variables as Record<string, unknown>) },
      extensions: { subscribedSignal: true },
    };
    // An operation that takes $lastEventId resumes where it left off: after a disconnection it
    // subscribes again from the last event delivered, and the server sends what was missed first.
    const resumable = takesLastEventId(doc);
    const { reconnect } = this.config;
    let stopped = false;
    let ever = false;
    let attempt = 0;
    let stopCurrent: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resolveReady!: () => void;
    let rejectReady!: (e: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A callback user may never look at `ready`: its rejection is reported through onError.
    ready.catch(() => undefined);

    const fail = (error: TuntasError) => {
      stopped = true;
      this.running.delete(close);
      rejectReady(error);
      handlers.onError?.(error);
    };

    const connect = () => {
      if (stopped) return;
      let ended = false;
      let subscribedNow = false;
      const end = (error?: TuntasError) => {
        if (ended || stopped) return;
        ended = true;
        stopCurrent?.();
        stopCurrent = undefined;
        const why = error ?? new NetworkError('The server ended the subscription (restart or shutdown)');
        // The position is no longer kept (pruned after OUTBOX_RETENTION_DAYS) or unknown: subscribe
        // again without it, as a subscription without replay would (onResubscribed: refetch).
        if (error instanceof InvalidInputError && payload.variables.lastEventId && error.issues.some((i) => i.field === 'lastEventId')) {
          delete payload.variables.lastEventId;
          timer = setTimeout(connect, 0);
          return;
        }
        if (error && !isReconnectable(error)) return fail(error);
        attempt = subscribedNow ? 1 : attempt + 1;
        if (attempt > reconnect.retries) return fail(why);
        const delayMs = reconnectDelay(attempt, reconnect);
        handlers.onReconnecting?.({ attempt, delayMs, error: why });
        timer = setTimeout(connect, delayMs);
      };
      try {
        stopCurrent = this.open(transport, payload, {
          next: (r) => {
            if (ended || stopped) return;
            if (r.errors?.length) return end(subscriptionError(r.errors));
            if (isSignal(r)) {
              subscribedNow = true;
              attempt = 0;
              if (!ever) {
                ever = true;
                resolveReady();
                handlers.onReady?.();
              } else handlers.onResubscribed?.();
              return;
            }
            if (r.data) {
              const id = eventIdOf(r.data as Record<string, unknown>);
              if (resumable && id) payload.variables.lastEventId = id;
              handlers.onEvent(r.data as TData);
            }
          },
          error: (e) => end(subscriptionError(e)),
          complete: () => end(),
        });
      } catch (e) {
        fail(subscriptionError(e));
      }
    };
    const unsubscribe = () => {
      this.running.delete(close);
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      stopCurrent?.();
      rejectReady(new AbortedError('Unsubscribed before the server was listening'));
    };
    // dispose(): the subscription ends as if unsubscribed, and says so (a `for await` loop finishes).
    const close = () => {
      unsubscribe();
      handlers.onComplete?.();
    };
    this.running.add(close);
    connect();
    return { ready, unsubscribe };
  }

  /** Async iterator style: events are queued until read; a failure is thrown from `next()`. */
  iterate<TData, TVars>(
    doc: TypedDocumentNode<TData, TVars> | DocumentNode,
    variables: TVars,
    transport: Transport,
    live: LiveHandlers = {},
  ): EventStream<TData> {
    let sub: Subscription | undefined;
    let out: PushStream<TData> | undefined;
    const pending: { value?: TData; error?: TuntasError }[] = [];
    sub = this.subscribe(doc, variables, transport, {
      ...live,
      onEvent: (value) => (out ? out.push(value) : pending.push({ value })),
      onError: (error) => (out ? out.fail(error) : pending.push({ error })),
      onComplete: () => out?.stream.unsubscribe(),
    });
    out = pushStream<TData>(sub.ready, () => sub?.unsubscribe());
    // A failure reported while subscribing (no WebSocket implementation) comes before `out` exists.
    for (const p of pending) p.error ? out.fail(p.error) : out.push(p.value as TData);
    return out.stream;
  }

  /** Ends every running subscription and closes the shared WebSocket. */
  async dispose(): Promise<void> {
    for (const close of [...this.running]) close();
    const ws = this.ws;
    this.ws = undefined;
    await ws?.dispose();
  }
}

/** Whether the subscription declares a `$lastEventId` variable (the server's replay position). */
function takesLastEventId(doc: DocumentNode): boolean {
  return doc.definitions.some(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions ?? []).some((v) => v.variable.name.value === 'lastEventId'),
  );
}

/** The eventId of a subscription result's one root field, when it has one. */
function eventIdOf(data: Record<string, unknown>): string | undefined {
  const [root] = Object.values(data);
  const id = root && typeof root === 'object' ? (root as { eventId?: unknown }).eventId : undefined;
  return typeof id === 'string' ? id : undefined;
}
