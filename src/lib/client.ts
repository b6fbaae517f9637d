import { createAttachments, type Attachments } from './attachments/attachments.js';
import type { AuthStrategy } from './auth/auth-strategy.js';
import { resolveAuthStrategy } from './auth/resolve-auth-strategy.js';
import type { ClientOptions } from './client-options.js';
import { normalizeConnection, type ConnectionConfig, type NormalizedConnection } from './connection.js';
import { ConfigError } from './errors/config-error.js';
import { createRedactor } from './internal/redact.js';
import { createSemaphore } from './internal/semaphore.js';
import { sleep as defaultSleep } from './internal/sleep.js';
import { silentLogger } from './logger.js';
import { BatchBuilder } from './batch/batch-builder.js';
import { BatchWriter, type BatchWriterOptions } from './batch/batch-writer.js';
import { CatalogApi } from './catalog/catalog-api.js';
import { CmdbApi } from './cmdb/cmdb-api.js';
import { ImportSetApi } from './import/import-set-api.js';
import { createSchemaApi, type SchemaApi } from './schema/schema-api.js';
import { fetchStats } from './stats/stats.js';
import type { StatsParams, StatsResult } from './stats/stats-types.js';
import { Table } from './table.js';
import { RecordJournal } from './journal/journal.js';
import { ChangeApi } from './changes/changes.js';
import {
  resolveRequestUrl,
  sendRequest,
  type ApiResponse,
  type SendOptions,
  type StreamResponse,
} from './request/request.js';
import { runTestConnection, type TestConnectionReport } from './test-connection.js';
import { createDispatcher } from './transport/dispatcher.js';
import { DEFAULT_RETRY_POLICY } from './transport/retry-policy.js';
import { createTransport, type Transport } from './transport/transport.js';
import { VERSION } from './version.js';

