// Typed errors. Every failure of a call becomes one of these classes, whether the server said so as a
// GraphQL error (`extensions.code`), as a typed result union member (`... on Error { code }`), or
// the transport failed (network, HTTP status, timeout, abort). Catch by class:
// `if (e instanceof NotFoundError)`, or switch on `e.code` (typed).
import type { ActorRole, ComplaintStatus, ErrorCode, WorkflowAction } from './generated/graphql.js';

/** Codes the client itself gives, for failures the server did not describe with an ErrorCode. */
export type ClientErrorCode =
  /** The server could not be reached, or its answer was not GraphQL. */
  | 'NETWORK_ERROR'
  /** HTTP 5xx, or a masked server error. */
  | 'INTERNAL_SERVER_ERROR'
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** `timeoutMs` passed without an answer. */
  | 'TIMEOUT'
  /** A GraphQL error without a code (e.g. a document the schema does not know). */
  | 'GRAPHQL_ERROR'
  /** A WebSocket subscription without a WebSocket implementation (pass `webSocketImpl`). */
  | 'NO_WEBSOCKET';

/** Every code a TuntasError can have: the schema's ErrorCode and the client's own. */
export type TuntasErrorCode = ErrorCode | ClientErrorCode;

export interface FieldIssue {
  field: string;
  message: string;
}

/** Anything that came back from the server alongside the error, for diagnostics. */
export interface ErrorDetails {
  /** HTTP status of the response, when there was one. */
  status?: number;
  /** GraphQL path of the failing field. */
  path?: readonly (string | number)[];
  /** The raw GraphQL error or union member. */
  raw?: unknown;
  cause?: unknown;
  /** The request's id (`x-request-id`): quote it when asking the service's operators. */
  requestId?: string;
}

export class TuntasError extends Error {
  readonly status?: number;
  readonly path?: readonly (string | number)[];
  readonly raw?: unknown;
  /** The request's id as the server logged it (`x-request-id`), when there was a request. */
  requestId?: string;

  constructor(
    /**
     * The server's ErrorCode or a client code. A code added to the schema after this SDK version
     * arrives as sent (upgrade the SDK to have it in the type).
     */
    readonly code: TuntasErrorCode,
    message: string,
    details: ErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.path = details.path;
    this.raw = details.raw;
    this.requestId = details.requestId;
  }
}

/** No or an unknown/revoked API key or token. */
export class UnauthenticatedError extends TuntasError {
  constructor(message: string, details?: ErrorDetails) {
    super('UNAUTHENTICATED', message, details);
  }
}

/**
 * The key's scopes or the user's role do not allow this. For an SOP step refused to a staff member's
 * role (the step's typed `ForbiddenError`), `action`, `allowedRoles` (the roles the SOP assigns),
 * `yourRole` and `sopStep` say which; they are undefined for other refusals.
 */
export class ForbiddenError extends TuntasError {
  readonly action?: WorkflowAction;
  readonly allowedRoles?: ActorRole[];
  readonly yourRole?: ActorRole;
  readonly sopStep?: number | null;
  constructor(
    message: string,
    details?: ErrorDetails & { action?: WorkflowAction; allowedRoles?: ActorRole[]; yourRole?: ActorRole; sopStep?: number | null },
  ) {
    super('FORBIDDEN', message, details);
    this.action = details?.action;
    this.allowedRoles = details?.allowedRoles;
    this.yourRole = details?.yourRole;
    this.sopStep = details?.sopStep;
  }
}

export class NotFoundError extends TuntasError {
  readonly entity?: string;
  /** What was asked for, as sent (a global ID or a LAPOR! tracking ID). */
  readonly requestedId?: string;
  constructor(message: string, details?: ErrorDetails & { entity?: string; requestedId?: string }) {
    super('NOT_FOUND', message, details);
    this.entity = details?.entity;
    this.requestedId = details?.requestedId;
  }
}

