import type { Command } from 'commander';
import { normalizeBaseUrl } from '../../lib/connection.js';
import { defaultOAuthUrls, profileTokenBinding, type ConnectionProfile } from '../../lib/config/connections.js';
import { generate } from '../../lib/auth/oauth-generate.js';
import { oauthReset, oauthStatus } from '../../lib/auth/oauth-status.js';
import { usageError } from '../cli-error.js';
import { globalsOf, type CliContext } from '../context.js';
import { requireProfile } from '../connection-config.js';
import { positiveInt } from '../options.js';

async function oauthProfile(ctx: CliContext, nameArg: string | undefined, cmd: Command): Promise<ConnectionProfile> {
  const name = nameArg ?? globalsOf(cmd, ctx.io).connection;
  if (!name) throw usageError('which connection?', 'pass its name, e.g. `nowrest oauth status dev`');
  const profile = await requireProfile(ctx, name);
  ctx.errorContext.connection = name;
  if (profile.auth !== 'oauth2') {
    throw usageError(
      `connection '${name}' uses ${profile.auth} authentication, not OAuth 2.0`,
      `switch it with \`nowrest connection edit ${name} --auth oauth2 --client-id ID\``,
    );
  }
  return profile;
}

const iso = (ms: number | undefined) => (ms === undefined ? 'unknown' : new Date(ms).toISOString());

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
  $ nowrest oauth status prod
  $ nowrest oauth reset prod --revoke`,
    );

  oauth
    .command('generate [connection]')
    .description('sign in through the browser (authorization code + PKCE) and store the tokens')
    .option('--no-browser', 'only print the sign-in URL')
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
        onUrl: (url) => ctx.io.stderr.write(`Open this URL to sign in (waiting for the redirect):\n  ${url}\n`),
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
      const profile = await oauthProfile(ctx, nameArg, cmd);
      const vault = await ctx.openVault();
      const status = await oauthStatus(vault.tokenStore(), profile.name, Date.now, profileTokenBinding(profile));
      if (globalsOf(cmd, ctx.io).json) {
        ctx.out(`${JSON.stringify({ connection: profile.name, ...status })}\n`);
        return;
      }
      if (!status.hasToken) {
        ctx.out(`${profile.name}: no token — run \`nowrest oauth generate ${profile.name}\`\n`);
        return;
      }
      const lines = [
        `connection: ${profile.name}`,
        `access token: ${status.accessTokenExpired ? 'expired' : 'valid'} (expires ${iso(status.expiresAt)})`,
        `refresh token: ${
          status.hasRefreshToken
            ? `${status.refreshTokenExpired ? 'expired' : 'present'} (expires ${iso(status.refreshExpiresAt)})`
            : 'none'
        }`,
        ...(status.scope ? [`scope: ${status.scope}`] : []),
        ...(status.issuedForOtherSettings
          ? [
              `issued for: other settings (the instance, token URL or client ID changed), so they are not sent — run \`nowrest oauth generate ${profile.name}\``,
            ]
          : []),
      ];
      ctx.out(`${lines.join('\n')}\n`);
    });

  oauth
    .command('reset [connection]')
    .description('forget the stored tokens (optionally revoking them on the instance first)')
    .option('--revoke', 'revoke the tokens at <instance>/oauth_revoke_token.do first')
    .action(async (nameArg: string | undefined, flags: { revoke?: boolean }, cmd: Command) => {
      const profile = await oauthProfile(ctx, nameArg, cmd);
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
