/**
 * Does a requested redirect_uri match a registered one? Exact matches always do. For loopback hosts the
 * port is ignored (RFC 8252 §7.3: native apps listen on an ephemeral port), and a registered path ending
 * in `*` matches any path with that prefix — an emulator extension so one demo app fits every local tool.
 */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when `requested` is allowed by the registered URL `registered`. */
export function redirectMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  let reg: URL;
  let req: URL;
  try {
    reg = new URL(registered.replace(/\*$/, ''));
    req = new URL(requested);
  } catch {
    return false;
  }
  if (req.username !== '' || req.password !== '' || req.hash !== '') return false;
  if (reg.protocol !== req.protocol || reg.hostname !== req.hostname) return false;
  const loopback = LOOPBACK.has(reg.hostname) && reg.protocol === 'http:';
  if (!loopback && reg.port !== req.port) return false;
  if (registered.endsWith('*')) return req.pathname.startsWith(reg.pathname);
  return reg.pathname === req.pathname && reg.search === req.search;
}

/** The registered URLs of an application (oauth_entity.redirect_url is comma-separated). */
export function registeredRedirects(redirectUrl: string): string[] {
  return redirectUrl
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Resolves the redirect_uri of an authorize request. Returns undefined when it matches nothing: ServiceNow
 * would fall back to the first registered URL (OA-endpoint), but with loopback wildcards there is no single
 * URL to fall back to, so the emulator shows an error page instead of redirecting anywhere.
 * A missing redirect_uri uses the first registered URL when that one is concrete (no wildcard).
 */
export function resolveRedirect(redirectUrl: string, requested: string | undefined): string | undefined {
  const registered = registeredRedirects(redirectUrl);
  if (requested === undefined || requested === '') {
    const first = registered[0];
    return first !== undefined && !first.includes('*') ? first : undefined;
  }
  return registered.some((r) => redirectMatches(r, requested)) ? requested : undefined;
}
