// createTuntasClient: typed calls to the tuntas GraphQL API on graphql-request, typed errors,
// retries for reads, pagination and live status changes.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import {
  errorFromCode,
  isErrorResult,
  NetworkError,
  parseRetryAfter,
  RateLimitedError,
  ServerError,
  TuntasError,
  UnauthenticatedError,
  ForbiddenError,
  unwrap,
} from './errors.js';
import {
  ComplaintCountsDocument,
  ComplaintHistorySummaryDocument,
  ComplaintStatusChangedDocument,
  ComplaintStatusDocument,
  ComplaintStatusesDocument,
  ReceiveComplaintDocument,
  type ComplaintCountsQuery,
  type ComplaintHistorySummaryQuery,
  type LiveComplaintFilter,
  type ComplaintStatusChangedSubscription,
  type ComplaintStatusesQuery,
  type ComplaintStatusesQueryVariables,
  type ComplaintStatusFieldsFragment,
  type ComplaintStatusFilter,
  type ReceiveComplaintInput,
  type ReceiveComplaintMutation,
} from './generated/graphql.js';
import { paginate } from './paginate.js';
import { DEFAULT_RETRY, retryDelay, sleep, type RetryOptions } from './retry.js';
import { Subscriber, type EventStream, type Subscription, type SubscriptionHandlers, type Transport } from './subscriptions.js';

export interface TuntasClientOptions {
  /** The service's GraphQL endpoint, e.g. https://lapor.example.go.id/graphql */
  url: string;
  /** API key for another portal (sent as X-API-Key). */
  apiKey?: string;
  /** A user's token from `login` (sent as Authorization: Bearer), or a function returning a fresh one. */
  token?: string | (() => string | Promise<string>);
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Retry policy for queries; `false` turns retries off. Mutations are never retried. */
  retry?: Partial<RetryOptions> | false;
  /** WebSocket class for graphql-ws subscriptions (Node 20 has no global WebSocket: pass `ws`). */
  webSocketImpl?: unknown;
  /** ws(s):// endpoint for subscriptions; default: `url` with http → ws. */
  wsUrl?: string;
  /** Default transport for subscriptions (default "ws"). */
  subscriptionTransport?: Transport;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Override the retry policy for this call (queries only). */
  retry?: Partial<RetryOptions> | false;
}

export type ComplaintStatusView = ComplaintStatusFieldsFragment;
export type ComplaintStatusPage = ComplaintStatusesQuery['complaintStatuses'];
export type ComplaintHistorySummary = NonNullable<ComplaintHistorySummaryQuery['complaintHistorySummary']>;
export type ComplaintHistorySummaryEntry = ComplaintHistorySummary[number];
export type ComplaintCounts = ComplaintCountsQuery['complaintCounts'];
/** A report the service accepted, as its status-level view (status, version, dates, agency). */
export type ReceivedComplaint = ComplaintStatusView;
export type ComplaintStatusChangedEvent = ComplaintStatusChangedSubscription['complaintStatusChanged'];

export interface SubscribeOptions {
  transport?: Transport;
}

type Variables = Record<string, unknown>;

/** Converts anything graphql-request or fetch throws into a typed error. */
export function toTuntasError(err: unknown): TuntasError {
  if (err instanceof TuntasError) return err;
  if (err instanceof ClientError) {
    const { status, headers, errors } = err.response;
    const retryAfter = parseRetryAfter(headers?.get?.('retry-after'));
    if (status === 429) {
      return new RateLimitedError(errors?.[0]?.message ?? 'Too many requests', { status, retryAfter, raw: errors ?? err.response.body });
    }
    const first = errors?.[0];
    if (first) {
      const extensions = (first.extensions ?? {}) as Record<string, unknown>;
      const code = typeof extensions.code === 'string' ? extensions.code : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'GRAPHQL_ERROR';
      const e = errorFromCode(code, first.message, extensions, { status, path: first.path, raw: errors });
      if (e instanceof ServerError && retryAfter !== undefined) Object.assign(e, { retryAfter });
      return e;
    }
    if (status >= 500) {
      const e = new ServerError(`Server answered HTTP ${status}`, { status, raw: err.response.body });
      if (retryAfter !== undefined) Object.assign(e, { retryAfter });
      return e;
    }
    if (status === 401) return new UnauthenticatedError(`Server answered HTTP 401`, { status, raw: err.response.body });
    if (status === 403) return new ForbiddenError(`Server answered HTTP 403`, { status, raw: err.response.body });
    return new NetworkError(`Not a GraphQL response (HTTP ${status})`, { status, raw: err.response.body });
  }
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return new NetworkError(`Request failed: ${message}${cause}`, { cause: err });
}

