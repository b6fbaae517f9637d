import type { Command } from 'commander';
import { normalizeBaseUrl } from '../../lib/connection.js';
import {
  defaultOAuthUrls,
  profileTokenBinding,
  type ConnectionAuthType,
  type ConnectionProfile,
} from '../../lib/config/connections.js';
import { generate } from '../../lib/auth/oauth-generate.js';
import { oauthReset, oauthStatus } from '../../lib/auth/oauth-status.js';
import { usageError } from '../cli-error.js';
import { globalsOf, type CliContext } from '../context.js';
import { requireProfile } from '../connection-config.js';
import { positiveInt } from '../options.js';
import type { TokenOrigin } from '../../lib/auth/token-store.js';
import { readPastedLine, registerOAuthImport } from './oauth-import.js';

/** The auth types whose tokens sit in the vault (oauth status/reset); generate and import need `oauth2`. */
const STORED_TOKEN_TYPES: readonly ConnectionAuthType[] = ['oauth2', 'password', 'client_credentials'];

export async function oauthProfile(
  ctx: CliContext,
  nameArg: string | undefined,
  cmd: Command,
  accepted: readonly ConnectionAuthType[] = ['oauth2'],
): Promise<ConnectionProfile> {
  const name = nameArg ?? globalsOf(cmd, ctx.io).connection;
  if (!name) throw usageError('which connection?', 'pass its name, e.g. `nowrest oauth status dev`');
  const profile = await requireProfile(ctx, name);
  ctx.errorContext.connection = name;
  if (!accepted.includes(profile.auth)) {
    if (profile.auth === 'password' || profile.auth === 'client_credentials') {
      throw usageError(
        `connection '${name}' uses the ${profile.auth === 'password' ? 'password' : 'client credentials'} grant, which gets its tokens by itself`,
        `nothing to sign in: run any command, e.g. \`nowrest connection test ${name}\``,
      );
    }
    throw usageError(
      `connection '${name}' uses ${profile.auth} authentication, not OAuth 2.0`,
      `switch it with \`nowrest connection edit ${name} --auth oauth2 --client-id ID\``,
    );
  }
  return profile;
}

const iso = (ms: number | undefined) => (ms === undefined ? 'unknown' : new Date(ms).toISOString());

/** What `oauth status` says about NOWREST_TOKEN: nowrest cannot see its expiry, and cannot renew it. */
const ENV_TOKEN_STATUS = {
  origin: 'environment',
  refreshable: false,
  note: 'a bearer token from the environment: its expiry is not known to nowrest and it cannot be refreshed',
} as const;

function originWords(origin: TokenOrigin | undefined, auth: ConnectionAuthType): string {
  switch (origin) {
    case 'generated':
      return 'generated (browser sign-in, oauth generate)';
    case 'imported':
      return 'imported (oauth import)';
    case 'grant':
      return auth === 'client_credentials' ? 'client credentials grant' : 'password grant';
    case undefined:
      return 'not recorded (stored by an older nowrest)';
  }
}

function renewalWords(profile: ConnectionProfile, refreshable: boolean): string {
  if (profile.auth === 'client_credentials') return 'a new token is requested when this one expires (no refresh token)';
  if (profile.auth === 'password') return 'refreshed, or requested again with the stored password';
  return refreshable
    ? 'refreshed automatically with the refresh token'
    : `none: when it expires, run \`nowrest oauth import ${profile.name}\` or \`nowrest oauth generate ${profile.name}\``;
}

