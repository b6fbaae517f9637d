/**
 * Connections given by the environment, for CI jobs with no config directory (as cloud CLIs allow):
 * NOWREST_BASE_URL (or NOWREST_INSTANCE_URL), NOWREST_AUTH, NOWREST_USER, NOWREST_PASSWORD, NOWREST_CLIENT_ID,
 * NOWREST_CLIENT_SECRET, and NOWREST_TOKEN (a bearer token). Values are read here only; every secret is
 * registered for scrubbing by the caller.
 */
import type { ConnectionAuthType, ConnectionProfile } from '../lib/config/connections.js';
import type { VaultSecrets } from '../lib/auth/vault.js';
import { usageError } from './cli-error.js';

/** The NOWREST_* values that describe a connection. */
export interface EnvCredentials {
  readonly baseUrl?: string | undefined;
  readonly auth?: string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly token?: string | undefined;
}

/** The variables a CI job sets; listed in errors and the README. */
export const ENV_VARIABLES =
  'NOWREST_BASE_URL, NOWREST_AUTH (basic|password|client-credentials|token), NOWREST_USER, NOWREST_PASSWORD, NOWREST_CLIENT_ID, NOWREST_CLIENT_SECRET, NOWREST_TOKEN';

/** Reads the NOWREST_* connection variables; an empty value counts as unset. */
export function readEnvCredentials(env: Readonly<Record<string, string | undefined>>): EnvCredentials {
  const get = (key: string): string | undefined => (env[key] === '' ? undefined : env[key]);
  return {
    baseUrl: get('NOWREST_BASE_URL') ?? get('NOWREST_INSTANCE_URL'),
    auth: get('NOWREST_AUTH'),
    user: get('NOWREST_USER'),
    password: get('NOWREST_PASSWORD'),
    clientId: get('NOWREST_CLIENT_ID'),
    clientSecret: get('NOWREST_CLIENT_SECRET'),
    token: get('NOWREST_TOKEN'),
  };
}

/** The stored form of an auth name as the CLI spells it (`client-credentials` → `client_credentials`). */
export function authTypeFromFlag(value: string): ConnectionAuthType | 'token' | undefined {
  const v = value.trim().toLowerCase().replace(/-/g, '_');
  return v === 'basic' ||
    v === 'oauth2' ||
    v === 'jwt' ||
    v === 'password' ||
    v === 'client_credentials' ||
    v === 'token'
    ? v
    : undefined;
}

/**
 * The auth type of a connection made only of environment values: NOWREST_AUTH, else what is set (a token, a
 * client ID with or without a user, else a user and password).
 */
function envAuthType(creds: EnvCredentials): ConnectionAuthType | 'token' {
  if (creds.auth !== undefined) {
    const type = authTypeFromFlag(creds.auth);
    if (type === undefined || type === 'oauth2' || type === 'jwt') {
      throw usageError(
        `NOWREST_AUTH=${creds.auth} cannot be used without a saved connection`,
        'use basic, password, client-credentials or token (browser sign-in and JWT keys need `nowrest connection add`)',
      );
    }
    return type;
  }
  if (creds.token !== undefined) return 'token';
  if (creds.clientId !== undefined) return creds.user === undefined ? 'client_credentials' : 'password';
  return 'basic';
}

/** A profile and its secrets from the environment alone (named `env`). */
export function envConnection(
  creds: EnvCredentials,
  name: string,
): { profile: ConnectionProfile; secrets: VaultSecrets; token?: string } {
  if (creds.baseUrl === undefined) {
    throw usageError(
      'no connection given',
      `pass -c NAME or set NOWREST_CONNECTION (see \`nowrest connection list\`), or describe the connection with ${ENV_VARIABLES}`,
    );
  }
  const type = envAuthType(creds);
  const secrets: VaultSecrets = {
    ...(creds.password === undefined ? {} : { password: creds.password }),
    ...(creds.clientSecret === undefined ? {} : { clientSecret: creds.clientSecret }),
  };
  if (type === 'token') {
    if (creds.token === undefined)
      throw usageError('NOWREST_AUTH=token needs NOWREST_TOKEN', 'set NOWREST_TOKEN to the access token');
    return { profile: { name, baseUrl: creds.baseUrl, auth: 'oauth2' }, secrets, token: creds.token };
  }
  return {
    profile: {
      name,
      baseUrl: creds.baseUrl,
      auth: type,
      ...(creds.user === undefined || type === 'client_credentials' ? {} : { username: creds.user }),
      ...(creds.clientId === undefined || type === 'basic' ? {} : { clientId: creds.clientId }),
    },
    secrets,
  };
}
