import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { AuthCache } from './auth/auth-cache.js';
import { SessionStore } from './auth/sessions.js';
import type { EmulatorContext } from './context.js';
import { FaultStore } from './faults/fault-store.js';
import { stderrLogger, type EmulatorLogger } from './logger.js';
import { answerOversizedRequestsInHtml, MAX_HEADER_BYTES } from './http/long-urls.js';
import { RequestLog } from './request-log.js';
import { createChoiceIndex } from './schema/choice-index.js';
import { createSchemaRegistry } from './schema/registry.js';
import { ALL_TABLES } from './schema/tables/index.js';
import { insertIncidents } from './seed/generate.js';
import { seedDatabase, type DemoUser } from './seed/seed.js';
import { CERTIFICATE_MAKER, requirePeers, SQLITE_DRIVER } from './optional-peer.js';
import { loadCustomTables } from './schema/custom-tables.js';
import { seedUserZones } from './seed/seed-user-zones.js';
import { createApp } from './server.js';
import { openDatabase } from './store/database.js';
import { Store } from './store/store.js';
import { createTls, type EmulatorTls, type EmulatorTlsOptions } from './tls.js';

export type { EmulatorContext } from './context.js';
export type { EmulatorLogger } from './logger.js';
export type { EmulatorTlsOptions } from './tls.js';
export type { FaultKind, FaultSpec } from './faults/fault-store.js';
export type { RequestLogEntry } from './request-log.js';
export { Store } from './store/store.js';
export { verifyUserPassword } from './auth/verify-user-password.js';
export { ADMIN_SYS_ID } from './seed/seed-people.js';
export { fixedId } from './store/ids.js';
export { MissingDependencyError } from './optional-peer.js';

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Bind address, default 127.0.0.1. Anything beyond loopback is warned about: the control plane has no auth. */
  readonly host?: string;
  /** SQLite file; data then survives restarts (seeded only when the file is new). Default: in memory. */
  readonly dbPath?: string;
  /** Seed the demo dataset (default true); `{ incidents: N }` sizes the incident table. false: users and dictionary only. */
  readonly seed?: boolean | { readonly incidents?: number };
  /** The emulator clock (timestamps, token expiry, javascript:gs.* in queries). */
  readonly clock?: () => Date;
  /**
   * Serve https with a self-signed certificate; its PEM path is returned as caPath. `{ requireClientCert: true }`
   * also demands a client certificate (mutual TLS), signed by `clientCa` or by a CA the emulator makes.
   */
  readonly tls?: boolean | EmulatorTlsOptions;
  /** Override the demo passwords (admin/admin, itil.user/itil, readonly.user/readonly). */
  readonly passwords?: Partial<Record<DemoUser, string>>;
  readonly logger?: EmulatorLogger;
}

/** A running emulator. */
export interface Emulator {
  /** Instance root, e.g. http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  /** PEM of the self-signed certificate when tls is on. */
  readonly caPath?: string;
  /** With `tls: { requireClientCert: true }` and no clientCa: a client certificate and key (PEM files) it accepts. */
  readonly clientCertPath?: string;
  readonly clientKeyPath?: string;
  /** The data facade (for tests and generators); `db.db` is the raw better-sqlite3 handle. */
  readonly db: Store;
  /** The context route registrars receive. */
  readonly context: EmulatorContext;
  /** Drops all data, faults and the request log and seeds afresh. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Starts a local ServiceNow emulator (Table API on SQLite, control plane under /__emulator/).
 * @example
 * const emu = await createEmulator({ port: 0 });
 * const res = await fetch(`${emu.url}/api/now/table/incident?sysparm_limit=1`, { headers: { authorization: 'Basic ' + btoa('admin:admin') } });
 * await emu.close();
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? stderrLogger;
  const clock = options.clock ?? (() => new Date());
  requirePeers(options.tls ? [SQLITE_DRIVER, CERTIFICATE_MAKER] : [SQLITE_DRIVER]);
  const schema = createSchemaRegistry(ALL_TABLES);
  const { db, isNew } = await openDatabase(schema, options.dbPath);
  const store = new Store(db, schema);
  const ctx: EmulatorContext = {
    db,
    store,
    schema,
    choices: createChoiceIndex(schema),
    clock,
    logger,
    authCache: new AuthCache(),
    sessions: new SessionStore(),
    faults: new FaultStore(),
    requestLog: new RequestLog(),
    seedHooks: [seedUserZones],
  };
  const seedOption = options.seed ?? true;
  const seed = (): void => {
    seedDatabase(store, {
      now: clock(),
      ...(options.passwords ? { passwords: options.passwords } : {}),
      ...(seedOption === false ? { minimal: true } : {}),
      ...(typeof seedOption === 'object' && seedOption.incidents !== undefined
        ? { incidents: seedOption.incidents }
        : {}),
    });
    for (const hook of ctx.seedHooks) hook(ctx);
  };
  const resetSync = (): void => {
    store.clear();
    loadCustomTables(ctx);
    ctx.authCache.clear();
    ctx.sessions.clear();
    ctx.faults.clear();
    ctx.requestLog.clear();
    seed();
  };
  const app = createApp(ctx, resetSync);
  if (isNew) seed();
  else loadCustomTables(ctx);

  let tls: EmulatorTls | undefined;
  if (options.tls) tls = await createTls(options.tls === true ? {} : options.tls);
  if (!LOOPBACK.has(host))
    logger.warn(
      `bound to ${host}: the emulator and its control plane are reachable beyond loopback without authentication`,
    );
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({
      fetch: app.fetch,
      port: options.port ?? 0,
      hostname: host,
      serverOptions: { maxHeaderSize: MAX_HEADER_BYTES, ...(tls ? tls.serverOptions : {}) },
      ...(tls ? { createServer: createHttpsServer } : {}),
    });
    answerOversizedRequestsInHtml(s);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const urlHost =
    address.family === 'IPv6' ? `[${address.address}]` : host === 'localhost' ? 'localhost' : address.address;
  const url = `${tls ? 'https' : 'http'}://${urlHost}:${address.port}`;
  let closed = false;
  return {
    url,
    ...(tls ? { caPath: tls.caPath } : {}),
    ...(tls?.clientCertPath ? { clientCertPath: tls.clientCertPath, clientKeyPath: tls.clientKeyPath ?? '' } : {}),
    db: store,
    context: ctx,
    reset: () => Promise.resolve(resetSync()),
    close: async () => {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      db.close();
      tls?.dispose();
    },
  };
}

/**
 * Inserts `count` realistic incidents quickly (one transaction, one prepared statement), numbered on from
 * the incident counter.
 * @returns the number inserted.
 */
export function generateIncidents(target: Emulator | Store, count: number): number {
  if (target instanceof Store) return insertIncidents(target, count, new Date());
  return insertIncidents(target.db, count, target.context.clock());
}
