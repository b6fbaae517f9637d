import type Database from 'better-sqlite3';
import type { SchemaRegistry } from './schema/types.js';
import type { AuthCache } from './auth/auth-cache.js';
import type { SessionStore } from './auth/sessions.js';
import type { ChoiceIndex } from './schema/choice-index.js';
import type { FaultStore } from './faults/fault-store.js';
import type { EmulatorLogger } from './logger.js';
import type { RequestLog } from './request-log.js';
import type { Store } from './store/store.js';

/**
 * Everything a route registrar needs, passed explicitly (no module state): the database, the schema, the
 * clock and the shared in-memory services. OAuth routes (src/emulator/routes/oauth.ts) receive this too.
 */
export interface EmulatorContext {
  /** The raw better-sqlite3 handle (all tables, storage contract in docs/decisions/0001-emulator-storage.md). */
  readonly db: Database.Database;
  readonly store: Store;
  readonly schema: SchemaRegistry;
  readonly choices: ChoiceIndex;
  /** The emulator's clock; use it for token expiry and timestamps. */
  readonly clock: () => Date;
  readonly logger: EmulatorLogger;
  readonly authCache: AuthCache;
  /** Live user sessions (JSESSIONID cookies); cleared with the auth cache. */
  readonly sessions: SessionStore;
  readonly faults: FaultStore;
  readonly requestLog: RequestLog;
  /**
   * Functions run after every (re)seed, inside no transaction, e.g. to insert a demo OAuth application.
   * Registrars push onto it; the emulator runs them on start (new database) and on reset.
   */
  readonly seedHooks: ((ctx: EmulatorContext) => void)[];
}
