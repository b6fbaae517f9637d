/**
 * Drives the emulator's authorize pages the way a person in a browser would: plain HTTP, reading the
 * hidden form fields out of the HTML. Shared by the OAuth emulator and library tests.
 */
export interface BrowserOptions {
  readonly user?: string;
  readonly password?: string;
  readonly decision?: 'allow' | 'deny';
}

const unescapeHtml = (s: string): string => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

/** The value of a hidden input in an HTML page. */
export function hiddenField(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  if (!m?.[1] && m?.[1] !== '') throw new Error(`no hidden field ${name} in page:\n${html.slice(0, 500)}`);
  return unescapeHtml(m[1]);
}

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual',
});

/**
 * Opens `authorizeUrl`, logs in, presses Allow or Deny, and returns the final redirect Location
 * (not followed) plus the session cookie.
 */
export async function signInWithBrowser(
  authorizeUrl: string,
  options: BrowserOptions = {},
): Promise<{ location: string; cookie: string }> {
  const origin = new URL(authorizeUrl).origin;
  const login = await fetch(authorizeUrl, { redirect: 'manual' });
  const loginHtml = await login.text();
  if (login.status !== 200) throw new Error(`authorize page: HTTP ${login.status}: ${loginHtml.slice(0, 300)}`);
  const posted = await fetch(`${origin}/login.do`, {
    ...form({
      sysparm_nonce: hiddenField(loginHtml, 'sysparm_nonce'),
      return_to: hiddenField(loginHtml, 'return_to'),
      user_name: options.user ?? 'admin',
      user_password: options.password ?? 'admin',
    }),
  });
  if (posted.status !== 302) throw new Error(`login: HTTP ${posted.status}: ${(await posted.text()).slice(0, 300)}`);
  const cookie = (posted.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = await fetch(new URL(posted.headers.get('location') ?? '', origin), {
    headers: { cookie },
    redirect: 'manual',
  });
  const consentHtml = await consent.text();
  if (consent.status !== 200) throw new Error(`consent page: HTTP ${consent.status}: ${consentHtml.slice(0, 300)}`);
  const decided = await fetch(`${origin}/oauth_auth.do`, {
    ...form({ sysparm_nonce: hiddenField(consentHtml, 'sysparm_nonce'), action: options.decision ?? 'allow' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  if (decided.status !== 302)
    throw new Error(`consent: HTTP ${decided.status}: ${(await decided.text()).slice(0, 300)}`);
  return { location: decided.headers.get('location') ?? '', cookie };
}
