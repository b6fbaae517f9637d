/**
 * The one way to turn a saved connection profile into a client: its secrets from the vault (or given), its TLS
 * files read, its OAuth tokens kept in the vault's token store, and every strategy built behind
 * `resolveAuthStrategy`, so token requests share the client's dispatcher (proxy, CA, mutual TLS). The CLI and the
 * console both call it and only map its errors to exit codes or pages.
 */
import { readFile } from 'node:fs/promises';
import { createClient, type ServiceNowClient } from './client.js';
import type { ClientOptions } from './client-options.js';
import type { ConnectionConfig } from './connection.js';
import type { ConnectionProfile } from './config/connections.js';
import type { Vault, VaultSecrets } from './auth/vault.js';
import type { Logger } from './logger.js';
import { ConfigError } from './errors/config-error.js';

/** Options of {@link openConnection}. */
export interface OpenConnectionOptions {
  /** Where the profile's secrets and OAuth tokens live. Without one (an environment-only connection) tokens stay in memory. */
  readonly vault?: Vault;
  /** The secrets to use instead of reading the vault (e.g. already read and checked by the caller). */
  readonly secrets?: VaultSecrets;
  /** Secrets that take the place of stored ones for this client only (a form not saved yet, environment variables). */
  readonly overrides?: Pick<VaultSecrets, 'password' | 'clientSecret' | 'privateKey'>;
  /** A one-time code for Basic and password-grant sign-ins; never stored. */
  readonly otp?: string;
  /** Sent as a bearer token instead of any stored credential (e.g. `NOWREST_TOKEN`). */
  readonly bearerToken?: string;
  readonly logger?: Logger;
  /** Further client options (timeouts, proxy, a certificate or CA for this run). A `cert` here replaces the profile's pair; a `ca` adds to the profile's. */
  readonly clientOptions?: ClientOptions;
}

/** A PEM file a profile points at could not be read (`code` `SN_FILE_UNREADABLE`). */
export class UnreadableFileError extends ConfigError {
  constructor(
    /** What the file is, e.g. `client certificate`. */
    readonly what: 'client certificate' | 'client key' | 'CA file',
    readonly path: string,
    readonly connection: string,
    /** The system error code, e.g. `ENOENT`. */
    readonly errno: string,
    cause: unknown,
  ) {
    super(
      `Cannot read the ${what} ${path} of connection "${connection}" (${errno})`,
      `Restore the file, or change the path in the connection's editor (or with nowrest connection edit ${connection})`,
      { cause },
      'SN_FILE_UNREADABLE',
    );
  }
}

/**
 * A client for a saved connection; the caller closes it.
 *
 * @throws {ConfigError} when the profile is incomplete or a file it names cannot be read ({@link UnreadableFileError}).
 */
export async function openConnection(
  profile: ConnectionProfile,
  options: OpenConnectionOptions = {},
): Promise<ServiceNowClient> {
  const inputs = await connectionInputs(profile, options);
  return createClient(inputs.config, inputs.options);
}

/** What {@link openConnection} passes to `createClient`, for callers that need the parts (e.g. `testConnection`). */
export async function connectionInputs(
  profile: ConnectionProfile,
  options: OpenConnectionOptions = {},
): Promise<{ config: ConnectionConfig; options: ClientOptions }> {
  const stored = options.secrets ?? (options.vault ? await options.vault.get(profile.name) : {});
  const secrets = { ...stored, ...definedOnly(options.overrides ?? {}) };
  const config = connectionConfigOf(profile, secrets, options);
  const tls = await profileTlsOptions(profile, options.clientOptions ?? {});
  return {
    config,
    options: {
      ...options.clientOptions,
      ...tls,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...tokenStoreOption(config, options.vault),
    },
  };
}

/**
 * The library connection of a profile and its secrets. Missing fields become empty strings, which the instance
 * then refuses with its own message; callers that want to name the fix first check the profile themselves.
 */
