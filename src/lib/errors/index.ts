export { ServiceNowError, isServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';
export {
  ApiError,
  BadRequestError,
  InvalidTableError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TransactionTimeoutError,
  parseRetryAfter,
  rateLimitInfo,
  type ApiErrorInit,
  type ApiErrorResponse,
  type RateLimitInfo,
} from './api-error.js';
export { ConnectionError, TimeoutError, type ConnectionErrorOptions } from './connection-error.js';
export { AbortError } from './abort-error.js';
export { ResponseError, type ResponseErrorOptions } from './response-error.js';
export {
  OAuthError,
  ReauthenticationRequiredError,
  type OAuthErrorOptions,
  type ReauthenticationReason,
} from './oauth-error.js';
export { ConfigError, UnknownTableError } from './config-error.js';
export { TokenStoreError } from './token-store-error.js';
export { UpsertConflictError } from './upsert-conflict-error.js';
export { MissingDependencyError } from './missing-dependency-error.js';
