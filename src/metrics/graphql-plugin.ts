// A Yoga (envelop) plugin feeding Metrics: operations and their latency by operation name (never
// argument values), errors by code, and open subscriptions by transport.
import { getNamedType, getOperationAST, isUnionType, type GraphQLSchema, type GraphQLFieldResolver, type GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DomainError, ERROR_CODES } from '../errors.js';
import { isHandedOver } from '../graphql/handover.js';
import type { Metrics, Transport } from './metrics.js';

const CODES = new Set<string>(ERROR_CODES);
const METRICS = Symbol.for('tuntas.metrics');
const WRAPPED = Symbol.for('tuntas.metrics.wrapped');

export function metricsPlugin(metrics: Metrics): Plugin {
  // One function per transport for every handed-over subscription's end (none made per subscriber).
  const closed: Record<Transport, () => void> = {
    websocket: () => metrics.subscriptions.dec({ transport: 'websocket' }),
    sse: () => metrics.subscriptions.dec({ transport: 'sse' }),
  };
  return {
    onSchemaChange({ schema }) {
      wrapTypedErrorFields(schema);
    },
    onContextBuilding({ extendContext }) {
      extendContext({ [METRICS]: metrics } as never);
    },
    onExecute({ args }) {
      const { operation, type } = labels(metrics, args.document, args.operationName);
      const t0 = performance.now();
      return {
        onExecuteDone({ result }) {
          metrics.operations.inc({ operation, type });
          metrics.operationDuration.observe({ operation, type }, (performance.now() - t0) / 1000);
          if ('errors' in result) countErrors(metrics, result.errors);
        },
      };
    },
    onSubscribe({ args }) {
      const { operation, type } = labels(metrics, args.document, args.operationName);
      const transport: Transport = (args.contextValue as { live?: unknown }).live ? 'websocket' : 'sse';
      const t0 = performance.now();
      return {
        onSubscribeResult({ result }) {
          metrics.operations.inc({ operation, type });
          metrics.operationDuration.observe({ operation, type }, (performance.now() - t0) / 1000);
          if (isHandedOver(result)) {
            // Its events go out through the transport: counted open until it ends.
            metrics.subscriptions.inc({ transport });
            result.whenEnded(closed[transport]);
            return;
          }
          if (!(Symbol.asyncIterator in result)) {
            countErrors(metrics, result.errors);
            return;
          }
          metrics.subscriptions.inc({ transport });
          let ended = false;
          return {
            onNext({ result: r }) {
              if ('errors' in r) countErrors(metrics, r.errors);
            },
            onEnd() {
              if (ended) return;
              ended = true;
              metrics.subscriptions.dec({ transport });
            },
          };
        },
      };
    },
  };
}

/** A query answered from the status cache before it was parsed: counted like an executed one. */
export function countCachedOperation(metrics: Metrics, operationName: string | undefined, seconds: number): void {
  const operation = metrics.operationLabel(operationName);
  metrics.operations.inc({ operation, type: 'query' });
  metrics.operationDuration.observe({ operation, type: 'query' }, seconds);
}

function labels(metrics: Metrics, document: Parameters<typeof getOperationAST>[0], operationName?: string | null) {
  const op = getOperationAST(document, operationName ?? undefined);
  return { operation: metrics.operationLabel(op?.name?.value), type: op?.operation ?? 'unknown' };
}

/** Counts a result's errors by code (also used for the live results a transport sends itself). */
export function countErrors(metrics: Metrics, errors: readonly GraphQLError[] | undefined) {
  for (const e of errors ?? []) {
    const code = typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR';
    metrics.errors.inc({ code });
  }
}

/**
 * Typed errors (NotFoundError, ConflictError, ...) are returned as data by the errors plugin, not
 * thrown: count them where they leave a field whose type is a result union. Wrapped once per schema;
 * the metrics of the app serving the request come from its context.
 */
function wrapTypedErrorFields(schema: GraphQLSchema) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type) || isUnionType(type)) continue;
    if (!('isTypeOf' in type)) continue; // object types only
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isUnionType(target) || !target.getTypes().some((t) => t.name.endsWith('Error'))) continue;
      const resolve = field.resolve as (GraphQLFieldResolver<unknown, unknown> & { [WRAPPED]?: true }) | undefined;
      if (!resolve || resolve[WRAPPED]) continue;
      const wrapped: GraphQLFieldResolver<unknown, unknown> & { [WRAPPED]?: true } = (source, args, ctx, info) => {
        const out = resolve(source, args, ctx, info);
        const count = (v: unknown) => {
          // A DomainError, or the plain copy of one some resolvers return: recognised by its code.
          const code = (v as { code?: unknown } | null)?.code;
          if (v instanceof DomainError || (typeof code === 'string' && CODES.has(code))) {
            (ctx as { [METRICS]?: Metrics })[METRICS]?.errors.inc({ code: code as string });
          }
          return v;
        };
        // Pothos may hand back a thenable that is not a native Promise.
        return out && typeof (out as PromiseLike<unknown>).then === 'function' ? Promise.resolve(out).then(count) : count(out);
      };
      wrapped[WRAPPED] = true;
      field.resolve = wrapped;
    }
  }
}
