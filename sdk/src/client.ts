// createTuntasClient: typed calls to the tuntas GraphQL API with typed errors, timeouts, retries for
// reads, pagination, staff operations and live status that survives reconnections.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, parse, print, type DocumentNode } from 'graphql';
import { GraphQLRequestError, isErrorResult, NotFoundError, InvalidInputError, TuntasError, unwrap } from './errors.js';
import {
  ComplaintCountsDocument,
  ComplaintHistorySummaryDocument,
  ComplaintStatusChangedDocument,
  ComplaintStatusDocument,
  ComplaintStatusesDocument,
  CompleteSecondFactorLoginDocument,
  LoginDocument,
  ReceiveComplaintDocument,
  ViewerDocument,
  type ComplaintCountsQuery,
  type ComplaintHistorySummaryQuery,
  type ComplaintStatusChangedSubscription,
  type ComplaintStatusesQuery,
  type ComplaintStatusesQueryVariables,
  type ComplaintStatusFieldsFragment,
  type ComplaintStatusFilter,
  type LoginMutation,
  type ReceiveComplaintInput,
  type ReceiveComplaintMutation,
  type ViewerQuery,
} from './generated/graphql.js';
import { abortError, anySignal, newRequestId, postGraphQL } from './http.js';
import {
  DEFAULT_RECONNECT,
  Live,
  type EventStream,
  type LiveHandlers,
  type ReconnectOptions,
  type Subscription,
  type SubscriptionHandlers,
  type Transport,
} from './live.js';
import { paginate } from './paginate.js';
import { DEFAULT_RETRY, retryDelay, sleep, type RetryOptions } from './retry.js';
import { StaffOperations } from './staff.js';
import { SDK_VERSION } from './version.js';
import { pushStream, type PushStream } from './stream.js';
import { applyStatusEvent } from './watch.js';

export interface TuntasClientOptions {
  /** The service's GraphQL endpoint, e.g. https://lapor.example.go.id/graphql */
  url: string;
  /** API key for another portal (sent as X-API-Key). */
  apiKey?: string;
  /** A user's token from `login` (sent as Authorization: Bearer), or a function returning a fresh one. */
  token?: string | (() => string | Promise<string> | undefined);
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Retry policy for queries; `false` turns retries off. Mutations are never retried. */
  retry?: Partial<RetryOptions> | false;
  /** Limit for one call, retries and their waits included (default 30 000 ms; 0: none). */
  timeoutMs?: number;
  /** User-Agent header (default `tuntas-sdk/<version>`; browsers send their own and ignore it). */
  userAgent?: string;
  /**
   * Language of error messages and history summaries, sent as Accept-Language (default `en`; `id` for
   * Bahasa Indonesia; any Accept-Language value works). The service answers Indonesian when asked
   * for nothing it has.
   */
  language?: string;
  /** WebSocket class for graphql-ws subscriptions (Node 20 has no global WebSocket: pass `ws`). */
  webSocketImpl?: unknown;
  /** ws(s):// endpoint for subscriptions; default: `url` with http → ws. */
  wsUrl?: string;
  /** Default transport for subscriptions (default "ws"). */
  subscriptionTransport?: Transport;
  /** Reconnection of subscriptions (default: forever, 1 s doubling to 30 s, with jitter). */
  reconnect?: Partial<ReconnectOptions>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Override the retry policy for this call (queries only). */
  retry?: Partial<RetryOptions> | false;
  /** Override the client's timeout for this call. */
  timeoutMs?: number;
}

export type ComplaintStatusView = ComplaintStatusFieldsFragment;
export type ComplaintStatusPage = ComplaintStatusesQuery['complaintStatuses'];
export type ComplaintHistorySummary = NonNullable<ComplaintHistorySummaryQuery['complaintHistorySummary']>;
export type ComplaintHistorySummaryEntry = ComplaintHistorySummary[number];
export type ComplaintCounts = ComplaintCountsQuery['complaintCounts'];
/** A report the service accepted, as its status-level view (status, version, dates, agency). */
export type ReceivedComplaint = ComplaintStatusView;
export type ComplaintStatusChangedEvent = ComplaintStatusChangedSubscription['complaintStatusChanged'];
/** Who the caller is: `kind` USER, API_KEY or ANONYMOUS, with role (users), scopes (keys) and agency. */
export type WhoAmI = ViewerQuery['viewer'];

type AuthPayload = Extract<LoginMutation['login'], { __typename: 'AuthPayload' }>;
/** Signed in: the client now sends this token with every call and subscription. */
export type SignedIn = { kind: 'SIGNED_IN' } & Omit<AuthPayload, '__typename'>;
/**
 * The account has a second factor: call `completeSecondFactorLogin(challenge, code)` with a code from
 * the authenticator app (or a recovery code) before `expiresAt`. The challenge is not a session token.
 */
