import type { MiddlewareHandler } from 'hono';
import { tokensEqual } from './tokens.js';

/** Name of the hidden form field and of the header that carry the CSRF token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Options for {@link csrfMiddleware}. */
export interface CsrfOptions {
  readonly csrfToken: string;
  readonly allowedOrigins: () => readonly string[];
  /** Paths exempt from the check (none by default). */
  readonly exemptPaths?: readonly string[];
}

/**
 * Rejects state-changing requests that lack the per-session CSRF token or come from a foreign Origin.
 * The SameSite=Strict cookie already stops most cross-site posts; the token and the Origin check are
 * the second and third locks (e.g. for older browsers or same-site attackers on another port).
 */
export function csrfMiddleware(options: CsrfOptions): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || options.exemptPaths?.includes(c.req.path)) return next();
    // With Referrer-Policy no-referrer, browsers send `Origin: null` on same-origin form posts, so "null" cannot
    // be refused; Sec-Fetch-Site (sent by every current browser) then says whether the post came from our page.
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const foreignOrigin = origin !== undefined && origin !== 'null' && !options.allowedOrigins().includes(origin);
    const foreignSite = fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none';
    if (foreignOrigin || foreignSite) {
      return c.text('Forbidden: cross-origin request refused.', 403);
    }
    let token = c.req.header(CSRF_HEADER);
    if (token === undefined) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        // A body that does not parse (e.g. a broken multipart boundary) carries no token: refused below.
        const body: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
        const field = body[CSRF_FIELD];
        if (typeof field === 'string') token = field;
      }
    }
    if (!tokensEqual(token, options.csrfToken)) {
      return c.text('Forbidden: missing or invalid CSRF token. Reload the page and try again.', 403);
    }
    return next();
  };
}
