import { join } from 'node:path';
import { openVault, type Vault } from '../lib/auth/vault.js';
import { isServiceNowError } from '../lib/errors/service-now-error.js';
import { createStatusStore, type StatusStore } from './status-store.js';
import { createOAuthFlows, type OAuthFlows } from './oauth-flows.js';

/** The console's logger; the library's `Logger` satisfies it. */
export interface ConsoleLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

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
  /** A message for the page: nowrest errors are already redacted and carry their fix; others are generic. */
  describeError(error: unknown): string;
}

const quiet: ConsoleLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Builds the per-launch context. Opening the vault is deferred so a broken key file shows as a page, not a crash. */
export function createConsoleContext(options: ConsoleContextOptions): ConsoleContext {
  let vault: Promise<Vault> | undefined;
  return {
    configDir: options.configDir,
    logger: options.logger ?? quiet,
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
    describeError: (error) => {
      if (isServiceNowError(error)) return error.message;
      // Foreign errors could embed anything (a URL with credentials, a body); say only what kind of failure it was.
      return error instanceof Error
        ? `${error.name}: unexpected failure; see the terminal for details`
        : 'unexpected failure';
    },
  };
}