export function connectionConfigOf(
  profile: ConnectionProfile,
  secrets: VaultSecrets,
  extra: { readonly otp?: string | undefined; readonly bearerToken?: string | undefined } = {},
): ConnectionConfig {
  const base = { name: profile.name, baseUrl: profile.baseUrl };
  if (extra.bearerToken !== undefined) return { ...base, auth: { type: 'token', accessToken: extra.bearerToken } };
  const withOtp = extra.otp === undefined ? {} : { otp: extra.otp };
  const tokenUrl = profile.tokenUrl ? { tokenUrl: profile.tokenUrl } : {};
  const clientSecret = secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {};
  const clientId = profile.clientId ?? '';
  const username = profile.username ?? '';
  const password = secrets.password ?? '';
  switch (profile.auth) {
    case 'basic':
      return { ...base, auth: { type: 'basic', username, password, ...withOtp } };
    case 'password':
      return {
        ...base,
        auth: { type: 'password', clientId, ...clientSecret, username, password, ...withOtp, ...tokenUrl },
      };
    case 'client_credentials':
      return {
        ...base,
        auth: { type: 'client_credentials', clientId, clientSecret: secrets.clientSecret ?? '', ...tokenUrl },
      };
    case 'jwt':
      return {
        ...base,
        auth: {
          type: 'jwt',
          clientId,
          clientSecret: secrets.clientSecret ?? '',
          subject: profile.subject ?? '',
          privateKey: secrets.privateKey ?? '',
          ...(profile.keyId ? { keyId: profile.keyId } : {}),
          ...tokenUrl,
        },
      };
    case 'oauth2':
      return {
        ...base,
        auth: {
          type: 'oauth2',
          clientId,
          ...clientSecret,
          ...(profile.authUrl ? { authUrl: profile.authUrl } : {}),
          ...tokenUrl,
        },
      };
  }
}

/**
 * Reads a PEM file (certificate, key or CA bundle) as text. The one reader of PEM files: callers name the file
 * in their own error.
 */
export async function readPemFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

/** The system error code of a failed read, e.g. `ENOENT`. */
export function errnoOf(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'error';
}

/**
 * The profile's client certificate, key and CA, read per client. A certificate given for this run replaces the
 * profile's pair; a CA given for this run comes first, the profile's after it.
 */
async function profileTlsOptions(profile: ConnectionProfile, given: ClientOptions): Promise<ClientOptions> {
  const read = async (what: UnreadableFileError['what'], path: string | undefined) => {
    if (path === undefined) return undefined;
    try {
      return await readPemFile(path);
    } catch (cause) {
      throw new UnreadableFileError(what, path, profile.name, errnoOf(cause), cause);
    }
  };
  const usePair = given.cert === undefined && given.key === undefined;
  const [cert, key, ca] = await Promise.all([
    usePair ? read('client certificate', profile.clientCertFile) : undefined,
    usePair ? read('client key', profile.clientKeyFile) : undefined,
    read('CA file', profile.caFile),
  ]);
  const givenCas: readonly (string | Buffer)[] =
    given.ca === undefined ? [] : typeof given.ca === 'string' || Buffer.isBuffer(given.ca) ? [given.ca] : given.ca;
  const cas = [...givenCas, ...(ca === undefined ? [] : [ca])];
  return {
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(cas.length === 0 ? {} : { ca: cas.length === 1 ? (cas[0] as string | Buffer) : cas }),
  };
}

/**
 * Tokens of OAuth sign-ins go to the vault, so a new token is requested only when the stored one runs out. JWT
 * tokens stay in memory (a new assertion gets a new one), as do those of a connection without a vault.
 */
function tokenStoreOption(config: ConnectionConfig, vault: Vault | undefined): Pick<ClientOptions, 'tokenStore'> {
  const type = config.auth.type;
  const stored = type === 'oauth2' || type === 'password' || type === 'client_credentials';
  return stored && vault ? { tokenStore: vault.tokenStore() } : {};
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
