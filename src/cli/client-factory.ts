import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createClient, type ServiceNowClient } from '../lib/client.js';
import type { ClientOptions } from '../lib/client-options.js';
import { normalizeBaseUrl } from '../lib/connection.js';
import type { Logger } from '../lib/logger.js';
import { connectionInputs, errnoOf, readPemFile, UnreadableFileError } from '../lib/open-connection.js';
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

/** Reads a PEM file named by a flag; unreadable is a usage error naming both. */
async function readPem(ctx: CliContext, source: string, file: string, remedy: string): Promise<string> {
  try {
    return await readPemFile(resolve(ctx.io.cwd, file));
  } catch (err) {
    throw fileError(source, file, errnoOf(err), remedy);
  }
}

function fileError(source: string, file: string, errno: string, remedy: string): CliError {
  return new CliError('CLI_FILE', `cannot read ${source} ${file}: ${errno}`, { exitCode: ExitCode.usage, remedy });
}

/** A profile's TLS file that lib could not read, worded as the CLI words an unreadable file, with the edit that fixes it. */
function profileFileError(err: UnreadableFileError): CliError {
  const flags = err.what === 'CA file' ? '--ca-file FILE' : '--client-cert FILE --client-key FILE';
  return fileError(
    `the ${err.what} of connection ${err.connection}`,
    err.path,
    err.errno,
    `restore the file, or change it with \`nowrest connection edit ${err.connection} ${flags}\``,
  );
}

/**
 * The client certificate and key for mutual TLS given for this run (--cert/--cert-key); without them
 * `openConnection` uses the profile's pair. The key is read into memory for the TLS handshake only.
 */
async function clientCertificate(
  ctx: CliContext,
  g: GlobalOptions,
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
  return undefined;
}

/**
 * Client options from the global flags and the environment: proxy, CA, client certificate, TLS checking,
 * logging. The profile's own TLS files are read by `openConnection`.
 */
export async function clientOptions(ctx: CliContext, g: GlobalOptions, baseUrl: string): Promise<MutableClientOptions> {
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
  if (g.ca) options.ca = await readPem(ctx, '--ca', g.ca, 'pass a PEM file with the CA certificate(s)');
  const certificate = await clientCertificate(ctx, g);
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

/**
 * Connection and client options for the connection the command names (-c / NOWREST_CONNECTION / env), from lib's
 * `connectionInputs`, the one way a saved profile becomes a client.
 */
export async function prepareClient(
  ctx: CliContext,
  cmd: Command,
  name?: string,
): Promise<{ resolved: ResolvedConnection; options: MutableClientOptions; globals: GlobalOptions }> {
  const g = globalsOf(cmd, ctx.io);
  const resolved = await resolveConnection(ctx, name ?? g.connection, { otp: g.otp });
  const flagOptions = await clientOptions(ctx, g, resolved.config.baseUrl);
  // An environment-only connection has no vault and keeps its tokens in memory.
  const vault = resolved.fromEnv ? undefined : await ctx.openVault();
  let inputs: Awaited<ReturnType<typeof connectionInputs>>;
  try {
    inputs = await connectionInputs(resolved.profile, {
      ...(vault === undefined ? {} : { vault }),
      secrets: resolved.secrets,
      ...(flagOptions.logger === undefined ? {} : { logger: flagOptions.logger }),
      clientOptions: flagOptions,
    });
  } catch (err) {
    throw err instanceof UnreadableFileError ? profileFileError(err) : err;
  }
  if (typeof inputs.options.key === 'string') addPrivateKeySecret(ctx, inputs.options.key);
  // The connection as resolveConnection checked it (the env token and --otp included).
  return { resolved, options: { ...inputs.options }, globals: g };
}

/** A client for the connection the command names; the caller closes it. */
export async function openClient(
  ctx: CliContext,
  cmd: Command,
): Promise<{ sn: ServiceNowClient; resolved: ResolvedConnection; globals: GlobalOptions }> {
  const { resolved, options, globals } = await prepareClient(ctx, cmd);
  return { sn: createClient(resolved.config, options), resolved, globals };
}