export interface SecondFactorRequired {
  kind: 'SECOND_FACTOR_REQUIRED';
  challenge: string;
  expiresAt: string;
}
/** What `login` led to. Switch on `kind`; a new outcome is a new kind (a minor version of the SDK). */
export type LoginOutcome = SignedIn | SecondFactorRequired;

/** An outcome added to the schema after this SDK version (Error members were thrown by request()). */
function unknownOutcome(operation: string, outcome: unknown): GraphQLRequestError {
  const typename = (outcome as { __typename: string }).__typename;
  return new GraphQLRequestError(`${operation} answered ${typename}, which this SDK version does not know: upgrade @tuntas/sdk`, {
    raw: outcome,
  });
}

type Never<T> = { [K in keyof T]?: never };
type One<T> = { [K in keyof T]: Required<Pick<T, K>> & Never<Omit<T, K>> }[keyof T];
/** Exactly one option: a tracking ID, a complaint, an agency, or the caller's division queue. */
export type LiveFilter = One<{ trackingId: string; complaintId: string; agencyId: string; myDivisionQueue: true }>;

export interface SubscribeOptions extends LiveHandlers {
  transport?: Transport;
  /**
   * The eventId of the last event you received (kept from an earlier run): the events published after
   * it come first, then live ones. After a disconnection the SDK resumes from the last event it
   * delivered by itself.
   */
  lastEventId?: string;
}

type Variables = Record<string, unknown>;

/** Throws the typed error when a top-level field came back as an `Error` union member. */
function throwOnErrorResults(data: unknown, requestId: string) {
  if (!data || typeof data !== 'object') return;
  for (const [field, value] of Object.entries(data)) {
    if (isErrorResult(value)) unwrap(value, { path: [field], requestId });
  }
}

const printed = new WeakMap<DocumentNode, string>();
function source(doc: DocumentNode): string {
  let s = printed.get(doc);
  if (s === undefined) {
    s = print(doc);
    printed.set(doc, s);
  }
  return s;
}

const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';

export class TuntasClient {
  private readonly retryOptions: RetryOptions | false;
  private readonly live: Live;
  private readonly defaultTransport: Transport;
  private readonly fetchImpl: typeof fetch;
  private sessionToken?: string;
  /** Typed operations for agency staff (sign in with `login` first): every SOP step and the main reads. */
  readonly staff: StaffOperations;

  constructor(private readonly options: TuntasClientOptions) {
    if (!options.url) throw new TypeError('createTuntasClient: `url` is required');
    // Called through globalThis: a bare `fetch` reference loses its receiver in browsers.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.retryOptions = options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry };
    this.defaultTransport = options.subscriptionTransport ?? 'ws';
    this.live = new Live({
      url: options.url,
      wsUrl: options.wsUrl,
      fetch: this.fetchImpl,
      webSocketImpl: options.webSocketImpl,
      reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
      credentials: async () => {
        const authorization = await this.authorization();
        return { apiKey: options.apiKey, authorization, headers: this.baseHeaders() };
      },
    });
    this.staff = new StaffOperations(this);
  }

  private async authorization(): Promise<string | undefined> {
    const { token } = this.options;
    const t = this.sessionToken ?? (typeof token === 'function' ? await token() : token);
    return t ? `Bearer ${t}` : undefined;
  }

  private baseHeaders(): Record<string, string> {
    const ua = this.options.userAgent ?? `tuntas-sdk/${SDK_VERSION}`;
    return { ...(inBrowser ? {} : { 'user-agent': ua }), 'accept-language': this.options.language ?? 'en', ...this.options.headers };
  }

