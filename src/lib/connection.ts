import { ConfigError } from './errors/config-error.js';

/** Basic authentication: a ServiceNow user name and password. */
export interface BasicConnectionAuth {
  readonly type: 'basic';
  readonly username: string;
  readonly password: string;
  /**
   * A one-time code for instances with multi-factor authentication for API users: appended to the password
   * for this client only (ServiceNow checks `password + code`). Never stored.
   */
  readonly otp?: string;
}

/** OAuth 2.0 (authorization code); the tokens live in a token store, never in the connection. */
export interface OAuthConnectionAuth {
  readonly type: 'oauth2';
  readonly clientId: string;
  readonly clientSecret?: string;
  /** Defaults to `<instance>/oauth_auth.do`. */
  readonly authUrl?: string;
  /** Defaults to `<instance>/oauth_token.do`. */
  readonly tokenUrl?: string;
}

/**
 * OAuth 2.0 JWT bearer grant (RFC 7523): an RS256 assertion signed with `privateKey` is exchanged for tokens;
 * the instance verifies it with the public key registered for the client (a JWT verifier map).
 */
export interface JwtConnectionAuth {
  readonly type: 'jwt';
  readonly clientId: string;
  /** ServiceNow requires the client secret on this grant too. */
  readonly clientSecret: string;
  /** The user the tokens act as (the `sub` claim, normally the user_name). */
  readonly subject: string;
  /** RSA private key, PEM. */
  readonly privateKey: string;
  /** The `kid` header the verifier map is keyed on. */
  readonly keyId?: string;
  /** Defaults to `<instance>/oauth_token.do`. */
  readonly tokenUrl?: string;
}

/**
 * OAuth 2.0 resource-owner password grant: the user's name and password (plus the client's ID and secret) are
 * exchanged for tokens, which are refreshed like authorization-code tokens and obtained again when refused.
 */
export interface PasswordGrantConnectionAuth {
  readonly type: 'password';
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly username: string;
  readonly password: string;
  /** A one-time MFA code appended to the password for this client only; never stored. */
  readonly otp?: string;
  /** Defaults to `<instance>/oauth_token.do`. */
  readonly tokenUrl?: string;
}

/**
 * OAuth 2.0 client credentials grant: the token acts as the application's "OAuth Application User". Needs the
 * instance property `glide.oauth.inbound.client.credential.grant_type.enabled`. No refresh token: a new token
 * is requested when the current one expires.
 */
export interface ClientCredentialsConnectionAuth {
  readonly type: 'client_credentials';
  readonly clientId: string;
  readonly clientSecret: string;
  /** Defaults to `<instance>/oauth_token.do`. */
  readonly tokenUrl?: string;
}

/** A bearer access token obtained elsewhere (e.g. from a CI secret): sent as is, never refreshed. */
export interface TokenConnectionAuth {
  readonly type: 'token';
  readonly accessToken: string;
}

/** How a connection authenticates. */
export type ConnectionAuth =
  | BasicConnectionAuth
  | OAuthConnectionAuth
  | JwtConnectionAuth
  | PasswordGrantConnectionAuth
  | ClientCredentialsConnectionAuth
  | TokenConnectionAuth;

/** The grant or scheme of an auth type in words, for reports ("the OAuth client credentials grant"). */
export function authMethodName(auth: Pick<ConnectionAuth, 'type'> & { readonly otp?: string | undefined }): string {
  switch (auth.type) {
    case 'basic':
      return auth.otp === undefined ? 'Basic auth' : 'Basic auth with a one-time code';
    case 'oauth2':
      return 'the OAuth authorization code grant';
    case 'jwt':
      return 'the OAuth JWT bearer grant';
    case 'password':
      return 'the OAuth password grant';
    case 'client_credentials':
      return 'the OAuth client credentials grant';
    case 'token':
      return 'a bearer token';
  }
}

/** A connection as the user describes it, like the original "ServiceNow REST connection". */
export interface ConnectionConfig {
  readonly name: string;
  /** The instance plus API version, e.g. `https://dev8954.service-now.com/api/now/v2`. */
  readonly baseUrl: string;
  readonly auth: ConnectionAuth;
}

/** The Table API version a connection talks to; `latest` is the unversioned `/api/now`. */
export type ApiVersion = 'v1' | 'v2' | 'latest';

/** The result of normalising a base URL. */
export interface NormalizedBaseUrl {
  /** Scheme, host, port and any reverse-proxy prefix, without a trailing slash, e.g. `https://dev8954.service-now.com`. */
  readonly instanceUrl: string;
  /** Where `/table/<name>` is appended, e.g. `https://dev8954.service-now.com/api/now/v2`. */
  readonly apiBase: string;
  readonly version: ApiVersion;
  /** Human-readable notes about what was assumed or adjusted. */
  readonly notes: readonly string[];
}

/** A connection after validation: what the client actually uses. */
export interface NormalizedConnection extends NormalizedBaseUrl {
  readonly name: string;
}

const API_PATH = /^(.*?)\/api\/now(?:\/(v\d+))?$/;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Validates and normalises a base URL. Accepts `…/api/now/v2`, `…/api/now/v1`, `…/api/now` and an instance root
 * (which becomes `…/api/now/v2`, with a note saying so). Custom domains and reverse-proxy prefixes are fine.
 *
 * @throws {ConfigError} saying what is wrong and how to fix it. The message never repeats a password.
 */
