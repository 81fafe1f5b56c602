// Errors a client can act on. They are part of the schema (see src/graphql/error-types.ts); any
// other error is masked by Yoga. Pure: no GraphQL or database imports.

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
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super('NOT_FOUND', `${entity} ${id} was not found`);
  }
}

/** The caller may not do this (a workflow role check, a holiday kind kept by another role...). */
export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

/** The client's expectedVersion is stale: someone else changed the record first. */
export class ConflictError extends DomainError {
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      'CONFLICT',
      `The complaint was changed by someone else (you had version ${expectedVersion}, it is now ${currentVersion}); reload and try again`,
    );
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

export class InvalidInputError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super('INVALID_INPUT', issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(
    message: string,
    readonly status: string | null,
    readonly action: string,
    readonly allowedActions: string[],
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
    super('DUPLICATE_TRACKING_ID', `A complaint with LAPOR! tracking ID ${trackingId} already exists`);
  }
}

/** Deliberately does not say whether the email or the password was wrong. */
export class LoginFailedError extends DomainError {
  constructor() {
    super('LOGIN_FAILED', 'Email or password is incorrect');
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} seconds`);
  }
}

/** The holiday calendar already has this date with this kind (for this agency). */
export class DuplicateHolidayError extends DomainError {
  constructor(
    readonly date: string,
    readonly kind: string,
    readonly existingHolidayId: string,
  ) {
    super('DUPLICATE_HOLIDAY', `The calendar already has a ${kind} holiday on ${date}`);
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
    super('SECOND_FACTOR_REQUIRED', 'Enter the code from your authenticator app to finish signing in');
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
      if (required) this.issues.push({ field, message: 'is required' });
      return this;
    }
    const trimmed = value.trim();
    if (required && trimmed.length === 0) this.issues.push({ field, message: 'must not be empty' });
    if (value.length > max) this.issues.push({ field, message: `must be at most ${max} characters` });
    return this;
  }

  check(condition: boolean, field: string, message: string) {
    if (!condition) this.issues.push({ field, message });
    return this;
  }

  throwIfAny() {
    if (this.issues.length > 0) throw new InvalidInputError(this.issues);
  }
}
