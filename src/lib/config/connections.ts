import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { oauthEndpoints } from '../auth/oauth-flow.js';
import { tokenBinding } from '../auth/token-binding.js';
import { normalizeBaseUrl } from '../connection.js';
import { ConfigError } from '../errors/config-error.js';
import { connectionsFilePath } from './paths.js';
import { makeDirectory } from '../internal/make-directory.js';
import { writeFileAtomic } from '../internal/atomic-file.js';

/** How a connection authenticates (`password` and `client_credentials` are OAuth grants that need no person). */
export type ConnectionAuthType = 'basic' | 'oauth2' | 'jwt' | 'password' | 'client_credentials';

/**
 * The NON-secret part of a connection, as stored in `connections.json`. Passwords, client secrets, JWT
 * signing keys and tokens live in the encrypted vault, never here.
 */
export interface ConnectionProfile {
  readonly name: string;
  /** Instance URL as entered, e.g. `https://dev1234.service-now.com` (may end in `/api/now/v2`). */
  readonly baseUrl: string;
  readonly auth: ConnectionAuthType;
  readonly username?: string;
  readonly clientId?: string;
  readonly authUrl?: string;
  readonly tokenUrl?: string;
  /** JWT bearer: the user the tokens act as (the `sub` claim). The signing key itself lives in the vault. */
  readonly subject?: string;
  /** JWT bearer: the `kid` header the instance's JWT verifier map is keyed on. */
  readonly keyId?: string;
  /** Mutual TLS: absolute path of the client certificate (PEM). A path, not the certificate. */
  readonly clientCertFile?: string;
  /** Mutual TLS: absolute path of the client certificate's private key (PEM); its content is never copied. */
  readonly clientKeyFile?: string;
  /** Absolute path of a PEM file with extra CA certificate(s) to trust for this connection. */
  readonly caFile?: string;
}

interface ProfilesFile {
  version: 1;
  connections: Record<string, Omit<ConnectionProfile, 'name'>>;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True if `name` can name a connection: letters, digits, `.`, `_`, `-`, at most 64 characters. */
export function isValidConnectionName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/**
 * The instance's OAuth endpoints (`/oauth_auth.do`, `/oauth_token.do` at the instance root, after any
 * reverse-proxy prefix), used when a profile gives only the base URL.
 *
 * @throws {ConfigError} when the base URL is invalid.
 */
export function defaultOAuthUrls(baseUrl: string): { authUrl: string; tokenUrl: string } {
  const { authUrl, tokenUrl } = oauthEndpoints(normalizeBaseUrl(baseUrl).instanceUrl);
  return { authUrl, tokenUrl };
}

/**
 * The token URL a profile's OAuth grants use: its own, else the instance's `/oauth_token.do`.
 *
 * @throws {ConfigError} when the profile names no token URL and its base URL is invalid.
 */
export function profileTokenUrl(profile: Pick<ConnectionProfile, 'baseUrl' | 'tokenUrl'>): string {
  return profile.tokenUrl ?? defaultOAuthUrls(profile.baseUrl).tokenUrl;
}

/**
 * What the OAuth tokens of this profile must have been issued for (see token-binding.ts), or undefined when the
 * base URL is not valid (nothing can be sent then anyway).
 */
export function profileTokenBinding(profile: ConnectionProfile): string | undefined {
  try {
    return tokenBinding({
      instanceUrl: profile.baseUrl,
      tokenUrl: profileTokenUrl(profile),
      clientId: profile.clientId ?? '',
    });
  } catch {
    return undefined;
  }
}

async function readProfiles(configDir: string): Promise<ProfilesFile> {
  const path = connectionsFilePath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, connections: {} };
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON`, 'Fix or delete the file', { cause: err });
  }
  if (!isProfilesFile(parsed)) throw new ConfigError(`${path} has an unexpected shape`, 'Fix or delete the file');
  return parsed;
}

function isProfilesFile(value: unknown): value is ProfilesFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ProfilesFile>;
  return v.version === 1 && typeof v.connections === 'object' && v.connections !== null;
}

/** Writes the file atomically with mode 0600 (internal/atomic-file.ts), so a crash never leaves half a file. */
async function writeProfiles(configDir: string, data: ProfilesFile): Promise<void> {
  const path = connectionsFilePath(configDir);
  await makeDirectory(dirname(path), 0o700);
  await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
}

/** All stored profiles, sorted by name. A missing file means no profiles. */
export async function listConnections(configDir: string): Promise<ConnectionProfile[]> {
  const data = await readProfiles(configDir);
  return Object.entries(data.connections)
    .map(([name, rest]) => ({ ...rest, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One profile by name, or undefined. */
export async function getConnection(configDir: string, name: string): Promise<ConnectionProfile | undefined> {
  const data = await readProfiles(configDir);
  const rest = Object.hasOwn(data.connections, name) ? data.connections[name] : undefined;
  return rest ? { ...rest, name } : undefined;
}

/**
 * Adds or replaces a profile.
 *
 * @throws {ConfigError} when the name is invalid.
 */
export async function saveConnection(configDir: string, profile: ConnectionProfile): Promise<void> {
  if (!isValidConnectionName(profile.name)) {
    throw new ConfigError(
      `Invalid connection name '${profile.name}'`,
      'Use letters, digits, ".", "_" and "-" (at most 64 characters)',
    );
  }
  const data = await readProfiles(configDir);
  const { name, ...rest } = profile;
  data.connections[name] = rest;
  await writeProfiles(configDir, data);
}

/** Removes a profile; resolves false if there was none. */
export async function removeConnection(configDir: string, name: string): Promise<boolean> {
  const data = await readProfiles(configDir);
  if (!Object.hasOwn(data.connections, name)) return false;
  delete data.connections[name];
  await writeProfiles(configDir, data);
  return true;
}