/** The expectedVersion sent was stale: someone else changed the complaint first. Reload and retry. */
export class ConflictError extends TuntasError {
  readonly expectedVersion?: number;
  readonly currentVersion?: number;
  constructor(message: string, details?: ErrorDetails & { expectedVersion?: number; currentVersion?: number }) {
    super('CONFLICT', message, details);
    this.expectedVersion = details?.expectedVersion;
    this.currentVersion = details?.currentVersion;
  }
}

/**
 * The report was already received under this LAPOR! tracking ID. Deliberately NOT a ConflictError:
 * a version conflict means "reload and try again", a duplicate means "already there, do not resend".
 */
export class DuplicateTrackingIdError extends TuntasError {
  readonly trackingId?: string;
  readonly existingComplaintId?: string;
  constructor(message: string, details?: ErrorDetails & { trackingId?: string; existingComplaintId?: string }) {
    super('DUPLICATE_TRACKING_ID', message, details);
    this.trackingId = details?.trackingId;
    this.existingComplaintId = details?.existingComplaintId;
  }
}

/** Every problem with the input at once; nothing was written. */
export class InvalidInputError extends TuntasError {
  readonly issues: FieldIssue[];
  constructor(message: string, details?: ErrorDetails & { issues?: FieldIssue[] }) {
    super('INVALID_INPUT', message, details);
    this.issues = details?.issues ?? [];
  }
}

/** The action is not allowed in the complaint's current status; nothing was written. */
export class IllegalTransitionError extends TuntasError {
  readonly action?: WorkflowAction;
  readonly currentStatus?: ComplaintStatus | null;
  readonly allowedActions: WorkflowAction[];
  constructor(
    message: string,
    details?: ErrorDetails & { action?: WorkflowAction; currentStatus?: ComplaintStatus | null; allowedActions?: WorkflowAction[] },
  ) {
    super('ILLEGAL_TRANSITION', message, details);
    this.action = details?.action;
    this.currentStatus = details?.currentStatus;
    this.allowedActions = details?.allowedActions ?? [];
  }
}

export class LoginFailedError extends TuntasError {
  constructor(message: string, details?: ErrorDetails) {
    super('LOGIN_FAILED', message, details);
  }
}

/** Too many requests (HTTP 429) or attempts (login lockout). Wait `retryAfter` seconds. */
export class RateLimitedError extends TuntasError {
  /** Seconds to wait before trying again, when the server said. */
  readonly retryAfter?: number;
  constructor(message: string, details?: ErrorDetails & { retryAfter?: number }) {
    super('RATE_LIMITED', message, details);
    this.retryAfter = details?.retryAfter;
  }
}

/** The server could not be reached, or the answer was not a GraphQL response. */
export class NetworkError extends TuntasError {
  constructor(message: string, details?: ErrorDetails) {
    super('NETWORK_ERROR', message, details);
  }
}

/** The server failed (HTTP 5xx or INTERNAL_SERVER_ERROR). Safe to retry for reads. */
export class ServerError extends TuntasError {
  /** Seconds the server asked to wait (Retry-After on a 503), when it said. */
  readonly retryAfter?: number;
  constructor(message: string, details?: ErrorDetails & { retryAfter?: number }) {
    super('INTERNAL_SERVER_ERROR', message, details);
    this.retryAfter = details?.retryAfter;
  }
}

/** The caller's AbortSignal fired (during the request or while waiting to retry). `cause`: its reason. */
export class AbortedError extends TuntasError {
  constructor(message = 'The request was aborted', details?: ErrorDetails) {
    super('ABORTED', message, details);
  }
}

/** No answer within the client's `timeoutMs` (the whole call, retries included). */
export class TimeoutError extends TuntasError {
  readonly timeoutMs?: number;
  constructor(message: string, details?: ErrorDetails & { timeoutMs?: number }) {
    super('TIMEOUT', message, details);
    this.timeoutMs = details?.timeoutMs;
  }
}

