/**
 * Where OAuth tokens live between runs. The interface is deliberately tiny (load/save/clear per connection)
 * so the strategy does not care whether tokens sit in memory (tests), in the encrypted vault (CLI, console)
 * or in a store a user writes themselves (a keyring, a secrets manager).
 */

/** Tokens of one connection, as persisted. Times are epoch milliseconds. */
export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token stops working (epoch ms). */
  readonly expiresAt: number;
  /** When the refresh token stops working (epoch ms), if the server told us. */
  readonly refreshExpiresAt?: number;
  readonly scope?: string;
  /** Always "Bearer" for ServiceNow. */
  readonly tokenType: string;
  /** What the tokens were issued for (see token-binding.ts); absent on tokens stored before nowrest 0.1. */
  readonly issuedFor?: string;
  /**
   * Where the tokens came from: a browser sign-in (`generated`), `oauth import` (`imported`), or a grant that
   * needs no person (`grant`: password, client credentials, JWT bearer). Absent on tokens stored before it existed.
   */
  readonly origin?: TokenOrigin;
  /** True when `expiresAt` is a guess (an imported access token whose lifetime was not given). */
  readonly expiryEstimated?: boolean;
}

/** See {@link StoredTokens.origin}. */
export type TokenOrigin = 'generated' | 'imported' | 'grant';

/** Persistence for OAuth tokens, keyed by connection name. */
export interface TokenStore {
  /** Returns the stored tokens, or undefined when the connection has none. */
  load(connection: string): Promise<StoredTokens | undefined>;
  /** Replaces the tokens of a connection. */
  save(connection: string, tokens: StoredTokens): Promise<void>;
  /** Forgets the tokens of a connection; a no-op when there are none. */
  clear(connection: string): Promise<void>;
  /**
   * Optional: runs `fn` while no other process using the same store can enter it for this connection.
   * The OAuth strategy refreshes inside it, re-reading the store first, so two processes sharing one
   * vault refresh once and agree on the result. `save` called from inside `fn` must not deadlock.
   */
  exclusive?<T>(connection: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * A process-local TokenStore for tests and short scripts; nothing survives the process.
 *
 * @example
 * const store = new MemoryTokenStore();
 * await store.save('dev', { accessToken: 'a', expiresAt: Date.now() + 60_000, tokenType: 'Bearer' });
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredTokens>();

  load(connection: string): Promise<StoredTokens | undefined> {
    const tokens = this.#tokens.get(connection);
    // A copy, so a caller mutating the result cannot change what is stored.
    return Promise.resolve(tokens === undefined ? undefined : { ...tokens });
  }

  save(connection: string, tokens: StoredTokens): Promise<void> {
    this.#tokens.set(connection, { ...tokens });
    return Promise.resolve();
  }

  clear(connection: string): Promise<void> {
    this.#tokens.delete(connection);
    return Promise.resolve();
  }
}