  /**
   * Any operation, typed by its document. Queries are retried per the retry policy, mutations never.
   * Throws a TuntasError subclass for every failure, including a top-level `Error` union member, an
   * abort (AbortedError) and the timeout (TimeoutError).
   */
  async request<TData, TVars extends Variables = Variables>(
    document: TypedDocumentNode<TData, TVars> | DocumentNode | string,
    variables?: TVars,
    opts: RequestOptions = {},
  ): Promise<TData> {
    const doc = typeof document === 'string' ? parse(document) : document;
    const operation = getOperationAST(doc);
    if (operation?.operation === 'subscription') throw new TypeError('Use subscribe() for subscriptions');
    const policy =
      operation?.operation === 'query' && opts.retry !== false && this.retryOptions ? { ...this.retryOptions, ...opts.retry } : undefined;
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const deadline = timeoutMs > 0 ? { signal: AbortSignal.timeout(timeoutMs), ms: timeoutMs } : undefined;
    const signal = anySignal([opts.signal, deadline?.signal]);
    const body = { query: source(doc), variables: variables as Variables | undefined, operationName: operation?.name?.value };
    for (let attempt = 1; ; attempt++) {
      const requestId = newRequestId();
      try {
        const authorization = await this.authorization();
        const headers: Record<string, string> = {
          ...this.baseHeaders(),
          ...(this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {}),
          ...(authorization ? { authorization } : {}),
        };
        const data = await postGraphQL(body, { url: this.options.url, fetch: this.fetchImpl, headers, signal, requestId });
        throwOnErrorResults(data, requestId);
        return data as TData;
      } catch (err) {
        const error =
          abortError(opts.signal, deadline, requestId) ??
          (err instanceof TuntasError ? err : new TuntasError('NETWORK_ERROR', String(err), { cause: err, requestId }));
        const delay = policy && !signal?.aborted ? retryDelay(error, attempt, policy) : undefined;
        if (delay === undefined) throw error;
        policy!.onRetry?.({ attempt, delayMs: delay, error });
        try {
          await sleep(delay, signal);
        } catch (cause) {
          throw (
            abortError(opts.signal, deadline, requestId) ??
            new TuntasError('NETWORK_ERROR', 'Waiting to retry failed', { cause, requestId })
          );
        }
      }
    }
  }

  /** Who the client is to the service: kind, role or scopes, and agency. Works without credentials. */
  async whoami(opts?: RequestOptions): Promise<WhoAmI> {
    return (await this.request(ViewerDocument, {}, opts)).viewer;
  }

  /**
   * Staff sign-in. On SIGNED_IN the client uses the token for every later call and subscription
   * (until `logout()`). Wrong credentials: LoginFailedError; locked: RateLimitedError (retryAfter).
   */
  async login(email: string, password: string, opts?: Pick<RequestOptions, 'signal' | 'timeoutMs'>): Promise<LoginOutcome> {
    const { login } = await this.request(LoginDocument, { email, password }, opts);
    if (login.__typename === 'AuthPayload') return this.signedIn(login);
    if (login.__typename === 'SecondFactorRequired') {
      return { kind: 'SECOND_FACTOR_REQUIRED', challenge: login.challenge, expiresAt: login.expiresAt };
    }
    throw unknownOutcome('login', login);
  }

  /**
   * The second step of `login` for an account with a second factor: the challenge it returned and a
   * code from the authenticator app (or one of the recovery codes, each valid once). A wrong or used
   * code, or an expired challenge: InvalidInputError (field `code` or `challenge`); too many tries:
   * RateLimitedError.
   */
  async completeSecondFactorLogin(
    challenge: string,
    code: string,
    opts?: Pick<RequestOptions, 'signal' | 'timeoutMs'>,
  ): Promise<SignedIn> {
    const { completeSecondFactorLogin: done } = await this.request(CompleteSecondFactorLoginDocument, { challenge, code }, opts);
    if (done.__typename === 'AuthPayload') return this.signedIn(done);
    throw unknownOutcome('completeSecondFactorLogin', done);
  }

  /** A sign-in's token becomes the one the client sends from now on. */
  private signedIn({ __typename, ...payload }: AuthPayload): SignedIn {
    this.sessionToken = payload.token;
    return { kind: 'SIGNED_IN', ...payload };
  }