/** Options for {@link ServiceNowClient.request}. */
export interface RawRequestOptions extends SendOptions {
  /** Query parameters, appended to the path. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A ServiceNow connection with the Table API, schema browsing and diagnostics. */
export interface ServiceNowClient {
  /** The normalised connection: name, instance URL, API base, version and notes. */
  readonly connection: NormalizedConnection;
  /** Table API operations on one table. */
  table(name: string): Table;
  /** Table, field and choice browsing plus generated TypeScript and JSON Schema. */
  readonly schema: SchemaApi;
  /** The Attachment API: metadata queries, streamed upload and download. */
  readonly attachments: Attachments;
  /** Staged diagnosis: URL, network, ServiceNow API, authentication, authorisation. */
  testConnection(options?: { signal?: AbortSignal }): Promise<TestConnectionReport>;
  /**
   * Any endpoint of the instance: scripted REST APIs, or APIs nowrest has no method for. `path` is relative to
   * the instance (`/api/x_acme/orders/v1/order?status=open`) or an absolute URL on it (a `Link` header's next
   * page). Auth, retries, TLS, proxy, redaction and typed errors work as for the Table API; a non-2xx answer
   * throws the matching {@link ApiError} subclass.
   * @returns the status, headers and parsed JSON body (`undefined` when empty), or the unread body as a web
   * stream with `responseType: 'stream'`.
   * @throws {ConfigError} for a path that is not on the instance.
   * @example
   * const { body } = await sn.request<{ result: Order[] }>('GET', '/api/x_acme/orders/v1/order', { query: { status: 'open' } });
   */
  request<T = unknown>(
    method: string,
    path: string,
    options?: RawRequestOptions & { readonly responseType?: 'json' },
  ): Promise<ApiResponse<T>>;
  request(
    method: string,
    path: string,
    options: RawRequestOptions & { readonly responseType: 'stream' },
  ): Promise<StreamResponse>;
  /**
   * The journal (comments and work notes) of one record, from `sys_journal_field`. Awaiting it gives the entries,
   * newest first; it also adds comments and work notes.
   * @example
   * const entries = await sn.journal('incident', sysId);
   * await sn.journal('incident', sysId).addWorkNote('Restarted the service');
   */
  journal(table: string, sysId: string): RecordJournal;
  /** The Change Management API (`/api/sn_chg_rest/change`). See {@link ChangeApi}. */
  readonly changes: ChangeApi;
  /**
   * The Aggregate API (`GET /api/now/stats/{table}`): count, avg, min, max and sum, optionally grouped.
   * @example
   * const { count } = await sn.stats('incident', { query: 'active=true' });
   * const byPriority = await sn.stats('incident', { groupBy: ['priority'], avg: ['reassignment_count'] });
   */
  stats(table: string, params?: StatsParams): Promise<StatsResult>;
  /** Collects requests to send as one Batch API call (`POST /api/now/v1/batch`). See {@link BatchBuilder}. */
  batch(): BatchBuilder;
  /** Automatic batching of many writes, each with its own promise. See {@link BatchWriter}. */
  batchWriter(options?: BatchWriterOptions): BatchWriter;
  /** The Import Set API for one staging table (`/api/now/import/{staging_table}`). See {@link ImportSetApi}. */
  importSet(stagingTable: string): ImportSetApi;
  /** The Service Catalog API (`/api/sn_sc/servicecatalog`): items, variables, orders and the cart. See {@link CatalogApi}. */
  readonly catalog: CatalogApi;
  /** The CMDB Instance API and Identification/Reconciliation (IRE). See {@link CmdbApi}. */
  readonly cmdb: CmdbApi;
  /** Closes the connection pool (unless a dispatcher was passed in). */
  close(): Promise<void>;
}

/**
 * Creates a client for one ServiceNow connection.
 *
 * @throws {ConfigError} when the connection is invalid (the message says how to fix it).
 * @example
 * const sn = createClient({ name: 'dev', baseUrl: 'https://dev8954.service-now.com/api/now/v2',
 *   auth: { type: 'basic', username: 'admin', password } });
 * const page = await sn.table('incident').list({ query: 'active=true', pageSize: 100 });
 */
export function createClient(config: ConnectionConfig, options: ClientOptions = {}): ServiceNowClient {
  const connection = normalizeConnection(config);
  const logger = options.logger ?? silentLogger;
  const auth: AuthStrategy = resolveAuthStrategy(config.auth, options.auth, {
    connectionName: connection.name,
    instanceUrl: connection.instanceUrl,
    logger,
    ...(options.tokenStore === undefined ? {} : { tokenStore: options.tokenStore }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    // Lazy: the pool is built below, and token requests must share its proxy/CA settings.
    dispatcher: () => dispatcher,
  });
  const redactor = createRedactor(() => auth.secrets());
  for (const note of connection.notes) logger.info(note, { connection: connection.name });
  if (options.rejectUnauthorized === false) {
    logger.warn(
      'TLS certificate verification is OFF (rejectUnauthorized: false): anyone on the network path can read the credentials. Use the ca option instead.',
      { connection: connection.name },
    );
  }
  const ownDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    createDispatcher({
      proxy: options.proxy,
      noProxy: options.noProxy,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: options.rejectUnauthorized,
      connectTimeoutMs: options.connectTimeoutMs,
      headersTimeoutMs: options.headersTimeoutMs,
      bodyTimeoutMs: options.bodyTimeoutMs,
    });
  const maxRetries = options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ConfigError(`Invalid maxRetries ${maxRetries}`, 'Use 0 or a positive integer');
  }
  const transport: Transport = createTransport({
    auth,
    logger,
    redactor,
    dispatcher,
    policy: {
      ...DEFAULT_RETRY_POLICY,
      maxRetries,
      maxRetryDelayMs: options.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxRetryDelayMs,
      retryUnsafe: options.retryUnsafe ?? false,
      random: options.random ?? Math.random,
    },
    userAgent: options.userAgent ?? `nowrest/${VERSION}`,
    timeoutMs: options.timeoutMs ?? 120_000,
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    semaphore: createSemaphore(options.maxConcurrency ?? Infinity),
  });
  const ctx = { transport, apiBase: connection.apiBase, instanceUrl: connection.instanceUrl, logger };
  const table = (name: string): Table => new Table(ctx, name);
  const apiPath = connection.apiBase.slice(connection.instanceUrl.length);
  let closed = false;

  return {
    connection,
    table,
    schema: createSchemaApi(table),
    attachments: createAttachments({ transport, instanceUrl: connection.instanceUrl }),
    testConnection: (opts = {}) =>
      runTestConnection({ connection: config, transport, apiBase: connection.apiBase, ...opts }),
    request: (async (method: string, path: string, opts: RawRequestOptions = {}) =>
      sendRequest(
        transport,
        method,
        resolveRequestUrl(connection.instanceUrl, path, opts.query),
        opts,
      )) as ServiceNowClient['request'],
    journal: (name, sysId) => new RecordJournal(table, name, sysId),
    changes: new ChangeApi(transport, connection.instanceUrl),
    stats: (name, params = {}) => fetchStats(transport, connection.instanceUrl, name, params),
    batch: () => new BatchBuilder({ transport, instanceUrl: connection.instanceUrl }, apiPath),
    importSet: (staging) => new ImportSetApi(transport, connection.instanceUrl, staging),
    catalog: new CatalogApi(transport, connection.instanceUrl),
    cmdb: new CmdbApi(transport, connection.instanceUrl),
    batchWriter: (opts = {}) => new BatchWriter({ transport, instanceUrl: connection.instanceUrl }, apiPath, opts),
    async close() {
      if (closed) return;
      closed = true;
      if (ownDispatcher) await dispatcher.close();
    },
  };
}
