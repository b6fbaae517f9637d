import type { Context, Hono } from 'hono';
import {
  buildAuthorizeUrl,
  createPkcePair,
  exchangeCode,
  randomState,
  TokenEndpointError,
} from '../../lib/auth/oauth-flow.js';
import type { ConsoleContext } from '../context.js';
import { oauthDefaults } from '../connection-form.js';
import { OAUTH_CALLBACK_PATH, type OAuthFlow } from '../oauth-flows.js';
import { getConnection, profileTokenBinding, profileTokenUrl } from '../../lib/config/connections.js';
import { callbackPage } from '../pages/callback-page.js';
import { describeTokens } from '../token-state.js';
import { loadProfile } from './load-profile.js';
import { FRAGMENT_HEADER } from './test-connection.js';

/** What Reset did, by notice key (also shown by the editor after a Reset without the page script). */
export const RESET_MESSAGES: Readonly<Record<string, string>> = {
  reset: 'Access and refresh tokens cleared.',
  'reset-basic': 'Nothing to reset: a Basic connection has no access or refresh tokens.',
  'reset-jwt': 'Nothing to reset: JWT bearer tokens are kept in memory only and each new assertion gets a new one.',
};

function fail(flow: OAuthFlow, message: string): void {
  flow.status = 'error';
  flow.message = message;
}

async function finish(ctx: ConsoleContext, c: Context): Promise<{ ok: boolean; message: string; status: 200 | 400 }> {
  const state = c.req.query('state');
  const flow = state === undefined ? undefined : ctx.flows.byState(state);
  if (flow === undefined) {
    return {
      ok: false,
      status: 400,
      message:
        'State mismatch: this answer does not belong to a Generate started from this console (or it is older than 10 minutes). Nothing was stored. Press Generate again.',
    };
  }
  if (flow.status !== 'pending') {
    return {
      ok: false,
      status: 400,
      message: 'This sign-in answer was already used. Press Generate to sign in again.',
    };
  }
  const error = c.req.query('error');
  if (error !== undefined) {
    const message =
      error === 'access_denied'
        ? "Access was denied on the instance's consent page (error=access_denied). Press Generate and choose Allow to connect."
        : `The instance refused the sign-in (error=${error}${c.req.query('error_description') ? `: ${c.req.query('error_description')}` : ''}). Check the Client ID and the redirect URL in the instance's Application Registry.`;
    fail(flow, message);
    return { ok: false, status: 400, message };
  }
  const code = c.req.query('code');
  if (code === undefined || code === '') {
    const message = 'The instance sent no authorization code. Press Generate to try again.';
    fail(flow, message);
    return { ok: false, status: 400, message };
  }
  try {
    const profile = await getConnection(ctx.configDir, flow.connection);
    if (profile === undefined || profile.clientId === undefined) throw new Error('connection vanished');
    const vault = await ctx.vault();
    const secrets = await vault.get(flow.connection);
    const exchanged = await exchangeCode({
      tokenUrl: profileTokenUrl(profile),
      clientId: profile.clientId,
      ...(secrets.clientSecret === undefined ? {} : { clientSecret: secrets.clientSecret }),
      code,
      redirectUri: flow.redirectUri,
      codeVerifier: flow.codeVerifier,
    });
    // Bound to these settings: if the connection is changed later, the tokens are not sent elsewhere.
    const issuedFor = profileTokenBinding(profile);
    const tokens = issuedFor === undefined ? exchanged : { ...exchanged, issuedFor };
    await vault.tokenStore().save(flow.connection, tokens);
    const message = `Access token received and stored encrypted in the vault (${describeTokens(tokens).text.replace(/^encrypted \(set\), /, '')}).`;
    flow.status = 'ok';
    flow.message = message;
    ctx.logger.info(`console: OAuth tokens stored for ${flow.connection}`);
    return { ok: true, status: 200, message };
  } catch (err) {
    const message =
      err instanceof TokenEndpointError && err.status === 401
        ? `The instance refused to exchange the code (HTTP 401 ${err.oauthError ?? ''} ${err.description ?? ''}). The Client Secret is probably wrong: set it again on the OAuth 2.0 tab, Save, then Generate.`
        : `Exchanging the code failed: ${ctx.describeError(err)}`;
    fail(flow, message);
    return { ok: false, status: 400, message };
  }
}

/** Generate (start, callback, status) and Reset. */
export function registerOAuthRoutes(app: Hono, ctx: ConsoleContext): void {
  app.post('/connections/:name/oauth/start', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return c.json({ message: 'There is no such connection.' }, 404);
    if (profile.auth !== 'oauth2' || profile.clientId === undefined) {
      return c.json(
        { message: 'Set Authentication Type to OAuth 2.0, fill in the OAuth 2.0 tab and Save before you Generate.' },
        400,
      );
    }
    const pkce = createPkcePair();
    const redirectUri = `${ctx.origin()}${OAUTH_CALLBACK_PATH}`;
    const flow = ctx.flows.begin({
      connection: profile.name,
      state: randomState(),
      codeVerifier: pkce.verifier,
      redirectUri,
    });
    const authorizeUrl = buildAuthorizeUrl({
      authUrl: profile.authUrl ?? oauthDefaults(profile.baseUrl).authUrl,
      clientId: profile.clientId,
      redirectUri,
      state: flow.state,
      codeChallenge: pkce.challenge,
    });
    return c.json({ flow: flow.id, authorizeUrl });
  });

  app.get(OAUTH_CALLBACK_PATH, async (c) => {
    const result = await finish(ctx, c);
    return c.html(callbackPage(result.ok, result.message).toString(), result.status);
  });

  app.get('/connections/:name/oauth/status', async (c) => {
    const flow = ctx.flows.byId(c.req.query('flow') ?? '');
    if (flow === undefined || flow.connection !== c.req.param('name')) {
      return c.json({ state: 'error', message: 'This Generate attempt expired. Press Generate again.' });
    }
    const tokens = flow.status === 'ok' ? await (await ctx.vault()).tokenStore().load(flow.connection) : undefined;
    return c.json({ state: flow.status, message: flow.message, tokenState: describeTokens(tokens).text });
  });

  app.post('/connections/:name/oauth/reset', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    // Only an Authorization Code connection stores tokens; for the others there is nothing to clear, so say so.
    const cleared = profile.auth === 'oauth2';
    if (cleared) {
      await (await ctx.vault()).tokenStore().clear(profile.name);
      ctx.logger.info(`console: OAuth tokens cleared for ${profile.name}`);
    }
    const notice = cleared ? 'reset' : `reset-${profile.auth}`;
    // The editor's script resets in place so unsaved edits in the form survive.
    if (c.req.header(FRAGMENT_HEADER) === '1') {
      return c.json(
        { message: RESET_MESSAGES[notice], tokenState: describeTokens(undefined).text },
        cleared ? 200 : 400,
      );
    }
    return c.redirect(`/connections/${encodeURIComponent(profile.name)}/edit?tab=oauth&notice=${notice}`, 303);
  });
}
