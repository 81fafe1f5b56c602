// Domain errors as schema types: every one implements `Error { code message }`, so a client can
// always select `... on Error { code message }` and add fragments for the details it can act on.
// An error type's fields never reuse a name another member of the same result union has with a
// different type (Complaint.status, Complaint.id...): clients select every member in one selection
// set, and GraphQL refuses such a document (test/result-unions.test.ts checks every union).
// `message` is in the request's language (Accept-Language; src/i18n/).
import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  ConflictError,
  type DomainError,
  DuplicateTrackingIdError,
  ERROR_CODES,
  IllegalTransitionError,
  InvalidInputError,
  issueMessageIn,
  LoginFailedError,
  NotFoundError,
  RateLimitedError,
  RoleNotAllowedError,
} from '../errors.js';
import { ActorRoleEnum, ComplaintStatusEnum, WorkflowActionEnum } from '../complaints/types.js';
import { builder } from './builder.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', { values: ERROR_CODES });

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.string({
      description: 'In the language the request asked for (Accept-Language: id or en; default id).',
      resolve: (e, _args, ctx) => e.messageIn(ctx.locale),
    }),
  }),
});

const FieldIssue = builder.objectRef<FieldIssueShape>('FieldIssue').implement({
  fields: (t) => ({
    field: t.exposeString('field'),
    message: t.string({ resolve: (i, _args, ctx) => issueMessageIn(i, ctx.locale) }),
  }),
});
type FieldIssueShape = InvalidInputError['issues'][number];

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
    requestedId: t.exposeString('requestedId', { description: 'What was asked for, as sent (a global ID or a LAPOR! tracking ID).' }),
  }),
});

builder.objectType(RoleNotAllowedError, {
  name: 'ForbiddenError',
  description:
    'Your role may not take this SOP action; `allowedRoles` are the roles the SOP assigns it to. Nothing was read or written. / Peran Anda tidak boleh melakukan tindakan ini; `allowedRoles` adalah peran yang ditetapkan SOP.',
  interfaces: [ErrorInterface],
  isTypeOf: (v) => v instanceof RoleNotAllowedError,
  fields: (t) => ({
    action: t.field({ type: WorkflowActionEnum, resolve: (e) => e.action }),
    allowedRoles: t.field({ type: [ActorRoleEnum], resolve: (e) => [...e.allowedRoles] }),
    yourRole: t.field({ type: ActorRoleEnum, resolve: (e) => e.role }),
    sopStep: t.int({
      nullable: true,
      description: 'Which of the SOP’s seven steps the action is; null outside the steps.',
      resolve: (e) => e.sopStep,
    }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The expectedVersion was stale; nothing was written. Read the complaint’s current `version` (query `complaint(id) { version }`, or the `version` a step returns) and send again.',
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
    currentStatus: t.field({ type: ComplaintStatusEnum, resolve: (e) => e.currentStatus }),
    action: t.field({ type: WorkflowActionEnum, resolve: (e) => e.action }),
    allowedActions: t.field({
      type: [WorkflowActionEnum],
      description: 'The actions legal from the current status (for your role when the status allowed the action but a guard failed).',
      resolve: (e) => [...e.allowedActions],
    }),
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
export const WORKFLOW_ERRORS = [NotFoundError, ConflictError, InvalidInputError, IllegalTransitionError, RoleNotAllowedError];
