export { createClient, type ServiceNowClient, type RawRequestOptions } from './client.js';
export type { ClientOptions } from './client-options.js';
export {
  normalizeBaseUrl,
  normalizeConnection,
  type ApiVersion,
  type BasicConnectionAuth,
  type ConnectionAuth,
  type ConnectionConfig,
  type NormalizedBaseUrl,
  type NormalizedConnection,
  type OAuthConnectionAuth,
} from './connection.js';
export type { AuthStrategy } from './auth/auth-strategy.js';
export { createBasicAuth, type BasicAuthOptions } from './auth/basic-auth.js';
export { resolveAuthStrategy } from './auth/resolve-auth-strategy.js';
export { silentLogger, type Logger } from './logger.js';
export {
  Table,
  type CallOptions,
  type RecordGetParams,
  type RecordListParams,
  type RecordWriteParams,
  type TableRecord,
} from './table.js';
export type { DisplayValue, ReadShapeOptions } from './table-params.js';
export type { UpsertOptions, UpsertResult } from './upsert.js';
export { RecordList } from './record-list.js';
export { parseLinkHeader, type RecordPage } from './pagination.js';
export { query, QueryBuilder, Condition, type RelativeUnit } from './query.js';
export { gs, type DatePeriod, type GlideExpression, type QueryValue } from './query-values.js';
export {
  AUTHORIZATION_REMEDY,
  type TestConnectionReport,
  type TestConnectionStage,
  type TestConnectionStageName,
} from './test-connection.js';
export { testConnection } from './connection-check.js';
export type { SchemaApi } from './schema/schema-api.js';
export type { ChoiceInfo, FieldInfo, TableInfo } from './schema/schema-types.js';
export type { TransportResponse } from './transport/transport.js';
export { VERSION } from './version.js';
export * from './errors/index.js';
