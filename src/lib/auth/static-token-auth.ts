/**
 * A bearer access token obtained elsewhere (a CI secret such as NOWREST_TOKEN): sent as is. It cannot be
 * refreshed, so a 401 is final and says where to get a new one.
 */
import { ConfigError } from '../errors/config-error.js';
import type { AuthStrategy } from './auth-strategy.js';

/** Options for {@link createStaticTokenAuth}. */
export interface StaticTokenAuthOptions {
  readonly accessToken: string;
}

/**
 * @throws {ConfigError} when the token is empty or contains whitespace (a pasted line break, say).
 * @example
 * const sn = createClient({ name: 'ci', baseUrl, auth: { type: 'token', accessToken: token } });
 */
export function createStaticTokenAuth(options: StaticTokenAuthOptions): AuthStrategy {
  const token = typeof options.accessToken === 'string' ? options.accessToken.trim() : '';
  if (token === '') throw new ConfigError('The bearer token is empty', 'Pass the access token');
  if (/\s/.test(token)) {
    throw new ConfigError(
      'The bearer token contains whitespace',
      'Pass the token alone, without spaces or line breaks',
    );
  }
  return Object.freeze({
    kind: 'oauth2' as const,
    authorize(headers: Headers): Promise<void> {
      headers.set('authorization', `Bearer ${token}`);
      return Promise.resolve();
    },
    secrets(): readonly string[] {
      return [token];
    },
  });
}
