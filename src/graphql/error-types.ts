// Domain errors as schema types: every one implements `Error { code message }`, so a client can
// always select `... on Error { code message }` and add fragments for the details it can act on.
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  ConflictError,
  type DomainError,
  DuplicateTrackingIdError,
  ERROR_CODES,
  IllegalTransitionError,
  InvalidInputError,
  LoginFailedError,
  NotFoundError,
  RateLimitedError,
} from '../errors.js';
import { builder } from './builder.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
  }),
});

const FieldIssue = builder.objectRef<{ field: string; message: string }>('FieldIssue').implement({
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({ entity: t.exposeString('entity'), id: t.exposeString('id') }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The expectedVersion was stale; nothing was written. Reload and retry.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof ConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion'),
    currentVersion: t.exposeInt('currentVersion'),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof InvalidInputError,
  fields: (t) => ({ issues: t.field({ type: [FieldIssue], resolve: (e) => e.issues }) }),
});

builder.objectType(IllegalTransitionError, {
  name: 'IllegalTransitionError',
  description: 'The action is not allowed in the complaint’s current status; nothing was written.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof IllegalTransitionError,
  fields: (t) => ({
    status: t.exposeString('status', { nullable: true }),
    action: t.exposeString('action'),
    allowedActions: t.exposeStringList('allowedActions'),
  }),
});

builder.objectType(DuplicateTrackingIdError, {
  name: 'DuplicateTrackingIdError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof DuplicateTrackingIdError,
  fields: (t) => ({
    trackingId: t.exposeString('trackingId'),
    // The error carries the row id; clients get the Complaint's global ID.
    existingComplaintId: t.id({
      nullable: true,
      description: 'The complaint that already has this tracking ID; null when it belongs to an agency you may not see.',
      resolve: (e) => (e.existingComplaintId ? encodeGlobalID('Complaint', e.existingComplaintId) : null),
    }),
  }),
});

builder.objectType(LoginFailedError, {
  name: 'LoginFailedError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof LoginFailedError,
  fields: () => ({}),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

/** The errors every workflow mutation can return. */
export const WORKFLOW_ERRORS = [NotFoundError, ConflictError, InvalidInputError, IllegalTransitionError];
