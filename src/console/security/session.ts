import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { tokensEqual } from './tokens.js';
import { unauthorizedPage } from '../pages/unauthorized-page.js';

/** What the session middleware needs to know about this launch. */
export interface SessionOptions {
  readonly sessionToken: string;
  /** Per port, because browsers share cookies between ports of one host. */
  readonly cookieName: () => string;
  /** Paths served without the session cookie (static assets, the OAuth redirect target). */
  readonly publicPaths: readonly string[];
}

function isPublic(path: string, publicPaths: readonly string[]): boolean {
  return publicPaths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
}

/**
 * Per-launch session: the URL printed in the terminal carries `?token=`; the first visit trades it
 * for an HttpOnly, SameSite=Strict cookie and redirects to the clean URL so the token does not stay
 * in the address bar or history. Anything else without the cookie gets a 401 page.
 */
export function sessionMiddleware(options: SessionOptions): MiddlewareHandler {
  return async (c, next) => {
    if (isPublic(c.req.path, options.publicPaths)) return next();
    const url = new URL(c.req.url);
    const offered = url.searchParams.get('token');
    if (offered !== null && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      if (tokensEqual(offered, options.sessionToken)) {
        setCookie(c, options.cookieName(), options.sessionToken, {
          httpOnly: true,
          sameSite: 'Strict',
          path: '/',
        });
        url.searchParams.delete('token');
        return c.redirect(url.pathname + url.search, 303);
      }
    }
    if (tokensEqual(getCookie(c, options.cookieName()), options.sessionToken)) return next();
    return c.html(unauthorizedPage().toString(), 401);
  };
}
