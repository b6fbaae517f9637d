import type { AuthStrategy } from './auth-strategy.js';
import { ConfigError } from '../errors/config-error.js';

/** Options for {@link createBasicAuth}. */
export interface BasicAuthOptions {
  readonly username: string;
  readonly password: string;
}

/**
 * HTTP Basic authentication (RFC 7617). Stateless: a 401 is final, so there is no `onUnauthorized`.
 *
 * @throws {ConfigError} when the user name is empty or the password is missing.
 * @example
 * const auth = createBasicAuth({ username: 'admin', password });
 */
export function createBasicAuth(options: BasicAuthOptions): AuthStrategy {
  const { username, password } = options;
  if (typeof username !== 'string' || username.trim() === '') {
    throw new ConfigError('The user name is empty', 'Enter the ServiceNow user name to sign in with');
  }
  if (typeof password !== 'string' || password === '') {
    throw new ConfigError(`No password was given for user "${username}"`, 'Enter the password for this user');
  }
  const header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return Object.freeze({
    kind: 'basic' as const,
    authorize(headers: Headers): Promise<void> {
      headers.set('authorization', header);
      return Promise.resolve();
    },
    secrets(): readonly string[] {
      return [password, header.slice('Basic '.length)];
    },
  });
}
