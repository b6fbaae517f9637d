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
import { ImportSetApi } from './import/import-set-api.js';
import { createSchemaApi, type SchemaApi } from './schema/schema-api.js';
import { fetchStats } from './stats/stats.js';
import type { StatsParams, StatsResult } from './stats/stats-types.js';
import { Table } from './table.js';
import { runTestConnection, type TestConnectionReport } from './test-connection.js';
import { createDispatcher } from './transport/dispatcher.js';
import { DEFAULT_RETRY_POLICY } from './transport/retry-policy.js';
import { createTransport, type Transport, type TransportResponse } from './transport/transport.js';
import { VERSION } from './version.js';

/** Options for {@link ServiceNowClient.request}. */
export interface RawRequestOptions {
  /** Query parameters, appended to the path. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Overrides the client's `maxRetries` for this call. */
  readonly maxRetries?: number;
  /** Overrides the client's per-attempt `timeoutMs` for this call. */
  readonly timeoutMs?: number;
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
   * Low-level escape hatch for other APIs (stats, attachment, import, …). `path` is relative to the instance,
   * e.g. `/api/now/stats/incident`. Retries, auth, redaction and errors work as for the Table API.
   */
  request(method: string, path: string, options?: RawRequestOptions): Promise<TransportResponse>;
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
    async request(method, path, opts = {}) {
      const url = resolvePath(connection.instanceUrl, path, opts.query);
      return await transport.send({
        method,
        url,
        body: opts.body,
        ...(opts.headers ? { headers: opts.headers } : {}),
        signal: opts.signal,
        maxRetries: opts.maxRetries,
        timeoutMs: opts.timeoutMs,
      });
    },
    stats: (name, params = {}) => fetchStats(transport, connection.instanceUrl, name, params),
    batch: () => new BatchBuilder({ transport, instanceUrl: connection.instanceUrl }, apiPath),
    importSet: (staging) => new ImportSetApi(transport, connection.instanceUrl, staging),
    batchWriter: (opts = {}) => new BatchWriter({ transport, instanceUrl: connection.instanceUrl }, apiPath, opts),
    async close() {
      if (closed) return;
      closed = true;
      if (ownDispatcher) await dispatcher.close();
    },
  };
}

function resolvePath(instanceUrl: string, path: string, query: RawRequestOptions['query']): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw new ConfigError(
      `Invalid request path ${JSON.stringify(path)}`,
      'Use a path on the instance, e.g. /api/now/stats/incident',
    );
  }
  const url = new URL(instanceUrl + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}
