/**
 * The interactive sign-in ("Generate" in the original connector): PKCE + state, a loopback receiver, the
 * browser (or a printed URL), the code exchange, and saving the tokens. Returns only expiry facts; the
 * tokens go straight into the store.
 */
import type { Dispatcher } from 'undici';
import { buildAuthorizeUrl, createPkcePair, exchangeCode, randomState } from './oauth-flow.js';
import { startLoopbackReceiver } from './oauth-loopback.js';
import { tokenEndpointOf } from './oauth-token-endpoint.js';
import { tokenBinding } from './token-binding.js';
import type { StoredTokens, TokenStore } from './token-store.js';

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** The connection name, used as the token store key. */
  readonly connection: string;
  readonly clientId: string;
  /** Omitted for public clients: PKCE alone then protects the code. */
  readonly clientSecret?: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  /**
   * The instance the tokens will be used against (default: the token URL's origin); stored with them so that a
   * connection changed afterwards does not send them elsewhere (see token-binding.ts).
   */
  readonly instanceUrl?: string;
  readonly tokenStore: TokenStore;
  /** Default `useraccount`. */
  readonly scope?: string;
  /** Opens the URL in a browser (the CLI passes the `open` package); `false` or absent: do not open. */
  readonly openBrowser?: ((url: string) => Promise<unknown>) | false;
  /** Receives the authorize URL, to print it (always called, so a failed browser launch is recoverable). */
  readonly onUrl?: (url: string) => void;
  /** How long to wait for the sign-in (default 5 minutes). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly dispatcher?: Dispatcher;
  readonly clock?: () => number;
  /**
   * For a browser on another machine (SSH): resolves with the URL the browser was redirected to, as the user
   * pasted it. Whichever comes first, the loopback redirect or the paste, completes the sign-in; the state
   * and PKCE checks are the same either way. Rejecting (say, stdin closed) leaves the loopback waiting.
   */
  readonly pastedRedirect?: (signal: AbortSignal) => Promise<string>;
  /** Also return the tokens (for callers that keep them elsewhere). Default false. */
  readonly returnTokens?: boolean;
}

/** What a successful sign-in reports. */
export interface GenerateResult {
  /** Access token expiry, epoch ms. */
  readonly expiresAt: number;
  /** Estimated refresh token expiry, epoch ms, when a refresh token was issued. */
  readonly refreshExpiresAt?: number;
  readonly scope?: string;
  /** Only when `returnTokens` was true. */
  readonly tokens?: StoredTokens;
}

/**
 * Runs the authorization code flow with PKCE through the user's browser and stores the tokens.
 * @throws OAuthError when the user denies, the state does not match, the wait times out or the code is
 *   refused; AbortError when `signal` fires; TokenStoreError when the tokens cannot be saved.
 * @example
 * await generate({ connection: 'dev', clientId, clientSecret, ...oauthEndpoints(instanceUrl),
 *   tokenStore: vault.tokenStore(), openBrowser: (url) => open(url), onUrl: (url) => io.err(url) });
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const state = randomState();
  const pkce = createPkcePair();
  const receiver = await startLoopbackReceiver({
    state,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  try {
    const url = buildAuthorizeUrl({
      authUrl: options.authUrl,
      clientId: options.clientId,
      redirectUri: receiver.redirectUri,
      ...(options.scope === undefined ? {} : { scope: options.scope }),
      state,
      codeChallenge: pkce.challenge,
    });
    options.onUrl?.(url);
    if (options.openBrowser) {
      // A browser that fails to start is not fatal: the URL was handed to onUrl for the user to open.
      await options.openBrowser(url).catch(() => undefined);
    }
    const stopPaste = new AbortController();
    options
      .pastedRedirect?.(stopPaste.signal)
      .then((pasted) => receiver.accept(pasted))
      .catch(() => undefined);
    const code = await receiver.code.finally(() => stopPaste.abort());
    const exchanged = await exchangeCode({
      ...tokenEndpointOf(options),
      code,
      redirectUri: receiver.redirectUri,
      codeVerifier: pkce.verifier,
    });
    const tokens: StoredTokens = { ...exchanged, origin: 'generated', issuedFor: tokenBinding(options) };
    await options.tokenStore.save(options.connection, tokens);
    return {
      expiresAt: tokens.expiresAt,
      ...(tokens.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: tokens.refreshExpiresAt }),
      ...(tokens.scope === undefined ? {} : { scope: tokens.scope }),
      ...(options.returnTokens === true ? { tokens } : {}),
    };
  } finally {
    await receiver.close();
  }
}
