/**
 * The OAuth 2.0 surface of the emulator (reference §4.2): /oauth_auth.do (login, consent, codes),
 * /login.do, /oauth_token.do, /oauth_revoke_token.do, plus control routes under /__emulator/oauth/ to
 * register short-lived apps and force token expiry in tests.
 */
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { EmulatorContext } from '../context.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { verifyUserPassword } from '../auth/verify-user-password.js';
import { seedDemoApps, upsertApp, type AppInput } from '../oauth/apps.js';
import { validateAuthorize, withParams } from '../oauth/authorize.js';
import { expireTokens, revokeToken } from '../oauth/credentials.js';
import { FlowState } from '../oauth/flow-state.js';
import { consentPage, errorPage, loginPage } from '../oauth/pages.js';
import { handleTokenRequest, TOKEN_FAILURE } from '../oauth/token-grants.js';

const SESSION_COOKIE = 'nowrest_oauth_session';
const FORM = 'application/x-www-form-urlencoded';

const html = (status: number, body: string): Response =>
  new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/html;charset=UTF-8',
      'Cache-Control': 'no-store',
      // The pages are static forms: no script, no framing (clickjacking the Allow button).
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
    },
  });
const json = (status: number, value: unknown): Response =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  });
const redirect = (location: string): Response => new Response(null, { status: 302, headers: { Location: location } });

async function readForm(c: Context<EmulatorEnv>): Promise<URLSearchParams | undefined> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith(FORM)) return undefined;
  return new URLSearchParams(await c.req.text());
}

/** The application an authorize URL (the login form's return_to) is for, to name it on the login page. */
function appNameOf(ctx: EmulatorContext, returnTo: string): { appName?: string } {
  const outcome = validateAuthorize(ctx, new URL(returnTo, 'http://emulator').searchParams);
  return outcome.kind === 'ok' ? { appName: outcome.request.appName } : {};
}

/** Registers the OAuth routes and the demo applications' seed hook. */
export function registerOAuthRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  const flow = new FlowState(() => ctx.clock().getTime());
  ctx.seedHooks.push((c) => {
    flow.clear();
    seedDemoApps(c);
  });

  const consentOrLogin = (c: Context<EmulatorEnv>, query: URLSearchParams): Response => {
    const outcome = validateAuthorize(ctx, query);
    if (outcome.kind === 'error-page') return html(outcome.status, errorPage(outcome.message));
    if (outcome.kind === 'redirect') return redirect(outcome.location);
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = flow.session(sessionId);
    if (!session || sessionId === undefined) {
      return html(
        200,
        loginPage({
          nonce: flow.loginNonce(),
          returnTo: `/oauth_auth.do?${query.toString()}`,
          appName: outcome.request.appName,
        }),
      );
    }
    const nonce = flow.addPending(sessionId, outcome.request);
    return html(
      200,
      consentPage({
        nonce,
        appName: outcome.request.appName,
        userName: session.userName,
        scope: outcome.request.scope,
        redirectUri: outcome.request.redirectUri,
      }),
    );
  };

  app.get('/oauth_auth.do', (c) => consentOrLogin(c, new URL(c.req.url).searchParams));

  app.post('/login.do', async (c) => {
    const form = (await readForm(c)) ?? new URLSearchParams();
    const returnTo = form.get('return_to') ?? '';
    // Only back into the authorize flow: return_to must not become an open redirect.
    const target = returnTo.startsWith('/oauth_auth.do?') ? returnTo : undefined;
    if (!flow.takeLoginNonce(form.get('sysparm_nonce') ?? undefined) || target === undefined) {
      return html(403, errorPage('This login page has expired. Start the sign-in again from the application.'));
    }
    const user = verifyUserPassword(ctx.db, form.get('user_name') ?? '', form.get('user_password') ?? '', ctx.clock());
    if (!user) {
      return html(
        200,
        loginPage({
          nonce: flow.loginNonce(),
          returnTo: target,
          error: 'User name or password invalid',
          ...appNameOf(ctx, target),
        }),
      );
    }
    const sessionId = flow.createSession(user.sys_id ?? '', user.user_name ?? '');
    setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Lax', path: '/' });
    c.header('Location', target);
    return c.body(null, 302);
  });

  // The consent forms post here: Allow issues a code, Deny sends access_denied (reference §4.2 proposal).
  app.post('/oauth_auth.do', async (c) => {
    const form = (await readForm(c)) ?? new URLSearchParams();
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = flow.session(sessionId);
    const pending = flow.takePending(form.get('sysparm_nonce') ?? undefined, sessionId);
    if (!session || !pending) {
      return html(403, errorPage('This authorization page has expired or was already used. Start the sign-in again.'));
    }
    if (form.get('action') !== 'allow') {
      return redirect(withParams(pending.redirectUri, { error: 'access_denied', state: pending.state }));
    }
    const code = flow.issueCode({
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      userSysId: session.userSysId,
      scope: pending.scope,
      ...(pending.codeChallenge === undefined ? {} : { codeChallenge: pending.codeChallenge }),
    });
    return redirect(withParams(pending.redirectUri, { code, state: pending.state }));
  });

  app.post('/oauth_token.do', async (c) => {
    // JSON bodies "result in an unspecified error" (OA-params): the emulator answers the usual failure.
    const form = await readForm(c);
    if (!form) return json(401, TOKEN_FAILURE);
    const answer = handleTokenRequest(ctx, flow, form, c.req.header('authorization'));
    return json(answer.status, answer.body);
  });

  const revoke = async (c: Context<EmulatorEnv>): Promise<Response> => {
    const token = new URL(c.req.url).searchParams.get('token') ?? (await readForm(c))?.get('token') ?? '';
    if (token !== '') revokeToken(ctx, token);
    // Unknown tokens get the same answer: revocation must not reveal which tokens exist.
    return new Response(null, { status: 200 });
  };
  app.get('/oauth_revoke_token.do', revoke);
  app.post('/oauth_revoke_token.do', revoke);

  app.post('/__emulator/oauth/apps', async (c) => {
    const body = await c.req.json<Partial<AppInput>>().catch(() => undefined);
    if (typeof body?.client_id !== 'string' || body.client_id === '') {
      return json(400, {
        error: 'body must be {"client_id": string, "client_secret"?, "access_token_lifespan"?: seconds, …}',
      });
    }
    const created = upsertApp(ctx, body as AppInput);
    const { clientSecret: _secret, ...visible } = created;
    return json(200, visible);
  });

  app.post('/__emulator/oauth/expire', async (c) => {
    const body = await c.req.json<{ kind?: unknown; client_id?: unknown }>().catch(() => undefined);
    const kind = body?.kind ?? 'all';
    if (kind !== 'access' && kind !== 'refresh' && kind !== 'all') {
      return json(400, { error: 'body must be {"kind": "access"|"refresh"|"all", "client_id"?: string}' });
    }
    const clientId = typeof body?.client_id === 'string' ? body.client_id : undefined;
    return json(200, { expired: expireTokens(ctx, kind, clientId) });
  });
}