export function registerOAuthCommands(program: Command, ctx: CliContext): void {
  const oauth = program
    .command('oauth')
    .description('sign in with OAuth 2.0 and manage the stored tokens')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest oauth generate prod            # opens the browser; tokens go to the encrypted vault
  $ nowrest oauth generate prod --no-browser --timeout 120
  $ nowrest oauth import prod --refresh-token-stdin < refresh.txt
  $ nowrest oauth status prod
  $ nowrest oauth reset prod --revoke`,
    );

  oauth
    .command('generate [connection]')
    .description('sign in through the browser (authorization code + PKCE) and store the tokens')
    .option(
      '--no-browser',
      'print the sign-in URL instead of opening a browser, then take the redirected URL pasted back (for SSH)',
    )
    .option('--timeout <seconds>', 'how long to wait for the sign-in (default 300)', positiveInt(3600))
    .action(async (nameArg: string | undefined, flags: { browser: boolean; timeout?: number }, cmd: Command) => {
      const profile = await oauthProfile(ctx, nameArg, cmd);
      const g = globalsOf(cmd, ctx.io);
      const vault = await ctx.openVault();
      const secrets = await vault.get(profile.name);
      ctx.addSecret(secrets.clientSecret);
      const defaults = defaultOAuthUrls(profile.baseUrl);
      const { default: open } = await import('open');
      const result = await generate({
        connection: profile.name,
        clientId: profile.clientId ?? '',
        ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
        authUrl: profile.authUrl ?? defaults.authUrl,
        tokenUrl: profile.tokenUrl ?? defaults.tokenUrl,
        instanceUrl: profile.baseUrl,
        tokenStore: vault.tokenStore(),
        openBrowser: flags.browser ? (url) => open(url) : false,
        onUrl: (url) =>
          ctx.io.stderr.write(
            flags.browser
              ? `Open this URL to sign in (waiting for the redirect):\n  ${url}\n`
              : `Open this URL in a browser on any machine and sign in:\n  ${url}\n` +
                  'If the browser runs on this machine, the sign-in completes by itself. Otherwise the page it is sent to\n' +
                  "will not load: copy that page's whole address (http://127.0.0.1:…/callback?code=…) and paste it here.\n",
          ),
        ...(flags.browser ? {} : { pastedRedirect: (signal: AbortSignal) => readPastedLine(ctx, signal) }),
        ...(flags.timeout ? { timeoutMs: flags.timeout * 1000 } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
      if (g.json) ctx.out(`${JSON.stringify({ connection: profile.name, ...result })}\n`);
      else
        ctx.io.stderr.write(
          `signed in: connection ${profile.name} has an access token valid until ${iso(result.expiresAt)}${
            result.refreshExpiresAt ? ` and a refresh token until ${iso(result.refreshExpiresAt)}` : ''
          }\n`,
        );
    });

  oauth
    .command('status [connection]')
    .description('show whether tokens are stored and when they expire (never the tokens)')
    .action(async (nameArg: string | undefined, _flags: unknown, cmd: Command) => {
      const profile = await oauthProfile(ctx, nameArg, cmd, STORED_TOKEN_TYPES);
      const vault = await ctx.openVault();
      const status = await oauthStatus(vault.tokenStore(), profile.name, Date.now, profileTokenBinding(profile));
      const envToken = ctx.io.env['NOWREST_TOKEN'] ? ENV_TOKEN_STATUS : undefined;
      const renews = profile.auth === 'oauth2' ? status.refreshable : true;
      if (globalsOf(cmd, ctx.io).json) {
        ctx.out(
          `${JSON.stringify({ connection: profile.name, auth: profile.auth, ...status, renewsItself: renews, ...(envToken ? { environment: envToken } : {}) })}\n`,
        );
        return;
      }
      const envLines = envToken
        ? [`environment: NOWREST_TOKEN is set and is sent instead of the stored tokens (${envToken.note})`]
        : [];
      if (!status.hasToken) {
        const next =
          profile.auth === 'oauth2'
            ? `run \`nowrest oauth generate ${profile.name}\` (or \`nowrest oauth import ${profile.name} --refresh-token-stdin\`)`
            : 'one is requested on first use';
        ctx.out(`${[`${profile.name}: no token stored — ${next}`, ...envLines].join('\n')}\n`);
        return;
      }
      const lines = [
        `connection: ${profile.name}`,
        `origin: ${originWords(status.origin, profile.auth)}`,
        `access token: ${status.accessTokenExpired ? 'expired' : 'valid'} (expires ${iso(status.expiresAt)}${status.expiryEstimated ? ', estimated: the lifetime was not given at import' : ''})`,
        `refresh token: ${
          status.hasRefreshToken
            ? `${status.refreshTokenExpired ? 'expired' : 'present'} (expires ${iso(status.refreshExpiresAt)})`
            : 'none'
        }`,
        `renewal: ${renewalWords(profile, status.refreshable)}`,
        ...envLines,
        ...(status.scope ? [`scope: ${status.scope}`] : []),
        ...(status.issuedForOtherSettings
          ? [
              `issued for: other settings (the instance, token URL or client ID changed), so they are not sent — run \`nowrest oauth generate ${profile.name}\``,
            ]
          : []),
      ];
      ctx.out(`${lines.join('\n')}\n`);
    });

  registerOAuthImport(oauth, ctx);

  oauth
    .command('reset [connection]')
    .description('forget the stored tokens (optionally revoking them on the instance first)')
    .option('--revoke', 'revoke the tokens at <instance>/oauth_revoke_token.do first')
    .action(async (nameArg: string | undefined, flags: { revoke?: boolean }, cmd: Command) => {
      const profile = await oauthProfile(ctx, nameArg, cmd, STORED_TOKEN_TYPES);
      const vault = await ctx.openVault();
      const stored = await vault.get(profile.name);
      ctx.addSecret(stored.tokens?.accessToken);
      ctx.addSecret(stored.tokens?.refreshToken);
      const revokeUrl = `${normalizeBaseUrl(profile.baseUrl).instanceUrl}/oauth_revoke_token.do`;
      const result = await oauthReset({
        tokenStore: vault.tokenStore(),
        connection: profile.name,
        ...(flags.revoke ? { revoke: true, revokeUrl } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      });
      if (globalsOf(cmd, ctx.io).json) ctx.out(`${JSON.stringify({ connection: profile.name, ...result })}\n`);
      else
        ctx.io.stderr.write(
          result.cleared
            ? `cleared the tokens of ${profile.name}${flags.revoke ? ` (${result.revoked} revoked on the instance)` : ''}\n`
            : `${profile.name} had no stored tokens\n`,
        );
    });
}
