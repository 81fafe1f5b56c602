// Live events over graphql-ws (WebSocket) or Server-Sent Events, handed back as typed values through a
// callback or an async iterator.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { errorFromCode, NetworkError, TuntasError, UnauthenticatedError, ForbiddenError } from './errors.js';

export type Transport = 'ws' | 'sse';

export interface SubscriptionHandlers<T> {
  onEvent: (event: T) => void;
  onError?: (error: TuntasError) => void;
  onComplete?: () => void;
}

/** A running subscription. `unsubscribe()` is idempotent. */
export interface Subscription {
  unsubscribe(): void;
}

/** An async iterator of events; leaving the `for await` loop (or `unsubscribe()`) ends it. */
export interface EventStream<T> extends AsyncIterableIterator<T>, Subscription {}

export interface SubscriptionConfig {
  /** http(s) URL of /graphql; ws(s) is derived from it unless `wsUrl` is given. */
  url: string;
  wsUrl?: string;
  apiKey?: string;
  token?: string | (() => string | Promise<string>);
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** A WebSocket class (`ws` on Node 20, which has no global WebSocket). */
  webSocketImpl?: unknown;
}

type Sink<T> = { next(v: T): void; error(e: TuntasError): void; complete(): void };

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
  const message = err instanceof Error ? err.message : 'Subscription failed';
  return new NetworkError(message, { cause: err });
}

async function resolveToken(token: SubscriptionConfig['token']) {
  return typeof token === 'function' ? await token() : token;
}

export class Subscriber {
  private ws?: WsClient;

  constructor(private readonly config: SubscriptionConfig) {}

  private wsClient(): WsClient {
    if (this.ws) return this.ws;
    const { url, wsUrl, apiKey, token, webSocketImpl } = this.config;
    const impl = webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
    if (!impl) {
      throw new TuntasError(
        'NO_WEBSOCKET',
        'No WebSocket implementation: pass `webSocketImpl` (e.g. `ws`) on Node 20, or use transport "sse"',
      );
    }
    this.ws = createWsClient({
      url: wsUrl ?? url.replace(/^http/, 'ws'),
      webSocketImpl: impl,
      lazy: true,
      connectionParams: async () => {
        const t = await resolveToken(token);
        return { ...(apiKey ? { apiKey } : {}), ...(t ? { authorization: `Bearer ${t}` } : {}) };
      },
      // Reconnects on network trouble; a rejected key (4401/4403) is fatal and not retried.
      retryAttempts: 5,
    });
    return this.ws;
  }

  private start<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars, transport: Transport, sink: Sink<TData>): () => void {
    const payload = { query: print(doc), variables: variables as Record<string, unknown> };
    let done = false;
    const guard: Sink<TData> = {
      next: (v) => !done && sink.next(v),
      error: (e) => {
        if (done) return;
        done = true;
        sink.error(e);
      },
      complete: () => {
        if (done) return;
        done = true;
        sink.complete();
      },
    };
    const onResult = (result: { data?: unknown; errors?: readonly unknown[] | null }) => {
      if (result.errors?.length) guard.error(subscriptionError(result.errors));
      else if (result.data) guard.next(result.data as TData);
    };
    if (transport === 'ws') {
      const stop = this.wsClient().subscribe(payload, {
        next: onResult,
        error: (e) => guard.error(subscriptionError(e)),
        complete: () => guard.complete(),
      });
      return () => {
        done = true;
        stop();
      };
    }
    let stop: (() => void) | undefined;
    let cancelled = false;
    this.sseSubscribe(payload, {
      next: onResult,
      error: (e) => guard.error(subscriptionError(e)),
      complete: () => guard.complete(),
    })
      .then((s) => {
        stop = s;
        if (cancelled) s();
      })
      .catch((e) => guard.error(subscriptionError(e)));
    return () => {
      done = true;
      cancelled = true;
      stop?.();
    };
  }

  private async sseSubscribe(
    payload: { query: string; variables: Record<string, unknown> },
    sink: { next(r: { data?: unknown; errors?: readonly unknown[] | null }): void; error(e: unknown): void; complete(): void },
  ): Promise<() => void> {
    // Optional dependency: loaded only when SSE is used.
    const mod = 'graphql-sse';
    let createClient: typeof import('graphql-sse')['createClient'];
    try {
      ({ createClient } = (await import(mod)) as typeof import('graphql-sse'));
    } catch (cause) {
      throw new TuntasError('NO_SSE', 'Subscriptions over SSE need the optional package graphql-sse: npm install graphql-sse', { cause });
    }
    const { url, apiKey, token, headers, fetch: fetchFn } = this.config;
    const client = createClient({
      url,
      singleConnection: false,
      fetchFn,
      headers: async () => {
        const t = await resolveToken(token);
        return { ...headers, ...(apiKey ? { 'x-api-key': apiKey } : {}), ...(t ? { authorization: `Bearer ${t}` } : {}) };
      },
      retryAttempts: 5,
    });
    const stop = client.subscribe(payload, {
      next: (r) => sink.next(r as { data?: unknown; errors?: readonly unknown[] | null }),
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
    doc: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    transport: Transport,
    handlers: SubscriptionHandlers<TData>,
  ): Subscription {
    const stop = this.start(doc, variables, transport, {
      next: handlers.onEvent,
      error: (e) => handlers.onError?.(e),
      complete: () => handlers.onComplete?.(),
    });
    return { unsubscribe: stop };
  }

  /** Async iterator style: events are queued until read; an error is thrown from `next()`. */
  iterate<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars, transport: Transport): EventStream<TData> {
    const queue: TData[] = [];
    const waiting: { resolve(r: IteratorResult<TData>): void; reject(e: unknown): void }[] = [];
    let failure: TuntasError | undefined;
    let finished = false;

    const settle = () => {
      while (waiting.length && (queue.length || failure || finished)) {
        const w = waiting.shift()!;
        if (queue.length) w.resolve({ value: queue.shift()!, done: false });
        else if (failure) {
          w.reject(failure);
          failure = undefined;
          finished = true;
        } else w.resolve({ value: undefined, done: true });
      }
    };
    const stop = this.start(doc, variables, transport, {
      next: (v) => {
        queue.push(v);
        settle();
      },
      error: (e) => {
        failure = e;
        settle();
      },
      complete: () => {
        finished = true;
        settle();
      },
    });
    const end = () => {
      if (!finished) stop();
      finished = true;
      queue.length = 0;
      failure = undefined;
      settle();
    };
    const stream: EventStream<TData> = {
      next: () =>
        new Promise<IteratorResult<TData>>((resolve, reject) => {
          waiting.push({ resolve, reject });
          settle();
        }),
      return: async () => {
        end();
        return { value: undefined, done: true };
      },
      unsubscribe: end,
      [Symbol.asyncIterator]() {
        return stream;
      },
    };
    return stream;
  }

  async dispose(): Promise<void> {
    const ws = this.ws;
    this.ws = undefined;
    await ws?.dispose();
  }
}
