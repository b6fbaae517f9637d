export { createClient, type ServiceNowClient, type RawRequestOptions } from './client.js';
export type { ClientOptions } from './client-options.js';
export {
  openConnection,
  connectionInputs,
  connectionConfigOf,
  UnreadableFileError,
  type OpenConnectionOptions,
} from './open-connection.js';
export type { ConnectionProfile, ConnectionAuthType } from './config/connections.js';
export type {
  AttachmentDownload,
  AttachmentListParams,
  AttachmentUploadParams,
  Attachments,
} from './attachments/attachments.js';
export type { AttachmentMetadata } from './attachments/attachment-metadata.js';
export { AttachmentList } from './attachments/attachment-list.js';
export {
  authMethodName,
  normalizeBaseUrl,
  normalizeConnection,
  type ApiVersion,
  type BasicConnectionAuth,
  type ClientCredentialsConnectionAuth,
  type PasswordGrantConnectionAuth,
  type TokenConnectionAuth,
  type ConnectionAuth,
  type ConnectionConfig,
  type JwtConnectionAuth,
  type NormalizedBaseUrl,
  type NormalizedConnection,
  type OAuthConnectionAuth,
} from './connection.js';
export type { AuthStrategy } from './auth/auth-strategy.js';
export { createBasicAuth, type BasicAuthOptions } from './auth/basic-auth.js';
export { resolveAuthStrategy } from './auth/resolve-auth-strategy.js';
export { MemoryTokenStore, type StoredTokens, type TokenOrigin, type TokenStore } from './auth/token-store.js';
export { tokenBinding, type TokenBindingParts } from './auth/token-binding.js';
export { tokenCondition, type TokenCondition, type TokenConditionOptions } from './auth/token-condition.js';
export { openVault, type Vault, type VaultOptions, type VaultSecrets, type VaultSecretName } from './auth/vault.js';
export type { FileLockOptions } from './auth/vault-lock.js';
export {
  buildAuthorizeUrl,
  clientCredentialsGrant,
  createPkcePair,
  exchangeCode,
  oauthEndpoints,
  passwordGrant,
  pkceChallenge,
  randomState,
  refreshAccessToken,
  revokeToken,
  stateMatches,
  TokenEndpointError,
  type AuthorizeUrlParams,
  type OAuthEndpoints,
  type PkcePair,
  type RevokeTokenOptions,
  type TokenEndpointOptions,
} from './auth/oauth-flow.js';
export { createOAuthAuth, type OAuthAuthOptions, type TokenAuthStrategy } from './auth/oauth-auth.js';
export {
  createClientCredentialsAuth,
  createPasswordGrantAuth,
  type GrantAuthOptions,
  type PasswordGrantAuthOptions,
} from './auth/oauth-grant-auth.js';
export { createJwtBearerAuth, JWT_BEARER_GRANT_TYPE, type JwtBearerAuthOptions } from './auth/jwt-bearer-auth.js';
export { startLoopbackReceiver, type LoopbackOptions, type LoopbackReceiver } from './auth/oauth-loopback.js';
export { generate as generateOAuthTokens, type GenerateOptions, type GenerateResult } from './auth/oauth-generate.js';
export {
  importTokens,
  DEFAULT_ACCESS_LIFESPAN_SECONDS,
  type ImportTokensOptions,
  type ImportTokensResult,
} from './auth/oauth-import.js';
export { createStaticTokenAuth, type StaticTokenAuthOptions } from './auth/static-token-auth.js';
export {
  oauthReset,
  oauthStatus,
  type OAuthResetOptions,
  type OAuthResetResult,
  type OAuthStatus,
} from './auth/oauth-status.js';
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
export { RecordList, type SkippedRecord } from './record-list.js';
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
export type { ApiResponse, StreamResponse } from './request/request.js';
export {
  RecordJournal,
  type EmptyJournalExplanation,
  type JournalEntry,
  type JournalListParams,
} from './journal/journal.js';
export { ChangeApi } from './changes/changes.js';
export { changeValues, type ChangeFieldValue, type ChangeRecord } from './changes/change-record.js';
export type {
  ChangeConflict,
  ChangeCreateType,
  ChangeFields,
  ChangeListParams,
  ChangeType,
  ConflictCheckResult,
} from './changes/change-types.js';
export { VERSION } from './version.js';
export { ImportSetApi } from './import/import-set-api.js';
export type { ImportResponse, ImportRowResult, ImportStatus, InsertMultipleResult } from './import/import-types.js';
export { BatchBuilder } from './batch/batch-builder.js';
export { BatchWriter, type BatchWriterOptions } from './batch/batch-writer.js';
export { BatchUnservicedError } from './batch/batch-unserviced-error.js';
export type { BatchExecuteOptions, BatchItemResult, BatchRequestSpec } from './batch/batch-types.js';
export type { StatsAggregates, StatsGroup, StatsGroupField, StatsParams, StatsResult } from './stats/stats-types.js';
export * from './errors/index.js';
export { syncTable, type SyncProgress, type SyncResult, type SyncTableOptions } from './sync/sync-table.js';
export type { ChangeEvent, DeleteEvent, UpsertEvent } from './sync/sync-events.js';
export { CatalogApi } from './catalog/catalog-api.js';
export type * from './catalog/catalog-types.js';
export { CmdbApi } from './cmdb/cmdb-api.js';
export type * from './cmdb/cmdb-types.js';
export type { ReconcileBatch, ReconcileStreamOptions } from './cmdb/reconcile-stream.js';
export type { SyncToTargetOptions, TargetSyncResult } from './sync/sync-to-target.js';
export type {
  CellValue,
  ColumnKind,
  ColumnSpec,
  DatabaseTarget,
  ExistingColumn,
  RowValues,
  StoredSyncState,
  TargetBatch,
} from './sync/target/database-target.js';
export { databaseTarget, openDatabaseTarget } from './sync/target/open-target.js';
export { createPostgresTarget, type PostgresTargetOptions } from './sync/target/postgres-target.js';
export { createSqliteTarget, type SqliteTargetOptions } from './sync/target/sqlite-target.js';
export { redactDatabaseUrl } from './sync/target/target-url.js';
export { targetSyncStatus, type TargetTableStatus } from './sync/target/sync-status.js';
export type { SchemaChanges, TypeChange } from './sync/target/table-schema.js';
export { TargetError } from './sync/target/target-error.js';
