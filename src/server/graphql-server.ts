// The GraphQL server: Yoga with the schema, error masking (domain errors keep their code, anything
// else is masked and logged), and the per-request context.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { DomainError } from '../errors.js';
import { localeFromAcceptLanguage } from '../i18n/locale.js';
import type { Context } from '../graphql/context.js';
import { useInputIssues } from '../graphql/input-issues.js';
import { getSchema } from '../graphql/schema.js';
import { useSubscribedSignal } from '../realtime/subscribed-signal.js';
import type { LiveConnection } from '../realtime/websocket.js';
import type { Security } from '../security/plugin.js';
import { yogaLogger } from '../security/logging.js';
import type { AppServices } from '../services.js';

export type GraphQLServer = YogaServerInstance<{ req: IncomingMessage; res: ServerResponse }, Context>;

export function createGraphQLServer(
  services: AppServices,
  security: Security,
  extra: { observers?: Plugin[]; afterSecurity?: Plugin[]; maskError?: MaskError } = {},
): GraphQLServer {
  const { log } = services;
  return createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema: getSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Limits, rate limits, CSRF, introspection: src/security/ (first, so nothing runs before them).
    // Then argument paths for bad scalar/enum values and the opt-in "subscribed" signal.
    plugins: [...(extra.observers ?? []), ...security.plugins, ...(extra.afterSecurity ?? []), useInputIssues(), useSubscribedSignal()],
    cors: security.cors,
    // Limits depend on the caller, so a document validated for staff must not be reused from a
    // cache for an anonymous caller.
    parserAndValidationCache: false,
    logging: yogaLogger(log.child({ component: 'yoga' })),
    maskedErrors: { maskError: extra.maskError ?? createMaskError(log), errorMessage: MASKED_MESSAGE },
    // The administrators' console (sign-in page, GraphiQL, ready operations) is src/console/, an
    // HttpRoute in front of Yoga; Yoga's own inline GraphiQL (9 MB per load, uncached) stays off.
    graphiql: false,
    context: async (initial) => {
      // A WebSocket operation: the connection resolved its viewer once, at connection_init.
      const live = (initial as { live?: LiveConnection }).live;
      if (live) {
        // The logger is made on first use: thousands of idle subscribers need none.
        let connectionLog: Logger | undefined;
        return {
          services,
          viewer: live.viewer,
          requestId: live.connectionId,
          clientAddress: live.clientAddress,
          locale: live.locale,
          get log() {
            connectionLog ??= log.child({ connectionId: live.connectionId });
            return connectionLog;
          },
        };
      }
      const { request, req } = initial;
      const requestId = request.headers.get('x-request-id') || randomUUID();
      const viewer = await security.viewerOf(request);
      // The request logger is made on first use: most reads (all cache hits) never log.
      let requestLog: Logger | undefined;
      return {
        services,
        viewer,
        requestId,
        clientAddress: security.clientAddress(req),
        locale: localeFromAcceptLanguage(request.headers.get('accept-language')),
        get log() {
          requestLog ??= log.child({ requestId });
          return requestLog;
        },
      };
    },
  });
}

/** Yoga's message for a masked error. */
const MASKED_MESSAGE = 'Unexpected error.';

/** Masks an error a client may not see (message: what it is told instead). */
export type MaskError = (error: unknown, message?: string) => Error;

/**
 * Error masking: a domain error not declared in a field's result union (FORBIDDEN from a workflow
 * role check, for one) still reaches the client with its code; anything else is masked and logged.
 */
export function createMaskError(log: Logger): MaskError {
  return (error, message = MASKED_MESSAGE) => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, {
        ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
        extensions: { code: original.code },
      });
    }
    // Malformed global IDs, cursors or page sizes, caught by Pothos before any resolver ran.
    if (original instanceof Error && original.name === 'PothosValidationError') {
      return new GraphQLError(original.message, {
        ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
        extensions: { code: 'INVALID_INPUT' },
      });
    }
    if (original instanceof GraphQLError || (error instanceof GraphQLError && !error.originalError)) return error as Error;
    log.error({ err: original }, 'unexpected error');
    return new GraphQLError(message, {
      ...(error instanceof GraphQLError ? { path: error.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** The same masking for a result sent without passing through Yoga (the WebSocket live fan-out). */
export function maskResult(maskError: MaskError, result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map((e) => maskError(e) as GraphQLError) } : result;
}
