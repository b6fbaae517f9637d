/**
 * The RFC 8252 §7.3 loopback redirect receiver: an HTTP listener on 127.0.0.1 with an ephemeral port that
 * takes exactly one request on the callback path, checks `state`, tells the browser what happened, and
 * closes. Other paths (a browser's /favicon.ico) get a 404 and do not count.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortError } from '../errors/abort-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import { stateMatches } from './oauth-flow.js';

/** Options for {@link startLoopbackReceiver}. */
export interface LoopbackOptions {
  /** The `state` sent with the authorize request. */
  readonly state: string;
  /** Callback path (default `/callback`). */
  readonly path?: string;
  /** Give up after this long (default 5 minutes). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A running receiver. */
export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>/callback`: the redirect_uri to register and send. */
  readonly redirectUri: string;
  /** Resolves with the authorization code; rejects with OAuthError (denied, bad state, timeout) or AbortError. */
  readonly code: Promise<string>;
  /**
   * Takes the URL the browser was redirected to, pasted by the user when the browser runs on another machine
   * (SSH): its `state` is checked and its code settles `code` exactly as if the redirect had arrived here.
   */
  accept(redirectedUrl: string): void;
  /** Stops listening (idempotent); a pending `code` rejects with AbortError. */
  close(): Promise<void>;
}

/** What one redirect means: a code, or a failure with words for the browser and an error for the caller. */
type RedirectOutcome =
  { readonly code: string } | { readonly title: string; readonly text: string; readonly error: OAuthError };

/** Reads a redirect's query: `state` first (RFC 6749 §10.12), then `error`, then `code`. */
function readRedirect(expectedState: string, params: URLSearchParams): RedirectOutcome {
  if (!stateMatches(expectedState, params.get('state'))) {
    return {
      title: 'Sign-in failed',
      text: 'The state parameter did not match this sign-in, so the answer was rejected. Start the sign-in again.',
      error: new OAuthError(
        'The OAuth redirect carried a state that does not match this sign-in (possible CSRF, or a URL from another attempt); start again',
      ),
    };
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description') ?? undefined;
    return {
      title: 'Sign-in failed',
      text: `The instance answered: ${error}${description ? ` (${description})` : ''}. You can close this window.`,
      error: new OAuthError(`The sign-in was not completed: ${error}${description ? ` (${description})` : ''}`, {
        oauthError: error,
        ...(description === undefined ? {} : { description }),
      }),
    };
  }
  const received = params.get('code');
  if (received === null || received === '') {
    return {
      title: 'Sign-in failed',
      text: 'The redirect carried no authorization code. Start the sign-in again.',
      error: new OAuthError('The OAuth redirect carried no authorization code'),
    };
  }
  return { code: received };
}

/** The query of a pasted redirect URL (a bare `?code=…&state=…` or `code=…&state=…` works too). */
function pastedParams(text: string): URLSearchParams {
  const trimmed = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).searchParams;
    } catch {
      // Fall through: reported below as "not the redirected URL".
    }
  }
  if (/^\??[^\s/]*=/.test(trimmed)) return new URLSearchParams(trimmed.replace(/^\?/, ''));
  return new URLSearchParams();
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
  `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Starts the receiver and resolves once it listens.
 * @example
 * const rx = await startLoopbackReceiver({ state });
 * // send the browser to buildAuthorizeUrl({ …, redirectUri: rx.redirectUri, state })
 * const code = await rx.code;
 */
export async function startLoopbackReceiver(options: LoopbackOptions): Promise<LoopbackReceiver> {
  const path = options.path ?? '/callback';
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let settle: { resolve: (code: string) => void; reject: (error: unknown) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may attach late; an unobserved rejection must not crash the process.
  code.catch(() => undefined);
  let done = false;

  const finish = (outcome: { code: string } | { error: unknown }): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if ('code' in outcome) settle?.resolve(outcome.code);
    else settle?.reject(outcome.error);
    // Let the response flush, then stop accepting connections.
    setImmediate(() => {
      server.close();
      server.closeAllConnections();
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || url.pathname !== path || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    const reply = (status: number, title: string, text: string): void => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
      });
      res.end(PAGE(title, text));
    };
    const outcome = readRedirect(options.state, url.searchParams);
    if ('code' in outcome) {
      reply(200, 'Token received', 'Token received, you can close this window.');
      finish({ code: outcome.code });
    } else {
      reply(400, outcome.title, outcome.text);
      finish({ error: outcome.error });
    }
  };

  const server = createServer(handle);
  const timer = setTimeout(() => {
    finish({
      error: new OAuthError(
        `No sign-in arrived within ${Math.round(timeoutMs / 1000)} s; run the command again and complete the sign-in in the browser`,
      ),
    });
  }, timeoutMs);
  timer.unref();
  const onAbort = (): void =>
    finish({ error: new AbortError('The sign-in was cancelled', { cause: options.signal?.reason }) });
  if (options.signal?.aborted === true) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 rather than localhost: RFC 8252 §8.3 recommends the IP literal, avoiding resolver surprises.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    code,
    accept: (redirectedUrl: string) => {
      const params = pastedParams(redirectedUrl);
      if (!params.has('state') && !params.has('code') && !params.has('error')) {
        finish({
          error: new OAuthError(
            'That is not the URL the browser was redirected to: paste the whole address from the browser, starting with http://127.0.0.1',
          ),
        });
        return;
      }
      const outcome = readRedirect(options.state, params);
      finish('code' in outcome ? { code: outcome.code } : { error: outcome.error });
    },
    close: () => {
      finish({ error: new AbortError('The sign-in listener was closed') });
      return new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
      });
    },
  };
}