/** A GraphQL error the server gave no code for (usually a document the schema does not accept). */
export class GraphQLRequestError extends TuntasError {
  constructor(message: string, details?: ErrorDetails) {
    super('GRAPHQL_ERROR', message, details);
  }
}

type Fields = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const allowedList = (v: unknown) => (Array.isArray(v) ? (v.map(String) as WorkflowAction[]) : []);

/** Builds the typed error for a server code; `fields` are the union member's or the extensions' extra fields. */
export function errorFromCode(code: string, message: string, fields: Fields = {}, details: ErrorDetails = {}): TuntasError {
  switch (code) {
    case 'UNAUTHENTICATED':
      return new UnauthenticatedError(message, details);
    case 'FORBIDDEN':
      return new ForbiddenError(message, {
        ...details,
        action: str(fields.action) as WorkflowAction | undefined,
        allowedRoles: Array.isArray(fields.allowedRoles) ? (fields.allowedRoles.map(String) as ActorRole[]) : undefined,
        yourRole: str(fields.yourRole) as ActorRole | undefined,
        sopStep: fields.sopStep === undefined ? undefined : (num(fields.sopStep) ?? null),
      });
    case 'NOT_FOUND':
      return new NotFoundError(message, { ...details, entity: str(fields.entity), requestedId: str(fields.requestedId) });
    case 'CONFLICT':
      return new ConflictError(message, {
        ...details,
        expectedVersion: num(fields.expectedVersion),
        currentVersion: num(fields.currentVersion),
      });
    case 'DUPLICATE_TRACKING_ID':
      return new DuplicateTrackingIdError(message, {
        ...details,
        trackingId: str(fields.trackingId),
        existingComplaintId: str(fields.existingComplaintId),
      });
    case 'INVALID_INPUT': {
      const issues = Array.isArray(fields.issues)
        ? fields.issues.map((i: Fields) => ({ field: String(i?.field ?? ''), message: String(i?.message ?? '') }))
        : [];
      return new InvalidInputError(message, { ...details, issues });
    }
    case 'ILLEGAL_TRANSITION':
      return new IllegalTransitionError(message, {
        ...details,
        action: str(fields.action) as WorkflowAction | undefined,
        currentStatus: (str(fields.currentStatus) ?? null) as ComplaintStatus | null,
        allowedActions: allowedList(fields.allowedActions),
      });
    case 'LOGIN_FAILED':
      return new LoginFailedError(message, details);
    case 'RATE_LIMITED':
      return new RateLimitedError(message, { ...details, retryAfter: num(fields.retryAfterSeconds ?? fields.retryAfter) });
    case 'INTERNAL_SERVER_ERROR':
      return new ServerError(message, details);
    case 'GRAPHQL_ERROR':
      return new GraphQLRequestError(message, details);
    default:
      return new TuntasError(code as TuntasErrorCode, message, details);
  }
}

/** A typed result union member that is an error (`... on Error { code message }`). */
export function isErrorResult(value: unknown): value is { __typename: string; code: string; message: string } {
  if (!value || typeof value !== 'object') return false;
  const v = value as Fields;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.__typename === 'string' && v.__typename.endsWith('Error');
}

/**
 * Narrows a result union to its success member, throwing the typed error for an error member:
 * `const complaint = unwrap(data.registerComplaint)`.
 */
export function unwrap<T>(result: T, details: ErrorDetails = {}): Exclude<T, { code: unknown; message: string }> {
  if (isErrorResult(result)) {
    throw errorFromCode(result.code, result.message, result as unknown as Fields, { ...details, raw: result });
  }
  return result as Exclude<T, { code: unknown; message: string }>;
}

/**
 * Parses an HTTP Retry-After header (delta-seconds or an HTTP date) into seconds, or undefined.
 * `now` is injectable for tests.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
