// Errors a client can act on. They are part of the schema (see src/graphql/error-types.ts); any
// other error is masked by Yoga. Pure: no GraphQL or database imports. Messages come from the one
// catalogue (src/i18n/messages.ts) as data, so each reader gets them in their language (`messageIn`);
// `message` is the English text for logs and the command line.
import type { Locale } from './i18n/locale.js';
import { type Message, msg, render } from './i18n/messages.js';
import type { ActorRole, ComplaintStatus } from './sop/vocabulary.js';
import type { WorkflowAction } from './sop/workflow.js';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_INPUT',
  'ILLEGAL_TRANSITION',
  'DUPLICATE_TRACKING_ID',
  'LOGIN_FAILED',
  'RATE_LIMITED',
  'DUPLICATE_HOLIDAY',
  'SECOND_FACTOR_REQUIRED',
  /** The operation exceeds a limit (depth, aliases, directives, tokens, cost): ask for less. */
  'QUERY_TOO_COMPLEX',
  /** The operation ran longer than EXECUTION_TIMEOUT_MS and was answered without its result. */
  'TIMEOUT',
  'IMPORT_REJECTED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  /** The catalogue message, when there is one (a plain string is English only). */
  readonly text: Message | null;
  constructor(
    readonly code: ErrorCode,
    message: string | Message,
  ) {
    super(typeof message === 'string' ? message : render('en', message));
    this.text = typeof message === 'string' ? null : message;
    this.name = new.target.name;
  }

  /** The message in the reader's language. */
  messageIn(locale: Locale): string {
    return this.text ? render(locale, this.text) : this.message;
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    /** What the caller asked for (a global ID, a tracking ID or a row id), as they sent it. */
    readonly requestedId: string,
  ) {
    super('NOT_FOUND', msg('error.notFound', { entity, id: requestedId }));
  }
}

/** The caller may not do this (a holiday kind kept by another role, a document for other roles...). */
export class ForbiddenError extends DomainError {
  constructor(message: string | Message) {
    super('FORBIDDEN', message);
  }
}

/**
 * A signed-in user's role may not take this workflow action: the SOP assigns it to `allowedRoles`
 * (from the workflow table). Typed in every step's result union as `ForbiddenError`.
 */
export class RoleNotAllowedError extends ForbiddenError {
  constructor(
    readonly action: WorkflowAction,
    readonly role: ActorRole,
    readonly allowedRoles: readonly ActorRole[],
    readonly sopStep: number | null,
  ) {
    super(msg('error.roleNotAllowed', { action, role, allowedRoles, step: sopStep }));
  }
}

/** The client's expectedVersion is stale: someone else changed the record first. */
export class ConflictError extends DomainError {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super('CONFLICT', msg('error.conflict', { expected: expectedVersion, current: currentVersion }));
  }
}

export interface FieldIssue {
  field: string;
  /** English (logs, command line); `text` when the catalogue has the wording. */
  message: string;
  text?: Message;
}

/** A field issue from the catalogue. */
export function issue(field: string, text: Message): FieldIssue {
  return { field, message: render('en', text), text };
}

export function issueMessageIn(i: FieldIssue, locale: Locale): string {
  return i.text ? render(locale, i.text) : i.message;
}

export class InvalidInputError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super('INVALID_INPUT', issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }

  override messageIn(locale: Locale): string {
    return this.issues.map((i) => `${i.field}: ${issueMessageIn(i, locale)}`).join('; ');
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(
    message: Message,
    /** The complaint's status now (the action is not legal from it). */
    readonly currentStatus: ComplaintStatus,
    readonly action: WorkflowAction,
    readonly allowedActions: readonly WorkflowAction[],
  ) {
    super('ILLEGAL_TRANSITION', message);
  }
}

export class DuplicateTrackingIdError extends DomainError {
  constructor(
    readonly trackingId: string,
    /** The row id of the complaint that has it (the schema shows its global ID); null when it belongs
     * to an agency the caller may not see. */
    readonly existingComplaintId: string | null,
  ) {
    super('DUPLICATE_TRACKING_ID', msg('error.duplicateTrackingId', { trackingId }));
  }
}

/** Deliberately does not say whether the email or the password was wrong. */
export class LoginFailedError extends DomainError {
  constructor() {
    super('LOGIN_FAILED', msg('error.loginFailed'));
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', msg('error.rateLimited', { seconds: retryAfterSeconds }));
  }
}

/** The holiday calendar already has this date with this kind (for this agency). */
export class DuplicateHolidayError extends DomainError {
  constructor(
    readonly date: string,
    readonly kind: string,
    readonly existingHolidayId: string,
  ) {
    super('DUPLICATE_HOLIDAY', msg('error.duplicateHoliday', { date, kind }));
  }
}

/**
 * Not a failure: the password was right and the account has a second factor. The client sends the
 * challenge with a code from the authenticator app (or a recovery code) to completeSecondFactorLogin.
 */
export class SecondFactorRequired extends DomainError {
  constructor(
    readonly challenge: string,
    readonly expiresAt: Date,
  ) {
    super('SECOND_FACTOR_REQUIRED', msg('error.secondFactorRequired'));
  }
}

/** One problem in an imported file: its line (1 = the header; 0 = the file as a whole), column, reason. */
export interface ImportIssue {
  line: number;
  column: string | null;
  reason: string;
}

/** An import file was refused as a whole; nothing was imported. */
export class ImportRejectedError extends DomainError {
  constructor(
    message: string,
    readonly issues: ImportIssue[],
  ) {
    super('IMPORT_REJECTED', `${message}; nothing was imported`);
  }
}

/** Collects field issues and throws them together, so a client sees every problem at once. */
export class InputChecker {
  private issues: FieldIssue[] = [];

  text(field: string, value: string | null | undefined, { max, required = true }: { max: number; required?: boolean }) {
    if (value === null || value === undefined) {
      if (required) this.issues.push(issue(field, msg('input.required')));
      return this;
    }
    const trimmed = value.trim();
    if (required && trimmed.length === 0) this.issues.push(issue(field, msg('input.notEmpty')));
    if (value.length > max) this.issues.push(issue(field, msg('input.maxLength', { max })));
    return this;
  }

  check(condition: boolean, field: string, message: string | Message) {
    if (!condition) this.issues.push(typeof message === 'string' ? { field, message } : issue(field, message));
    return this;
  }

  throwIfAny() {
    if (this.issues.length > 0) throw new InvalidInputError(this.issues);
  }
}