/** Throws the typed error when a top-level field came back as an `Error` union member. */
function throwOnErrorResults(data: unknown) {
  if (!data || typeof data !== 'object') return;
  for (const [field, value] of Object.entries(data)) {
    if (isErrorResult(value)) unwrap(value, { path: [field] });
  }
}

export class TuntasClient {
  private readonly gql: GraphQLClient;
  private readonly retryOptions: RetryOptions | false;
  private readonly subscriber: Subscriber;
  private readonly defaultTransport: Transport;

  constructor(private readonly options: TuntasClientOptions) {
    const { url, apiKey, token, headers, fetch: fetchImpl } = options;
    if (!url) throw new TypeError('createTuntasClient: `url` is required');
    this.gql = new GraphQLClient(url, { fetch: fetchImpl, headers: { ...headers, ...(apiKey ? { 'x-api-key': apiKey } : {}) } });
    this.retryOptions = options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry };
    this.subscriber = new Subscriber({
      url,
      wsUrl: options.wsUrl,
      apiKey,
      token,
      headers,
      fetch: fetchImpl,
      webSocketImpl: options.webSocketImpl,
    });
    this.defaultTransport = options.subscriptionTransport ?? 'ws';
  }

  private async authorization(): Promise<Record<string, string>> {
    const { token } = this.options;
    const t = typeof token === 'function' ? await token() : token;
    return t ? { authorization: `Bearer ${t}` } : {};
  }

  /**
   * Any operation, typed by its document. Queries are retried per the retry policy, mutations never.
   * Throws a TuntasError subclass for GraphQL errors and for a top-level `Error` union member.
   */
  async request<TData, TVars extends Variables = Variables>(
    document: TypedDocumentNode<TData, TVars> | DocumentNode | string,
    variables?: TVars,
    opts: RequestOptions = {},
  ): Promise<TData> {
    const doc = typeof document === 'string' ? parse(document) : document;
    const operation = getOperationAST(doc)?.operation;
    if (operation === 'subscription') throw new TypeError('Use subscribe() for subscriptions');
    const policy = operation === 'query' && opts.retry !== false && this.retryOptions ? { ...this.retryOptions, ...opts.retry } : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const data = await this.gql.request<TData, Variables>({
          document: doc,
          variables: variables as Variables,
          signal: opts.signal,
          requestHeaders: await this.authorization(),
        });
        throwOnErrorResults(data);
        return data;
      } catch (err) {
        const error = toTuntasError(err);
        const delay = policy && !opts.signal?.aborted ? retryDelay(error, attempt, policy) : undefined;
        if (delay === undefined) throw error;
        policy!.onRetry?.({ attempt, delayMs: delay, error });
        await sleep(delay, opts.signal);
      }
    }
  }

  /** Status of one complaint by its LAPOR! tracking ID, or null if there is none. */
  async complaintStatus(trackingId: string, opts?: RequestOptions): Promise<ComplaintStatusView | null> {
    const data = await this.request(ComplaintStatusDocument, { trackingId }, opts);
    return data.complaintStatus;
  }

  /** One page of the key's agency's complaints (status level, no personal data). */
  async complaintStatuses(vars: ComplaintStatusesQueryVariables = {}, opts?: RequestOptions): Promise<ComplaintStatusPage> {
    const data = await this.request(ComplaintStatusesDocument, vars, opts);
    return data.complaintStatuses;
  }

  /** Every complaint of the key's agency, fetched `pageSize` at a time as the loop asks for more. */
  iterateComplaintStatuses(
    args: { pageSize?: number; filter?: ComplaintStatusFilter } = {},
    opts?: RequestOptions,
  ): AsyncGenerator<ComplaintStatusView, void, undefined> {
    const { pageSize = 50, filter } = args;
    return paginate((after) => this.complaintStatuses({ first: pageSize, after, filter }, opts));
  }

  /** What happened to a complaint (actions, statuses, dates, actor roles; never who), or null when unknown or not yours. */
  async historySummary(trackingId: string, opts?: RequestOptions): Promise<ComplaintHistorySummary | null> {
    const data = await this.request(ComplaintHistorySummaryDocument, { trackingId }, opts);
    return data.complaintHistorySummary;
  }

  /** Dashboard counts by status and by division. */
  async counts(agencyId?: string, opts?: RequestOptions): Promise<ComplaintCounts> {
    const data = await this.request(ComplaintCountsDocument, agencyId ? { agencyId } : {}, opts);
    return data.complaintCounts;
  }

  /**
   * Forward a LAPOR! report (SOP step 1). Never retried automatically: on a network error, send it
   * again yourself; a DuplicateTrackingIdError then tells you the first attempt got through.
   */
  async receiveComplaint(input: ReceiveComplaintInput, opts?: Pick<RequestOptions, 'signal'>): Promise<ReceivedComplaint> {
    const data = await this.request(ReceiveComplaintDocument, { input }, opts);
    const result = unwrap(data.receiveComplaint) as Extract<ReceiveComplaintMutation['receiveComplaint'], { __typename: 'Complaint' }>;
    return result.statusView;
  }

  /** Live status changes: with a callback, or (without) as an async iterator. */
  subscribeToStatusChanges(
    filter: LiveComplaintFilter,
    handler: ((event: ComplaintStatusChangedEvent) => void) | SubscriptionHandlers<ComplaintStatusChangedEvent>,
    options?: SubscribeOptions,
  ): Subscription;
  subscribeToStatusChanges(filter: LiveComplaintFilter, options?: SubscribeOptions): EventStream<ComplaintStatusChangedEvent>;
  subscribeToStatusChanges(
    filter: LiveComplaintFilter,
    handlerOrOptions?:
      | ((event: ComplaintStatusChangedEvent) => void)
      | SubscriptionHandlers<ComplaintStatusChangedEvent>
      | SubscribeOptions,
    maybeOptions?: SubscribeOptions,
  ): Subscription | EventStream<ComplaintStatusChangedEvent> {
    const isHandler = typeof handlerOrOptions === 'function' || (!!handlerOrOptions && 'onEvent' in handlerOrOptions);
    const options = (isHandler ? maybeOptions : (handlerOrOptions as SubscribeOptions | undefined)) ?? {};
    const transport = options.transport ?? this.defaultTransport;
    const vars = { filter };
    if (!isHandler) {
      const raw = this.subscriber.iterate(ComplaintStatusChangedDocument, vars, transport);
      return mapStream(raw, (d) => d.complaintStatusChanged);
    }
    const handlers =
      typeof handlerOrOptions === 'function'
        ? { onEvent: handlerOrOptions }
        : (handlerOrOptions as SubscriptionHandlers<ComplaintStatusChangedEvent>);
    return this.subscriber.subscribe(ComplaintStatusChangedDocument, vars, transport, {
      ...handlers,
      onEvent: (d) => handlers.onEvent(d.complaintStatusChanged),
    });
  }

  /** Any subscription document, as an async iterator of its typed results. */
  subscribe<TData, TVars extends Variables>(
    document: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    options: SubscribeOptions = {},
  ): EventStream<TData> {
    return this.subscriber.iterate(document, variables, options.transport ?? this.defaultTransport);
  }

  /** Closes the shared WebSocket, if one is open. */
  dispose(): Promise<void> {
    return this.subscriber.dispose();
  }
}

function mapStream<A, B>(source: EventStream<A>, fn: (a: A) => B): EventStream<B> {
  const stream: EventStream<B> = {
    async next() {
      const r = await source.next();
      return r.done ? { value: undefined, done: true } : { value: fn(r.value), done: false };
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    unsubscribe: () => source.unsubscribe(),
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

export function createTuntasClient(options: TuntasClientOptions): TuntasClient {
  return new TuntasClient(options);
}