export function normalizeBaseUrl(input: string): NormalizedBaseUrl {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') {
    throw new ConfigError(
      'The base URL is empty',
      'Enter the instance URL, e.g. https://dev8954.service-now.com/api/now/v2',
    );
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw);
  if (!scheme) {
    const hint = raw.replace(/^\/+/, '').split(/[/?#]/)[0] ?? raw;
    throw new ConfigError(
      'The base URL has no scheme',
      `Start it with https://, e.g. https://${hint.includes('@') ? '<instance>' : hint}/api/now/v2`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new ConfigError(
      'The base URL is not a valid URL',
      'Use the form https://<instance>.service-now.com/api/now/v2',
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`The base URL uses ${url.protocol.slice(0, -1)}, not https`, 'Use an https:// URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(
      'The base URL contains a user name or password',
      'Remove them from the URL and put the user name and password in their own fields',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      'The base URL contains a query string or fragment',
      `Remove everything from "?" or "#", e.g. ${url.origin}/api/now/v2`,
    );
  }
  const notes: string[] = [];
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    notes.push('This URL uses plain http: credentials travel unencrypted. Use https unless this is a local emulator.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '') {
    notes.push(`No API path was given; using ${url.origin}/api/now/v2 (Table API v2).`);
    return { instanceUrl: url.origin, apiBase: `${url.origin}/api/now/v2`, version: 'v2', notes };
  }
  const match = API_PATH.exec(path);
  if (!match) {
    throw new ConfigError(
      `The path ${path} is not a ServiceNow REST API path`,
      `Use the instance root (${url.origin}) or its API path (${url.origin}/api/now/v2)`,
    );
  }
  const prefix = match[1] ?? '';
  const versionSegment = match[2];
  const instanceUrl = `${url.origin}${prefix}`;
  if (versionSegment === undefined) {
    notes.push('Unversioned /api/now means the latest Table API (v2 behaviour).');
    return { instanceUrl, apiBase: `${instanceUrl}/api/now`, version: 'latest', notes };
  }
  if (versionSegment !== 'v1' && versionSegment !== 'v2') {
    throw new ConfigError(`The Table API has no version ${versionSegment}`, `Use ${instanceUrl}/api/now/v2`);
  }
  if (versionSegment === 'v1') {
    notes.push('Table API v1 answers an empty list with 404; nowrest treats that as an empty page.');
  }
  return { instanceUrl, apiBase: `${instanceUrl}/api/now/${versionSegment}`, version: versionSegment, notes };
}

/**
 * Validates a whole connection: its name, base URL and the fields its auth type needs.
 *
 * @throws {ConfigError} naming the problem and its fix.
 */
export function normalizeConnection(config: ConnectionConfig): NormalizedConnection {
  if (typeof config !== 'object' || config === null) {
    throw new ConfigError('No connection was given', 'Pass { name, baseUrl, auth }');
  }
  const name = typeof config.name === 'string' && config.name.trim() !== '' ? config.name.trim() : 'default';
  const base = normalizeBaseUrl(config.baseUrl);
  const auth = config.auth as ConnectionAuth | undefined;
  if (!auth || typeof auth !== 'object') {
    throw new ConfigError(
      `Connection "${name}" has no authentication`,
      'Choose basic (user name and password) or oauth2',
    );
  }
  switch (auth.type) {
    case 'basic':
      if (typeof auth.username !== 'string' || auth.username.trim() === '') {
        throw new ConfigError(`Connection "${name}": the user name is empty`, 'Enter the ServiceNow user name');
      }
      if (typeof auth.password !== 'string' || auth.password === '') {
        throw new ConfigError(`Connection "${name}": the password is missing`, 'Enter the password for this user');
      }
      break;
    case 'oauth2':
      if (typeof auth.clientId !== 'string' || auth.clientId.trim() === '') {
        throw new ConfigError(
          `Connection "${name}": the OAuth client ID is empty`,
          'Copy the Client ID from System OAuth > Application Registry',
        );
      }
      break;
    case 'password':
      requireFields(name, 'password grant', auth, [
        ['clientId', 'Copy the Client ID from System OAuth > Application Registry'],
        ['username', 'Enter the ServiceNow user name the tokens act as'],
        ['password', 'Enter the password for this user'],
      ]);
      break;
    case 'client_credentials':
      requireFields(name, 'client credentials', auth, [
        ['clientId', 'Copy the Client ID from System OAuth > Application Registry'],
        ['clientSecret', 'Copy the Client Secret from the same application registry entry'],
      ]);
      break;
    case 'token':
      requireFields(name, 'bearer', auth, [
        ['accessToken', 'Pass the access token (e.g. from NOWREST_TOKEN), or choose another authentication type'],
      ]);
      break;
    case 'jwt':
      for (const [field, fix] of [
        ['clientId', 'Copy the Client ID from System OAuth > Application Registry'],
        ['clientSecret', 'ServiceNow requires the client secret with the JWT bearer grant'],
        ['subject', 'Name the ServiceNow user the tokens act as (the sub claim)'],
        ['privateKey', 'Pass the RSA private key (PEM) whose public key the instance has registered'],
      ] as const) {
        if (typeof auth[field] !== 'string' || auth[field].trim() === '') {
          throw new ConfigError(`Connection "${name}": the JWT ${field} is empty`, fix);
        }
      }
      break;
    default:
      throw new ConfigError(
        `Connection "${name}": unknown authentication type "${String((auth as { type?: unknown }).type)}"`,
        'Use "basic", "oauth2", "jwt", "password", "client_credentials" or "token"',
      );
  }
  return { name, ...base };
}

function requireFields<T extends object>(
  name: string,
  what: string,
  auth: T,
  fields: readonly (readonly [keyof T & string, string])[],
): void {
  for (const [field, fix] of fields) {
    const value = auth[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(`Connection "${name}": the ${what} ${field} is empty`, fix);
    }
  }
}
