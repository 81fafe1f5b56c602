// Response cache for the status-level reads other portals poll (complaintStatus, complaintStatuses,
// complaintHistorySummary), per visibility class: the public, or one API key class (agency + scopes).
// Staff reads are never cached.
//
// Never stale after a commit: every entry is filed under the current *status epoch*, a counter that
// every committed complaint change increments before the mutation that caused it answers (the
// writers' after-commit signal, services.outbox.committed(), reaches invalidate() through the outbox
// dispatcher's onCommitted hook; the dispatcher calls it again when it publishes the events). A read looks up the epoch first, so once
// the increment is done no instance can serve an entry filed under the old one. With REDIS_URL the
// epoch and the entries live in Redis (shared by every instance; entries also kept briefly in
// process memory under the same epoch), otherwise in process memory (one instance).
//
// The epoch is one counter for all complaints: a change anywhere empties the cache. Complaints
// change a few hundred times a day per agency while portals poll many times a second, so the hit
// rate stays high, and no change can be missed by a finer-grained key.
import { createHash } from 'node:crypto';
import { getOperationAST, Kind, print, type DocumentNode, type ExecutionResult } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Viewer } from '../auth/viewer.js';

/** Root fields whose answers depend only on complaint rows (changed only through the runner). */
const CACHEABLE_ROOT_FIELDS = new Set(['complaintStatus', 'complaintStatuses', 'complaintHistorySummary', '__typename']);
/** Process-memory entries kept at most (oldest dropped first). */
const LOCAL_ENTRIES = 5_000;

export interface StatusCache {
  readonly kind: 'redis' | 'memory' | 'off';
  /** The Yoga plugin: serves hits, stores misses, holds mutations' answers until invalidation is done. */
  plugin(options: StatusCachePluginOptions): Plugin;
  /** A complaint changed and the change is committed: no entry filed before this may be served again. */
  invalidate(): void;
  close(): Promise<void>;
}

export interface StatusCacheOptions {
  redisUrl: string | null;
  /** The deployment's Redis prefix (REDIS_CHANNEL_PREFIX). */
  prefix: string;
  /** Entry lifetime; 0 turns the cache off. */
  ttlSeconds: number;
  log: Logger;
}

export interface StatusCachePluginOptions {
  /** The request's viewer, as the security plugins resolved it (src/security). */
  viewerOf(request: Request): Promise<Viewer>;
  /** A request answered from the cache before it was parsed (metrics count it as an operation). */
  onHit?(operationName: string | undefined, seconds: number): void;
}

/** Who an answer is for: the public, one class of API keys, or null (not cached: staff). */
export function visibilityClass(viewer: Viewer): string | null {
  if (!viewer) return 'public';
  if (viewer.kind === 'service') return `key:${viewer.agencyId ?? '*'}:${[...viewer.scopes].sort().join(',')}`;
  return null;
}

const documentKeys = new WeakMap<DocumentNode, Map<string, string | null>>();

/**
 * The printed operation when every root field of the chosen query is cacheable, else null. Memoised
 * per parsed document (Yoga's parser cache hands back the same DocumentNode for the same text).
 */
