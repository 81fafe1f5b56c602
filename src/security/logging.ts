// What reaches the log: the request line without its query string (a GET can carry variables, even a
// password), client errors as one line without a stack, server errors with their stack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { DomainError } from '../errors.js';

/** The path only: a query string can hold `variables` with a password or a reporter's name. */
export function pathOf(url: string | undefined): string {
  let path = (url ?? '').split('?')[0] || '/';
  // A signed download link is a credential for as long as it lives: never in the log.
  if (path.startsWith('/documents/')) path = '/documents/…';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

export function logRequest(log: Logger, req: IncomingMessage, res: ServerResponse, extra: { requestId: string; ms: number }) {
  const line = {
    requestId: extra.requestId,
    method: req.method,
    // The path only (the key keeps its name for log queries that already use it).
    url: pathOf(req.url),
    ...(req.url?.includes('?') ? { queryString: true } : {}),
    status: res.statusCode,
    ms: extra.ms,
  };
  if (res.statusCode >= 500) log.error(line, 'request');
  else log.info(line, 'request');
}

interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  extensions?: { code?: unknown; http?: { status?: number } };
  originalError?: unknown;
}

/**
 * The code a client is answered with when the error is the client's: a domain error, or a malformed
 * global ID, cursor or page size Pothos caught (Yoga logs them before they are masked into a typed error).
 */
function clientCodeOf(original: unknown): string | null {
  if (original instanceof DomainError) return original.code;
  if (original instanceof Error && original.name === 'PothosValidationError') return 'INVALID_INPUT';
  return null;
}

/** A client's mistake (bad request, validation, typed error): worth a line, not a stack trace. */
function isClientError(err: ErrorLike): boolean {
  if (clientCodeOf(err.originalError)) return true;
  const status = err.extensions?.http?.status;
  if (typeof status === 'number') return status < 500;
  if (typeof err.extensions?.code === 'string') return err.extensions.code !== 'INTERNAL_SERVER_ERROR';
  return err.name === 'GraphQLError' && !err.originalError;
}

function describe(arg: unknown): unknown {
  if (!(arg instanceof Error)) return arg;
  const err = arg as ErrorLike;
  if (isClientError(err)) {
    const code = err.extensions?.code ?? clientCodeOf(err.originalError) ?? undefined;
    return { clientError: { name: err.name, code, message: err.message?.slice(0, 500) } };
  }
  return { err: arg };
}

/** Yoga's logger interface over pino, stripping stacks from client errors. */
export function yogaLogger(log: Logger) {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const objects = args.map(describe);
      const fields = Object.assign({}, ...objects.filter((o): o is object => typeof o === 'object' && o !== null));
      const text = objects.filter((o) => typeof o === 'string').join(' ');
      const clientOnly = 'clientError' in fields && !('err' in fields);
      // A client error logged by Yoga as "error" is not the server's fault: one info line.
      log[clientOnly && (level === 'error' || level === 'warn') ? 'info' : level](fields, text || 'yoga');
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
