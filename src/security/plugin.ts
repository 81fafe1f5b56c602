// The service's edge: who is calling (credentials sent are credentials checked), how much they may ask
// for (operation limits by caller tier, execution time, rate limits, open subscriptions), which input
// strings are acceptable, and which browsers may call (CSRF, CORS). app.ts wires it in with a few lines.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getNamedType,
  getNullableType,
  isListType,
  validate,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { createRequire } from 'node:module';
import type { ComplexityEstimator, createComplexityRule as CreateComplexityRule } from 'graphql-query-complexity';
import { resolveViewer } from '../auth/resolve-viewer.js';
import { isHandedOver } from '../graphql/handover.js';
import type { Viewer } from '../auth/viewer.js';
import type { AppServices } from '../services.js';
import { clientAddressOf } from './client-address.js';
import type { OperationLimits } from './config.js';
import { badStringIssues } from './input.js';
import { createRateLimits, type RateLimits } from './rate-limits.js';
import { SubscriptionCaps } from './subscription-caps.js';

// Its ESM build imports graphql/index.mjs, a second copy of graphql whose types fail every instanceof
// check against ours; the CommonJS build shares the graphql every other library loads.
const { createComplexityRule } = createRequire(import.meta.url)('graphql-query-complexity') as {
  createComplexityRule: typeof CreateComplexityRule;
};

/** Root fields that cost the database more than a page read: limited per user (or address) as well. */
export const EXPENSIVE_FIELDS = new Set(['login', 'timeStandardReport', 'registerBook', 'complaintCounts', 'createApiKey']);

/** Page size Pothos uses when a connection is asked for without `first`/`last`. */
const DEFAULT_PAGE = 20;
/** Assumed length of a list field that takes no page size (divisions of an agency, history rows...). */
const LIST_SIZE = 10;

export interface Security {
  plugins: Plugin[];
  /** Yoga's `cors` option: only the configured origins, never a wildcard echo. */
  cors: (
    request: Request,
  ) => false | { origin: string[]; credentials: boolean; allowedHeaders: string[]; methods: string[]; maxAge: number };
  /** The viewer for an HTTP request, resolved once (null also when credentials were rejected). */
  viewerOf(request: Request): Promise<Viewer>;
  clientAddress(req: IncomingMessage): string;
  /** Answers 413 for a body over MAX_BODY_BYTES before it is read; true when it did. */
  refuseOversized(req: IncomingMessage, res: ServerResponse): boolean;
  subscriptions: SubscriptionCaps;
  /** The shared (Redis or memory) rate limits, for plain-HTTP resources next to GraphQL (Open311). */
  rateLimits: RateLimits;
  close(): Promise<void>;
}

interface Resolved {
  viewer: Viewer;
  /** Credentials were sent but are revoked, expired, unknown or malformed. */
  rejected: boolean;
}

/** HTTP 401; on an event stream 200, so SSE clients read the typed error instead of retrying. */
export function unauthenticated(eventStream = false): GraphQLError {
  return new GraphQLError('The credentials sent are invalid, expired or revoked; send valid ones or none', {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: eventStream ? { status: 200 } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } },
    },
  });
}

