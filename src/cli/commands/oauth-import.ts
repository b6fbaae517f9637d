/**
 * `nowrest oauth import NAME --refresh-token-stdin | --access-token-stdin`: tokens obtained elsewhere (an admin in
 * a browser, another tool) stored for a connection and bound to its settings like generated ones; and the
 * paste-back reader of `oauth generate --no-browser`.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { profileTokenUrl } from '../../lib/config/connections.js';
import { importTokens } from '../../lib/auth/oauth-import.js';
import { CliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { ReauthenticationRequiredError } from '../../lib/errors/oauth-error.js';
import { globalsOf, type CliContext } from '../context.js';
import { positiveInt } from '../options.js';
import { readAllText } from '../prompt.js';
import { oauthProfile } from './oauth.js';

interface ImportFlags {
  refreshTokenStdin?: boolean;
  accessTokenStdin?: boolean;
  expiresIn?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function registerOAuthImport(oauth: Command, ctx: CliContext): void {
  oauth
    .command('import [connection]')
    .description('store a token obtained elsewhere (read from stdin, never from arguments)')
    .option('--refresh-token-stdin', 'read a refresh token from stdin; it is tried at once and then refreshes as usual')
    .option(
      '--access-token-stdin',
      'read an access token from stdin; it is used until it expires, then never refreshed',
    )
    .option(
      '--expires-in <seconds>',
      "the access token's remaining lifetime (default: ServiceNow's 1800 s, marked as an estimate)",
      positiveInt(10 * 365 * 24 * 3600),
    )
    .addHelpText(
      'after',
      `
The token is bound to the connection's instance, token URL and client ID, like a generated one: if those
change, it is no longer sent. The client secret stored for the connection is used to refresh.

Examples:
  $ nowrest oauth import prod --refresh-token-stdin < refresh.txt
  $ printf %s "$TOKEN" | nowrest oauth import prod --access-token-stdin --expires-in 1500`,
    )
    .action(async (nameArg: string | undefined, flags: ImportFlags, cmd: Command) => {
      if (flags.refreshTokenStdin === flags.accessTokenStdin) {
        throw usageError(
          flags.refreshTokenStdin
            ? 'pass one of --refresh-token-stdin and --access-token-stdin, not both'
            : 'which token?',
          'pipe the token with --refresh-token-stdin or --access-token-stdin',
        );
      }
      if (flags.expiresIn !== undefined && !flags.accessTokenStdin) {
        throw usageError('--expires-in applies to --access-token-stdin', 'a refresh token tells its own lifetime');
      }
      const profile = await oauthProfile(ctx, nameArg, cmd);
      const vault = await ctx.openVault();
      const secrets = await vault.get(profile.name);
      ctx.addSecret(secrets.clientSecret);
      const token = (await readAllText(ctx.io.stdin)).trim();
      ctx.addSecret(token);
      const result = await importTokens({
        connection: profile.name,
        tokenStore: vault.tokenStore(),
        tokenUrl: profileTokenUrl(profile),
        clientId: profile.clientId ?? '',
        ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
        instanceUrl: profile.baseUrl,
        ...(flags.refreshTokenStdin ? { refreshToken: token } : { accessToken: token }),
        ...(flags.expiresIn === undefined ? {} : { expiresInSeconds: flags.expiresIn }),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      }).catch((error: unknown) => {
        if (!(error instanceof ReauthenticationRequiredError)) throw error;
        throw new CliError('CLI_TOKEN_REFUSED', 'ServiceNow refused the imported refresh token; nothing was stored', {
          exitCode: ExitCode.auth,
          remedy: `check that it is a live refresh token issued to client ID ${profile.clientId ?? '?'} on ${profile.baseUrl} (and that the stored client secret is right), or sign in with \`nowrest oauth generate ${profile.name}\``,
        });
      });
      if (globalsOf(cmd, ctx.io).json) {
        ctx.out(`${JSON.stringify({ connection: profile.name, origin: 'imported', ...result })}\n`);
        return;
      }
      ctx.io.stderr.write(
        result.refreshable
          ? `imported: the refresh token of ${profile.name} works; access token valid until ${iso(result.expiresAt)}, refreshed automatically after that\n`
          : `imported: ${profile.name} has an access token valid until ${result.expiryEstimated ? 'about ' : ''}${iso(result.expiresAt)}${
              result.expiryEstimated ? ' (estimated; pass --expires-in to be exact)' : ''
            }; it cannot be refreshed\n`,
      );
    });
}

/**
 * One line from stdin: the redirected URL a user pastes during `oauth generate --no-browser`. Rejects when stdin
 * ends first or `signal` fires (the loopback redirect arrived), so the reader never keeps the process alive.
 */
export function readPastedLine(ctx: CliContext, signal: AbortSignal): Promise<string> {
  const rl = createInterface({ input: ctx.io.stdin, terminal: false });
  // Nothing else reads stdin in this command: once a line came (or the loopback won), let it go, so an open
  // terminal or pipe does not keep the process alive.
  rl.once('close', () => ctx.io.stdin.destroy());
  return new Promise<string>((resolve, reject) => {
    const stop = (): void => {
      rl.close();
      reject(new Error('no pasted URL'));
    };
    signal.addEventListener('abort', stop, { once: true });
    rl.on('line', (line) => {
      if (line.trim() === '') return;
      signal.removeEventListener('abort', stop);
      // Settle first: close() emits 'close' at once, which would otherwise reject.
      resolve(line.trim());
      rl.close();
    });
    rl.once('close', () => reject(new Error('stdin closed')));
  });
}
