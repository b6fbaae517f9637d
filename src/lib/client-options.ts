import type { Dispatcher } from 'undici';
import type { AuthStrategy } from './auth/auth-strategy.js';
import type { TokenStore } from './auth/token-store.js';
import type { Logger } from './logger.js';

/** Options for {@link createClient}. Everything is optional; the defaults suit a ServiceNow instance. */
export interface ClientOptions {
  /** Receives redacted diagnostics; silent by default. */
  readonly logger?: Logger;
  /** Deadline for one attempt (request and body), default 120 000 ms. */
  readonly timeoutMs?: number;
  /** TCP + TLS connect timeout, default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Time to wait for response headers, default 60 000 ms. */
  readonly headersTimeoutMs?: number;
  /** Longest pause between body chunks, default 60 000 ms. */
  readonly bodyTimeoutMs?: number;
  /** Retries after a transient failure, default 3. */
  readonly maxRetries?: number;
  /** Longest Retry-After or rate-limit wait honoured, default 60 000 ms; longer waits raise RateLimitError. */
  readonly maxRetryDelayMs?: number;
  /** Also replay POSTs after ambiguous failures (may create duplicates). Default false. */
  readonly retryUnsafe?: boolean;
  /** An HTTP(S) proxy URL. */
  readonly proxy?: string;
  /**
   * Hosts reached without the proxy, in NO_PROXY syntax: comma-separated `host`, `host:port`, `.suffix` or `*`.
   * The library never reads the environment; pass `process.env.NO_PROXY` yourself if you want it.
   */
  readonly noProxy?: string;
  /** Extra trusted CA certificate(s), PEM, e.g. a corporate TLS-inspection root. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate and key for mutual TLS, PEM. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  /** Verify the server certificate (default true). false is dangerous and is logged as a warning. */
  readonly rejectUnauthorized?: boolean;
  /** Overrides the User-Agent (default `nowrest/<version>`). */
  readonly userAgent?: string;
  /** An explicit auth strategy; required for OAuth connections (it owns the token store). */
  readonly auth?: AuthStrategy;
  /**
   * Where an OAuth 2.0 connection's tokens live (e.g. `openVault(...).tokenStore()`). With it, an `oauth2`
   * connection gets `createOAuthAuth` automatically; ignored when `auth` is given.
   */
  readonly tokenStore?: TokenStore;
  /** An undici dispatcher to use instead of the built-in pool (not closed by `close()`). */
  readonly dispatcher?: Dispatcher;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** Waits between retries; injectable for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for backoff jitter; injectable for tests. */
  readonly random?: () => number;
  /** At most this many requests in flight for this client. Default unlimited. */
  readonly maxConcurrency?: number;
}
