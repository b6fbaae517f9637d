import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createClient, type ServiceNowClient } from '../lib/client.js';
import type { ClientOptions } from '../lib/client-options.js';
import { normalizeBaseUrl } from '../lib/connection.js';
import { createOAuthAuth } from '../lib/auth/oauth-auth.js';
import type { Logger } from '../lib/logger.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { CliError, usageError } from './cli-error.js';
import { globalsOf, type CliContext, type GlobalOptions } from './context.js';
import { addPrivateKeySecret, resolveConnection, type ResolvedConnection } from './connection-config.js';
import { ExitCode } from './exit-codes.js';
import { scrub } from './report-error.js';

/** A logger that prints to stderr (for --verbose), scrubbing every secret the run knows. */
export function stderrLogger(ctx: CliContext, level: 'debug' | 'warn'): Logger {
  const write = (tag: string, message: string, data?: Record<string, unknown>) => {
    const extra = data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : '';
    ctx.io.stderr.write(`${scrub(`[${tag}] ${message}${extra}`, ctx.secrets)}\n`);
  };
  const quiet = level !== 'debug';
  return {
    debug: (m, d) => (quiet ? undefined : write('debug', m, d)),
    info: (m, d) => (quiet ? undefined : write('info', m, d)),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

/** True when NO_PROXY (comma list of hosts, `.suffix`, `*`) exempts `host`; loopback is always exempt. */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  if (/^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(host)) return true;
  for (const raw of (noProxy ?? '').split(',')) {
    const entry = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (entry === '') continue;
    if (entry === '*') return true;
    const bare = entry.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return true;
  }
  return false;
}

type MutableClientOptions = { -readonly [K in keyof ClientOptions]: ClientOptions[K] };

/** Reads a PEM file named by a flag or profile field; unreadable is a usage error naming both. */
async function readPem(ctx: CliContext, source: string, file: string, remedy: string): Promise<string> {
  try {
    return await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (err) {
    throw new CliError('CLI_FILE', `cannot read ${source} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      exitCode: ExitCode.usage,
      remedy,
    });
  }
}

/**
 * The client certificate and key for mutual TLS: --cert/--cert-key for this run, else the profile's pair.
 * The key is read into memory for the TLS handshake only; it is never written anywhere.
 */
async function clientCertificate(
  ctx: CliContext,
  g: GlobalOptions,
  profile: TlsProfileFields | undefined,
): Promise<{ cert: string; key: string } | undefined> {
  if (g.cert !== undefined || g.certKey !== undefined) {
    if (g.cert === undefined || g.certKey === undefined) {
      throw usageError(
        g.cert === undefined ? '--cert-key needs --cert' : '--cert needs --cert-key',
        'pass the client certificate and its private key together: --cert cert.pem --cert-key key.pem',
      );
    }
    return {
      cert: await readPem(ctx, '--cert', g.cert, 'pass a PEM file with your client certificate'),
      key: await readPem(ctx, '--cert-key', g.certKey, 'pass a PEM file with the private key of --cert'),
    };
  }
  if (!profile?.clientCertFile || !profile.clientKeyFile) return undefined;
  const fix = `restore the file, or change it with \`nowrest connection edit ${profile.name} --client-cert FILE --client-key FILE\``;
  return {
    cert: await readPem(ctx, `the client certificate of connection ${profile.name}`, profile.clientCertFile, fix),
    key: await readPem(ctx, `the client key of connection ${profile.name}`, profile.clientKeyFile, fix),
  };
}

/** The TLS-file fields of a connection profile that {@link clientOptions} reads. */
export type TlsProfileFields = Pick<ConnectionProfile, 'name' | 'clientCertFile' | 'clientKeyFile' | 'caFile'>;

/**
 * Client options from the global flags, the profile's TLS files and the environment: proxy, CA, client
 * certificate, TLS checking, logging.
 */
export async function clientOptions(
  ctx: CliContext,
  g: GlobalOptions,
  baseUrl: string,
  profile?: TlsProfileFields,
): Promise<MutableClientOptions> {
  const env = ctx.io.env;
  const options: MutableClientOptions = {
    logger: stderrLogger(ctx, g.verbose ? 'debug' : 'warn'),
  };
  const proxy = env['HTTPS_PROXY'] || env['https_proxy'] || undefined;
  let host = '';
  try {
    host = new URL(normalizeBaseUrl(baseUrl).instanceUrl).hostname;
  } catch {
    // An invalid URL is reported by createClient with its fix.
  }
  if (proxy && !bypassesProxy(host, env['NO_PROXY'] ?? env['no_proxy'])) options.proxy = proxy;
  const cas: string[] = [];
  if (g.ca) cas.push(await readPem(ctx, '--ca', g.ca, 'pass a PEM file with the CA certificate(s)'));
  if (profile?.caFile) {
    const fix = `restore the file, or change it with \`nowrest connection edit ${profile.name} --ca-file FILE\``;
    cas.push(await readPem(ctx, `the CA file of connection ${profile.name}`, profile.caFile, fix));
  }
  if (cas.length > 0) options.ca = cas.length === 1 ? (cas[0] as string) : cas;
  const certificate = await clientCertificate(ctx, g, profile);
  if (certificate) {
    options.cert = certificate.cert;
    options.key = certificate.key;
    addPrivateKeySecret(ctx, certificate.key);
  }
  if (g.timeoutMs !== undefined) {
    // --timeout bounds the whole attempt; the connect, headers and body timers must not outlast it (nor cut it short).
    options.timeoutMs = g.timeoutMs;
    options.headersTimeoutMs = g.timeoutMs;
    options.bodyTimeoutMs = g.timeoutMs;
    options.connectTimeoutMs = Math.min(g.timeoutMs, 10_000);
  }
  if (g.maxRetries !== undefined) options.maxRetries = g.maxRetries;
  if (g.insecure) {
    ctx.warn(
      '--insecure: TLS certificates are NOT verified; anyone on the network can read and change this traffic',
      g.color,
    );
    options.rejectUnauthorized = false;
  }
  return options;
}

/** Connection and client options for the connection the command names (-c / NOWREST_CONNECTION / env). */
export async function prepareClient(
  ctx: CliContext,
  cmd: Command,
  name?: string,
): Promise<{ resolved: ResolvedConnection; options: MutableClientOptions; globals: GlobalOptions }> {
  const g = globalsOf(cmd, ctx.io);
  const resolved = await resolveConnection(ctx, name ?? g.connection, { otp: g.otp });
  const options = await clientOptions(ctx, g, resolved.config.baseUrl, resolved.profile);
  const auth = resolved.config.auth;
  if (auth.type === 'oauth2') {
    const vault = await ctx.openVault();
    const tokenUrl = auth.tokenUrl ?? `${normalizeBaseUrl(resolved.config.baseUrl).instanceUrl}/oauth_token.do`;
    options.auth = createOAuthAuth({
      connectionName: resolved.config.name,
      clientId: auth.clientId,
      ...(auth.clientSecret ? { clientSecret: auth.clientSecret } : {}),
      tokenUrl,
      instanceUrl: resolved.config.baseUrl,
      tokenStore: vault.tokenStore(),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } else if ((auth.type === 'password' || auth.type === 'client_credentials') && !resolved.fromEnv) {
    // Kept in the vault between runs, so each run does not ask for a new token; an environment-only
    // connection has no vault and keeps its tokens in memory.
    options.tokenStore = (await ctx.openVault()).tokenStore();
  }
  return { resolved, options, globals: g };
}

/** A client for the connection the command names; the caller closes it. */
export async function openClient(
  ctx: CliContext,
  cmd: Command,
): Promise<{ sn: ServiceNowClient; resolved: ResolvedConnection; globals: GlobalOptions }> {
  const { resolved, options, globals } = await prepareClient(ctx, cmd);
  return { sn: createClient(resolved.config, options), resolved, globals };
}
