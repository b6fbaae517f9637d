import { join } from 'node:path';
import { openVault, type Vault } from '../lib/auth/vault.js';
import { isServiceNowError } from '../lib/errors/service-now-error.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { createStatusStore, type StatusStore } from './status-store.js';
import { createOAuthFlows, type OAuthFlows } from './oauth-flows.js';
import { createSchemaCache, type SchemaCache } from './schema-cache.js';

/** The console's logger is the library's: messages are redacted before they reach it. */
export type ConsoleLogger = Logger;

/** Inputs for {@link createConsoleContext}. */
export interface ConsoleContextOptions {
  readonly configDir: string;
  readonly masterKey?: string | undefined;
  readonly logger?: ConsoleLogger | undefined;
  readonly csrfToken: string;
  readonly origin: () => string;
}

/** Everything a route needs: where profiles live, the vault, per-launch tokens and in-memory state. */
export interface ConsoleContext {
  readonly configDir: string;
  readonly logger: ConsoleLogger;
  readonly csrfToken: string;
  /** `http://127.0.0.1:<port>`; known only once the server listens. */
  origin(): string;
  /** The shared encrypted vault (`<configDir>/vault`), opened on first use. */
  vault(): Promise<Vault>;
  readonly status: StatusStore;
  readonly flows: OAuthFlows;
  readonly schema: SchemaCache;
  /** A message for the page: nowrest errors are already redacted and carry their fix; others are generic. */
  describeError(error: unknown): string;
}

/** Builds the per-launch context. Opening the vault is deferred so a broken key file shows as a page, not a crash. */
export function createConsoleContext(options: ConsoleContextOptions): ConsoleContext {
  let vault: Promise<Vault> | undefined;
  return {
    configDir: options.configDir,
    logger: options.logger ?? silentLogger,
    csrfToken: options.csrfToken,
    origin: options.origin,
    vault: () => {
      if (vault === undefined) {
        const opening = openVault({
          dir: join(options.configDir, 'vault'),
          ...(options.masterKey === undefined ? {} : { masterKey: options.masterKey }),
        });
        // A failed open is retried next time instead of being cached forever.
        opening.catch(() => {
          if (vault === opening) vault = undefined;
        });
        vault = opening;
      }
      return vault;
    },
    status: createStatusStore(),
    flows: createOAuthFlows(),
    schema: createSchemaCache(),
    describeError: (error) => {
      if (isServiceNowError(error)) return error.message;
      // Foreign errors could embed anything (a URL with credentials, a body); say only what kind of failure it was.
      return error instanceof Error
        ? `${error.name}: unexpected failure; see the terminal for details`
        : 'unexpected failure';
    },
  };
}