export function rateLimited(retryAfterSeconds: number, what = 'requests'): GraphQLError {
  return new GraphQLError(`Too many ${what}; try again in ${retryAfterSeconds} seconds`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

/** Connections cost by page size, other lists by LIST_SIZE; a connection's own edges/nodes are not counted twice. */
const pageCost: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection (GraphiQL's docs): its lists are as long as the schema, not chosen by the client,
  // and whether a caller may introspect at all is decided apart; one point per field keeps a
  // hand-nested __type query bounded by the token limit.
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 1 + childComplexity;
  const returns = getNullableType(field.type);
  if (isListType(returns)) return 1 + childComplexity * (type.name.endsWith('Connection') ? 1 : LIST_SIZE);
  if (getNamedType(returns).name.endsWith('Connection')) {
    const size = Number(args.first ?? args.last ?? DEFAULT_PAGE);
    return 1 + childComplexity * (Number.isFinite(size) && size > 0 ? Math.min(size, 1000) : DEFAULT_PAGE);
  }
  return 1 + childComplexity;
};

export function limitRules(limits: OperationLimits, variables: Record<string, unknown>, introspection: boolean): ValidationRule[] {
  // Report through the ValidationContext (not thrown), so every exceeded limit comes back in the list.
  const armor = {
    exposeLimits: true,
    propagateOnRejection: false,
    onAccept: [],
    onReject: [(ctx: ValidationContext | null, err: GraphQLError) => ctx?.reportError(err)],
  };
  return [
    maxDepthRule({ ...armor, n: limits.depth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesRule({ ...armor, n: limits.aliases }),
    maxDirectivesRule({ ...armor, n: limits.directives }),
    // Armor's cost limit guards fragment cycles and deep selections; the page-size-aware estimate below
    // is the cost clients are told about.
    costLimitRule({ ...armor, maxCost: limits.cost * 10, ignoreIntrospection: true }),
    createComplexityRule({
      maximumComplexity: limits.cost,
      variables,
      estimators: [pageCost],
      createError: (max, actual) => tooComplex(`Query cost ${actual} exceeds the limit of ${max}; ask for smaller pages`),
    }),
    ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}

/** What is known about one parsed document (documents are cached per caller tier). */
interface Checked {
  /** A page size or @include/@skip condition comes from a variable: the cost is estimated per request. */
  costUsesVariables: boolean;
  /** The limits' verdicts, when they cannot depend on variables. */
  verdicts?: readonly GraphQLError[];
  /** graphql-js's standard validation (the same for every caller). */
  standard?: readonly GraphQLError[];
}

const VARIABLE_COST_ARGUMENTS = new Set(['first', 'last', 'if']);

function costUsesVariables(document: DocumentNode): boolean {
  let uses = false;
  visit(document, {
    Argument(node) {
      if (VARIABLE_COST_ARGUMENTS.has(node.name.value) && node.value.kind !== Kind.INT && node.value.kind !== Kind.BOOLEAN) uses = true;
    },
  });
  return uses;
}

/** Only the limits' own verdicts: anything else (a bad variable the cost estimate tripped over) is
 * left to standard validation and execution, which report it properly. */
function limitVerdicts(schema: GraphQLSchema, document: DocumentNode, rules: ValidationRule[]): readonly GraphQLError[] {
  let errors: readonly GraphQLError[];
  try {
    errors = validate(schema, document, rules);
  } catch {
    return []; // an invalid document: the standard rules report it
  }
  return errors.flatMap((e) =>
    e.extensions?.code === 'QUERY_TOO_COMPLEX'
      ? [e]
      : /introspection/i.test(e.message)
        ? [
            new GraphQLError('Introspection is available to signed-in staff only; use the published schema.graphql', {
              nodes: e.nodes,
              extensions: { code: 'FORBIDDEN', http: { status: 400 } },
            }),
          ]
        : /^Syntax Error: .*limit/i.test(e.message)
          ? [tooComplex(e.message.replace(/^Syntax Error: /, ''))]
          : [],
  );
}

function isStaff(viewer: Viewer): boolean {
  return viewer?.kind === 'user';
}

type AnyContext = Partial<YogaInitialContext> & { live?: { viewer: Viewer }; req?: IncomingMessage; viewer?: Viewer };

export function createSecurity(services: AppServices): Security {
  const { config } = services;
  const sec = config.security;
  const resolved = new WeakMap<Request, Promise<Resolved>>();
  // One Redis connection for the shared counts (rate limits, open subscriptions). No offline queue and
  // a command timeout: while Redis is down or stalled a request must not wait for it; this process's
  // memory stands in.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1_000 })
    : null;
  redis?.on('error', () => undefined);
  const rateLimits: RateLimits = createRateLimits(sec, {
    redis,
    prefix: config.redisChannelPrefix,
    open311PerAddress: config.open311RequestsPerMinute,
  });
  const subscriptions = new SubscriptionCaps(sec, { redis, prefix: config.redisChannelPrefix });

  const resolve = (request: Request): Promise<Resolved> => {
    let r = resolved.get(request);
    if (!r) {
      const authorization = request.headers.get('authorization');
      const apiKey = request.headers.get('x-api-key');
      r = resolveViewer(services, { authorization, apiKey }).then((viewer) => ({
        viewer,
        rejected: viewer === null && Boolean(authorization?.trim() || apiKey?.trim()),
      }));
      resolved.set(request, r);
    }
    return r;
  };

  const clientAddress = (req: IncomingMessage) => clientAddressOf(req, config.trustProxy);

  // Cross-site forms cannot set a custom header: a body that a browser may send without a preflight
  // (form, multipart, text/plain) needs one, and Authorization or X-API-Key count. GET cannot change
  // anything (Yoga refuses mutations over GET), and credentials are never cookies, so it stays open
  // for EventSource and plain links.
  const csrf = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-require-preflight', 'authorization', 'x-api-key'] });
  const csrfPlugin: Plugin = {
    onRequestParse(payload) {
      if (payload.request.method === 'GET' || payload.request.method === 'HEAD') return;
      return (csrf.onRequestParse as (p: typeof payload) => void)(payload);
    },
  };

  const limitsPlugin: Plugin<AnyContext> = {
    async onParams({ request, setResult, context }) {
      const { viewer, rejected } = await resolve(request);
      if (rejected) return setResult({ errors: [unauthenticated(Boolean(request.headers.get('accept')?.includes('text/event-stream')))] });
      const wait =
        viewer?.kind === 'service'
          ? await rateLimits.consume('apiKey', viewer.apiKeyId)
          : await rateLimits.consume('address', (context as AnyContext).req ? clientAddress((context as AnyContext).req!) : 'unknown');
      if (wait > 0) setResult({ errors: [rateLimited(wait)] });
    },
  };

  // Parse and validate once per (document text, caller tier), not per request: graphql-js's
  // validation visitor was the largest cost of a cached status read. Yoga's own document cache is off
  // (src/server/graphql-server.ts) because it is keyed by the text alone: a document accepted under
  // staff limits must not skip an anonymous caller's. Here every parsed document belongs to one tier,
  // so what is remembered about it (standard validation, limit verdicts) holds for that tier only.
  const parsed = { staff: new LRUCache<string, DocumentNode>({ max: 1_000 }), public: new LRUCache<string, DocumentNode>({ max: 1_000 }) };
  const checked = new WeakMap<DocumentNode, Checked>();
  // Parsing and validation are synchronous: the HTTP viewer was resolved and remembered in onParams.
  const staffCaller = ({ live, request }: AnyContext) =>
    isStaff(live ? live.viewer : request ? (resolvedViewer.get(request) ?? null) : null);
  const tierPlugin: Plugin<AnyContext> = {
    onParse({ context, params, setParsedDocument, setParseFn }) {
      const staff = staffCaller(context as AnyContext);
      const cache = staff ? parsed.staff : parsed.public;
      const text = typeof params.source === 'string' ? params.source : params.source.body;
      const known = cache.get(text);
      if (known) return setParsedDocument(known);
      const n = (staff ? sec.staffLimits : sec.publicLimits).tokens;
      setParseFn((source, options) => {
        let document: DocumentNode;
        try {
          document = new MaxTokensParserWLexer(source, {
            ...options,
            n,
            exposeLimits: true,
            propagateOnRejection: true,
            onAccept: [],
            onReject: [],
          }).parseDocument();
        } catch (err) {
          if (err instanceof GraphQLError && /Token limit/i.test(err.message)) throw tooComplex(err.message.replace(/^Syntax Error: /, ''));
          throw err;
        }
        cache.set(text, document);
        return document;
      });
    },
    onValidate({ context, params, setResult }) {
      const ctx = context as AnyContext;
      const staff = staffCaller(ctx);
      const document = params.documentAST as DocumentNode;
      let facts = checked.get(document);
      if (!facts) {
        facts = { costUsesVariables: costUsesVariables(document) };
        checked.set(document, facts);
      }
      let verdicts = facts.verdicts;
      if (!verdicts) {
        const variables = ((ctx as { params?: { variables?: Record<string, unknown> } }).params?.variables ?? {}) as Record<
          string,
          unknown
        >;
        const rules = limitRules(staff ? sec.staffLimits : sec.publicLimits, variables, staff || sec.publicIntrospection);
        verdicts = limitVerdicts(params.schema as GraphQLSchema, document, rules);
        // A page size given by a variable makes the cost differ per request; everything else about the
        // limits depends on the document and the tier only.
        if (!facts.costUsesVariables) facts.verdicts = verdicts;
      }
      if (verdicts.length > 0) return setResult(verdicts);
      if (facts.standard) return setResult(facts.standard);
      const remember = facts;
      return ({ result }) => {
        remember.standard = result as readonly GraphQLError[];
      };
    },
  };

  // Remember each request's resolved viewer synchronously for the parse/validate hooks.
  const resolvedViewer = new WeakMap<Request, Viewer>();
  const rememberPlugin: Plugin<AnyContext> = {
    async onParams({ request }) {
      const { viewer } = await resolve(request);
      resolvedViewer.set(request, viewer);
    },
  };

  const executionPlugin: Plugin<AnyContext> = {
    async onExecute({ args, setResultAndStopExecution, executeFn, setExecuteFn }) {
      const issues = badStringIssues(args.document, args.variableValues ?? {});
      if (issues.length > 0) {
        return setResultAndStopExecution({
          errors: [
            new GraphQLError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), {
              extensions: { code: 'INVALID_INPUT', issues, http: { status: 200 } },
            }),
          ],
        });
      }
      const ctx = args.contextValue as { viewer?: Viewer; clientAddress?: string };
      const expensive = rootFields(args.document, args.operationName).filter((f) => EXPENSIVE_FIELDS.has(f));
      if (expensive.length > 0) {
        const v = ctx.viewer;
        const who = v?.kind === 'user' ? `user:${v.id}` : v?.kind === 'service' ? `key:${v.apiKeyId}` : `ip:${ctx.clientAddress}`;
        const wait = await rateLimits.consume('expensive', who);
        if (wait > 0) return setResultAndStopExecution({ errors: [rateLimited(wait, `${expensive.join(', ')} requests`)] });
      }
      setExecuteFn(withTimeout(executeFn as (a: ExecutionArgs) => PromiseOrValue<ExecutionResult>, sec.executionTimeoutMs));
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const issues = badStringIssues(args.document, args.variableValues ?? {});
      if (issues.length > 0) {
        return setResultAndStopExecution({
          errors: [
            new GraphQLError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), { extensions: { code: 'INVALID_INPUT', issues } }),
          ],
        });
      }
      const ctx = args.contextValue as { viewer?: Viewer; clientAddress?: string; requestId?: string };
      const lease = await subscriptions.acquire({
        connection: ctx.requestId ?? 'unknown',
        address: ctx.clientAddress ?? 'unknown',
        apiKey: ctx.viewer?.kind === 'service' ? ctx.viewer.apiKeyId : null,
      });
      if (!lease) return setResultAndStopExecution({ errors: [rateLimited(60, 'open subscriptions')] });
      return {
        onSubscribeResult({ result }) {
          // Handed over to the WebSocket transport: the lease lasts as long as the subscription.
          if (isHandedOver(result)) {
            result.whenEnded(lease);
            return;
          }
          if (!isAsyncIterable(result)) {
            lease.release();
            return;
          }
          return { onEnd: () => lease.release() };
        },
        onSubscribeError: () => lease.release(),
      };
    },
  };

  const plugins: Plugin[] = [
    csrfPlugin,
    rememberPlugin as Plugin,
    limitsPlugin as Plugin,
    tierPlugin as Plugin,
    executionPlugin as Plugin,
    ...(sec.fieldSuggestions ? [] : [blockFieldSuggestionsPlugin() as Plugin]),
  ];

  const origins = sec.corsOrigins;
  return {
    plugins,
    // Yoga echoes any Origin when given no list: an origin not on ours gets no CORS headers at all.
    // Credentials are headers (Authorization, X-API-Key), never cookies: no Allow-Credentials.
    cors: (request: Request) => {
      const origin = request.headers.get('origin');
      if (!origin || !origins.includes(origin)) return false;
      return {
        origin: [origin],
        credentials: false,
        allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'graphql-require-preflight'],
        methods: ['GET', 'POST'],
        maxAge: 600,
      };
    },
    viewerOf: async (request) => (await resolve(request)).viewer,
    clientAddress,
    refuseOversized(req, res) {
      const length = Number(req.headers['content-length'] ?? 0);
      if (!(length > sec.maxBodyBytes)) return false;
      const body = JSON.stringify({
        errors: [{ message: `Request body over ${sec.maxBodyBytes} bytes`, extensions: { code: 'QUERY_TOO_COMPLEX' } }],
      });
      // Not read: the connection is closed after the answer instead of draining the body.
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(body);
      return true;
    },
    subscriptions,
    rateLimits,
    async close() {
      await subscriptions.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

type PromiseOrValue<T> = T | Promise<T>;

/**
 * `execute` answering TIMEOUT after `ms`. The statements already running finish in the background
 * (each is short, and the limits bound how many there are); the client is not kept waiting.
 */
export function withTimeout(
  execute: (args: ExecutionArgs) => PromiseOrValue<ExecutionResult>,
  ms: number,
): (args: ExecutionArgs) => Promise<ExecutionResult> {
  return (args) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ExecutionResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            errors: [
              new GraphQLError(`The operation took longer than ${ms} ms and was stopped`, {
                extensions: { code: 'TIMEOUT', http: { status: 503 } },
              }),
            ],
          }),
        ms,
      );
      timer.unref();
    });
    return Promise.race([Promise.resolve(execute(args)), timeout]).finally(() => clearTimeout(timer));
  };
}

/** Names of the root fields the executed operation selects (directly, not through fragments). */
function rootFields(document: DocumentNode, operationName?: string | null): string[] {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  const names: string[] = [];
  if (op)
    visit(op.selectionSet, {
      Field: (node) => {
        names.push(node.name.value);
        return false;
      },
    });
  return names;
}
