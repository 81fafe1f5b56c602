// @tuntas/sdk: typed client for the tuntas GraphQL API (SP4N-LAPOR! complaint handling).
export {
  createTuntasClient,
  TuntasClient,
  type TuntasClientOptions,
  type RequestOptions,
  type SubscribeOptions,
  type LiveFilter,
  type LoginOutcome,
  type SecondFactorRequired,
  type SignedIn,
  type WhoAmI,
  type ComplaintStatusView,
  type ComplaintStatusPage,
  type ComplaintHistorySummary,
  type ComplaintHistorySummaryEntry,
  type ComplaintCounts,
  type ReceivedComplaint,
  type ComplaintStatusChangedEvent,
} from './client.js';
export {
  StaffOperations,
  type StaffComplaint,
  type StaffComplaintDetail,
  type StaffComplaintPage,
  type SignedInUser,
  type RegisterBook,
} from './staff.js';
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
  AbortedError,
  TimeoutError,
  GraphQLRequestError,
  errorFromCode,
  isErrorResult,
  unwrap,
  parseRetryAfter,
  type FieldIssue,
  type ErrorDetails,
  type TuntasErrorCode,
  type ClientErrorCode,
} from './errors.js';
export { graphql } from './document.js';
export { paginate, type ConnectionLike, type PageInfoLike } from './paginate.js';
export { DEFAULT_RETRY, isRetryable, retryDelay, type RetryOptions, type RetryInfo } from './retry.js';
export {
  DEFAULT_RECONNECT,
  isReconnectable,
  reconnectDelay,
  type Subscription,
  type EventStream,
  type SubscriptionHandlers,
  type LiveHandlers,
  type ReconnectOptions,
  type ReconnectInfo,
  type Transport,
} from './live.js';
export { applyStatusEvent } from './watch.js';
export { SDK_VERSION } from './version.js';
// Typed documents and their types, for `client.request(Document, variables)`.
export * from './generated/graphql.js';
export { verifyWebhook, WebhookSignatureError, type TuntasWebhookEvent, type TuntasWebhookData, type WebhookHeaders } from './webhooks.js';