  /** Forgets the token from `login` (it stays valid until it expires). */
  logout(): void {
    this.sessionToken = undefined;
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
  async receiveComplaint(input: ReceiveComplaintInput, opts?: Pick<RequestOptions, 'signal' | 'timeoutMs'>): Promise<ReceivedComplaint> {
    const data = await this.request(ReceiveComplaintDocument, { input }, opts);
    const result = unwrap(data.receiveComplaint) as Extract<ReceiveComplaintMutation['receiveComplaint'], { __typename: 'Complaint' }>;
    return result.statusView;
  }

  /**
   * Live status changes: with a callback (or handlers), or without as an async iterator. Reconnects
   * and subscribes again by itself; `onResubscribed` says when to refetch.
   */
  subscribeToStatusChanges(
    filter: LiveFilter,
    handler: ((event: ComplaintStatusChangedEvent) => void) | SubscriptionHandlers<ComplaintStatusChangedEvent>,
    options?: SubscribeOptions,
  ): Subscription;
  subscribeToStatusChanges(filter: LiveFilter, options?: SubscribeOptions): EventStream<ComplaintStatusChangedEvent>;
  subscribeToStatusChanges(
    filter: LiveFilter,
    handlerOrOptions?:
      | ((event: ComplaintStatusChangedEvent) => void)
      | SubscriptionHandlers<ComplaintStatusChangedEvent>
      | SubscribeOptions,
    maybeOptions?: SubscribeOptions,
  ): Subscription | EventStream<ComplaintStatusChangedEvent> {
    const isHandler = typeof handlerOrOptions === 'function' || (!!handlerOrOptions && 'onEvent' in handlerOrOptions);
    const options = (isHandler ? maybeOptions : (handlerOrOptions as SubscribeOptions | undefined)) ?? {};
    const { transport = this.defaultTransport, lastEventId, ...live } = options;
    const vars = { filter, ...(lastEventId ? { lastEventId } : {}) };
    if (!isHandler) {
      return mapStream(this.live.iterate(ComplaintStatusChangedDocument, vars, transport, live), (d) => d.complaintStatusChanged);
    }
    const handlers =
      typeof handlerOrOptions === 'function'
        ? { onEvent: handlerOrOptions }
        : (handlerOrOptions as SubscriptionHandlers<ComplaintStatusChangedEvent>);
    return this.live.subscribe(ComplaintStatusChangedDocument, vars, transport, {
      ...live,
      ...handlers,
      onEvent: (d) => handlers.onEvent(d.complaintStatusChanged),
    });
  }

  /**
   * The current status view of one complaint, again after every change: subscribes, then reads;
   * ignores old events, applies the next one, refetches on a gap and after every reconnection. An
   * unknown tracking ID fails with NotFoundError.
   */
  watchComplaint(trackingId: string, options: SubscribeOptions = {}): EventStream<ComplaintStatusView> {
    let view: ComplaintStatusView | undefined;
    let lastSent: number | undefined;
    let reading = false;
    let readAgain = false;
    const buffered: ComplaintStatusChangedEvent[] = [];
    let sub: Subscription | undefined;
    let out: PushStream<ComplaintStatusView> | undefined;
    let failed: unknown;
    const notFound = () => new NotFoundError(`No complaint with tracking ID ${trackingId}`, { entity: 'Complaint', requestedId: trackingId });

    const show = (v: ComplaintStatusView) => {
      view = v;
      if (v.version === lastSent) return;
      lastSent = v.version;
      out?.push(v);
    };
    const fail = (e: unknown) => {
      failed ??= e;
      sub?.unsubscribe();
      out?.fail(e);
    };
    const handle = (event: ComplaintStatusChangedEvent) => {
      if (!view || reading) return void buffered.push(event);
      const next = applyStatusEvent(view, event);
      if (next === 'refetch') void read();
      else if (next !== 'ignore') show(next);
    };
    const read = async (): Promise<void> => {
      if (reading) {
        readAgain = true;
        return;
      }
      reading = true;
      try {
        do {
          readAgain = false;
          const fresh = await this.complaintStatus(trackingId);
          if (!fresh) throw notFound();
          // Never step back: an event applied meanwhile may be newer than this read.
          if (!view || fresh.version >= view.version) show(fresh);
        } while (readAgain);
      } catch (e) {
        return fail(e);
      } finally {
        reading = false;
      }
      for (const e of buffered.splice(0)) handle(e);
    };
    sub = this.subscribeToStatusChanges(
      { trackingId },
      {
        onEvent: handle,
        onError: async (e) => {
          // The service refuses to follow an unknown tracking ID: say so plainly.
          if (e instanceof InvalidInputError && !(await this.complaintStatus(trackingId).catch(() => undefined))) return fail(notFound());
          fail(e);
        },
        onComplete: () => out?.stream.unsubscribe(),
      },
      {
        ...options,
        onReady: () => {
          options.onReady?.();
          void read();
        },
        onResubscribed: () => {
          options.onResubscribed?.();
          void read();
        },
      },
    );
    const live = sub;
    out = pushStream<ComplaintStatusView>(live.ready, () => live.unsubscribe());
    if (failed !== undefined) out.fail(failed);
    return out.stream;
  }

  /** Any subscription document, as an async iterator of its typed results (reconnecting like the others). */
  subscribe<TData, TVars extends Variables>(
    document: TypedDocumentNode<TData, TVars>,
    variables: TVars,
    options: SubscribeOptions = {},
  ): EventStream<TData> {
    const { transport = this.defaultTransport, ...live } = options;
    return this.live.iterate(document, variables, transport, live);
  }

  /** Ends every running subscription (their loops finish) and closes the shared WebSocket. */
  dispose(): Promise<void> {
    return this.live.dispose();
  }
}

function mapStream<A, B>(source: EventStream<A>, fn: (a: A) => B): EventStream<B> {
  const stream: EventStream<B> = {
    ready: source.ready,
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