function cacheableOperation(document: DocumentNode, operationName: string | null | undefined): string | null {
  let perName = documentKeys.get(document);
  if (!perName) {
    perName = new Map();
    documentKeys.set(document, perName);
  }
  const name = operationName ?? '';
  const known = perName.get(name);
  if (known !== undefined) return known;
  const op = getOperationAST(document, operationName);
  const ok =
    op?.operation === 'query' &&
    op.selectionSet.selections.every((s) => s.kind === Kind.FIELD && CACHEABLE_ROOT_FIELDS.has(s.name.value)) &&
    !document.definitions.some((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const key = ok ? createHash('sha1').update(print(document)).update('\0').update(name).digest('base64url') : null;
  perName.set(name, key);
  return key;
}

/** Yoga's result with its own serialiser (graphql-yoga's ExecutionResultWithSerializer, not exported). */
type ExecutionResultWithSerializer = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

/** An answer and its JSON text, serialised once when stored (Yoga sends the text as it is). */
interface Entry {
  result: ExecutionResult;
  json: string;
}

interface Store {
  epoch(): Promise<string> | string;
  get(epoch: string, key: string): Promise<Entry | undefined> | Entry | undefined;
  set(epoch: string, key: string, entry: Entry): void;
  bump(): Promise<void> | void;
  close(): Promise<void>;
}

class LocalEntries {
  private readonly entries = new Map<string, { entry: Entry; until: number }>();
  constructor(private readonly ttlMs: number) {}
  get(k: string): Entry | undefined {
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (e.until < Date.now()) {
      this.entries.delete(k);
      return undefined;
    }
    return e.entry;
  }
  set(k: string, entry: Entry) {
    if (this.entries.size >= LOCAL_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, { entry, until: Date.now() + this.ttlMs });
  }
  clear() {
    this.entries.clear();
  }
}

function memoryStore(ttlSeconds: number): Store {
  let epoch = 0;
  const local = new LocalEntries(ttlSeconds * 1000);
  return {
    epoch: () => String(epoch),
    get: (e, k) => local.get(`${e}:${k}`),
    set: (e, k, r) => local.set(`${e}:${k}`, r),
    bump() {
      epoch++;
      local.clear();
    },
    close: async () => undefined,
  };
}

async function redisStore(url: string, prefix: string, ttlSeconds: number, log: Logger): Promise<Store> {
  const redis = new Redis(url, { lazyConnect: true, enableAutoPipelining: true, maxRetriesPerRequest: 2 });
  redis.on('error', (err) => log.warn({ err: err.message, connection: 'status-cache' }, 'redis connection error'));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(err as Error).message})`);
  }
  const epochKey = `${prefix}status-cache:epoch`;
  // Entries of other instances' misses are shared through Redis; this instance's own hits need no
  // round trip beyond the epoch read.
  const local = new LocalEntries(Math.min(ttlSeconds, 30) * 1000);
  return {
    epoch: async () => (await redis.get(epochKey)) ?? '0',
    async get(e, k) {
      const hit = local.get(`${e}:${k}`);
      if (hit) return hit;
      const raw = await redis.get(`${prefix}status-cache:${e}:${k}`);
      if (raw === null) return undefined;
      const entry = { result: JSON.parse(raw) as ExecutionResult, json: raw };
      local.set(`${e}:${k}`, entry);
      return entry;
    },
    set(e, k, entry) {
      local.set(`${e}:${k}`, entry);
      redis.set(`${prefix}status-cache:${e}:${k}`, entry.json, 'EX', ttlSeconds).catch(() => undefined);
    },
    async bump() {
      await redis.incr(epochKey);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export async function createStatusCache(opts: StatusCacheOptions): Promise<StatusCache> {
  if (opts.ttlSeconds <= 0) {
    return { kind: 'off', plugin: () => ({}), invalidate: () => undefined, close: async () => undefined };
  }
  const store = opts.redisUrl ? await redisStore(opts.redisUrl, opts.prefix, opts.ttlSeconds, opts.log) : memoryStore(opts.ttlSeconds);
  const pending = new Set<Promise<void>>();
  const log = opts.log.child({ component: 'status-cache' });

  const invalidate = () => {
    const done = store.bump();
    if (!done) return;
    const p = done.catch((err: Error) => log.error({ err: err.message }, 'status cache invalidation failed'));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  // Request texts (query + operation name) known to be a cacheable operation, learned when such a
  // request is first executed: a repeat is then answered before Yoga parses, validates or builds a
  // context for it. Only answers without errors are stored, so a hit is an answer the full pipeline
  // (limits, input checks, execution) gave to the same text, variables and visibility class.
  const known = new LRUCache<string, { operation: string; name: string | undefined }>({ max: LOCAL_ENTRIES });
  // A request that missed at onParams: the epoch it read (before the database is read) and its key.
  const misses = new WeakMap<Request, { epoch: string; key: string }>();
  const entryKey = (cls: string, operation: string, variables: unknown) =>
    createHash('sha1')
      .update(cls)
      .update('\0')
      .update(operation)
      .update('\0')
      .update(JSON.stringify(variables ?? {}))
      .digest('base64url');
  // Yoga sends a result's own `stringify` output: the stored text, not a fresh serialisation.
  const served = (entry: Entry): ExecutionResultWithSerializer => ({ ...entry.result, stringify: () => entry.json });
  // The epoch is read before the database is: an entry is never filed under a newer epoch than the
  // data it holds.
  const lookup = async (key: string) => {
    const epoch = await store.epoch();
    return { epoch, hit: await store.get(epoch, key) };
  };
  const textOf = (params: GraphQLParams) => (typeof params.query === 'string' ? `${params.operationName ?? ''}\0${params.query}` : null);

  const plugin = (options: StatusCachePluginOptions): Plugin<{ viewer?: Viewer; request?: Request; params?: GraphQLParams }> => ({
    onParams({ request, params, paramsHandler, setParamsHandler }) {
      const text = textOf(params);
      const facts = text === null ? undefined : known.get(text);
      if (!facts) return;
      // Wrapping the handler (not setResult): it runs only when no earlier plugin answered (a rate
      // limit, rejected credentials), so those answers always win over a cached one.
      setParamsHandler(async (payload) => {
        const t0 = performance.now();
        const cls = visibilityClass(await options.viewerOf(request));
        if (cls === null || textOf(payload.params) !== text) return paramsHandler(payload);
        const key = entryKey(cls, facts.operation, payload.params.variables);
        const { epoch, hit } = await lookup(key);
        if (hit) {
          options.onHit?.(facts.name, (performance.now() - t0) / 1000);
          return served(hit);
        }
        misses.set(request, { epoch, key });
        return paramsHandler(payload);
      });
    },
    onExecute({ args, executeFn, setExecuteFn, setResultAndStopExecution }) {
      const op = getOperationAST(args.document, args.operationName);
      if (op?.operation === 'mutation') {
        // The change's invalidation must be done before its author (or anyone they tell) can read again.
        setExecuteFn(async (a) => {
          const result = await executeFn(a);
          while (pending.size > 0) await Promise.all([...pending]);
          return result;
        });
        return;
      }
      const operation = cacheableOperation(args.document, args.operationName);
      if (!operation) return;
      const { request, params, viewer } = args.contextValue;
      const cls = visibilityClass(viewer ?? null);
      if (cls === null || !request || !params) return;
      const text = textOf(params);
      if (text !== null && !known.has(text)) known.set(text, { operation, name: op?.name?.value });
      const fill = (epoch: string, key: string) => ({
        onExecuteDone({ result }: { result: unknown }) {
          const r = result as ExecutionResult;
          // Only plain answers: no errors, no HTTP extensions (Yoga would strip them when sending).
          if (r && typeof r === 'object' && !(Symbol.asyncIterator in r) && !r.errors && !r.extensions) {
            store.set(epoch, key, { result: r, json: JSON.stringify(r) });
          }
        },
      });
      const missed = misses.get(request);
      if (missed) return fill(missed.epoch, missed.key);
      // Not known at onParams (this instance's first such request): look up here.
      const key = entryKey(cls, operation, params.variables);
      const hitOrMiss = async () => {
        const { epoch, hit } = await lookup(key);
        if (hit) {
          setResultAndStopExecution(served(hit));
          return undefined;
        }
        return fill(epoch, key);
      };
      return hitOrMiss() as never;
    },
  });

  return {
    kind: opts.redisUrl ? 'redis' : 'memory',
    plugin: (options) => plugin(options) as Plugin,
    invalidate,
    async close() {
      await Promise.all([...pending]);
      await store.close();
    },
  };
}
