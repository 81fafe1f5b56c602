// @tuntas/sdk: typed client for the tuntas GraphQL API (SP4N-LAPOR! complaint handling).
export {
  createTuntasClient,
  TuntasClient,
  toTuntasError,
  type TuntasClientOptions,
  type RequestOptions,
  type SubscribeOptions,
  type ComplaintStatusView,
  type ComplaintStatusPage,
  type ComplaintHistorySummary,
  type ComplaintHistorySummaryEntry,
  type ComplaintCounts,
  type ReceivedComplaint,
  type ComplaintStatusChangedEvent,
} from './client.js';
export {
  TuntasError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  DuplicateTrackingIdError,
  InvalidInputError,
  IllegalTransitionError,
  LoginFailedError,
  RateLimitedError,
  NetworkError,
  ServerError,
  errorFromCode,
  isErrorResult,
  unwrap,
  parseRetryAfter,
  type FieldIssue,
  type ErrorDetails,
} from './errors.js';
export { graphql } from './document.js';
export { paginate, type ConnectionLike, type PageInfoLike } from './paginate.js';
export { DEFAULT_RETRY, isRetryable, retryDelay, type RetryOptions, type RetryInfo } from './retry.js';
export type { Subscription, EventStream, SubscriptionHandlers, Transport } from './subscriptions.js';
// Typed documents and their types, for `client.request(Document, variables)`.
export * from './generated/graphql.js';
export { verifyWebhook, WebhookSignatureError, type TuntasWebhookEvent, type TuntasWebhookData, type WebhookHeaders } from './webhooks.js';
