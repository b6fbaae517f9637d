import type { AuthStrategy } from './auth-strategy.js';
import { ConfigError } from '../errors/config-error.js';

/** Options for {@link createBasicAuth}. */
export interface BasicAuthOptions {
  readonly username: string;
  readonly password: string;
  /** A one-time MFA code appended to the password (ServiceNow's MFA for API users); held in memory only. */
  readonly otp?: string;
}

/**
 * HTTP Basic authentication (RFC 7617). Stateless: a 401 is final, so there is no `onUnauthorized`.
 *
 * @throws {ConfigError} when the user name is empty or the password is missing.
 * @example
 * const auth = createBasicAuth({ username: 'admin', password });
 */
export function createBasicAuth(options: BasicAuthOptions): AuthStrategy {
  const { username, password, otp } = options;
  if (typeof username !== 'string' || username.trim() === '') {
    throw new ConfigError('The user name is empty', 'Enter the ServiceNow user name to sign in with');
  }
  if (typeof password !== 'string' || password === '') {
    throw new ConfigError(`No password was given for user "${username}"`, 'Enter the password for this user');
  }
  if (otp !== undefined && !/^\d{6,8}$/.test(otp.trim())) {
    throw new ConfigError('The one-time code is not 6 to 8 digits', 'Type the code your authenticator app shows now');
  }
  const sent = otp === undefined ? password : `${password}${otp.trim()}`;
  const header = `Basic ${Buffer.from(`${username}:${sent}`, 'utf8').toString('base64')}`;
  return Object.freeze({
    kind: 'basic' as const,
    authorize(headers: Headers): Promise<void> {
      headers.set('authorization', header);
      return Promise.resolve();
    },
    secrets(): readonly string[] {
      return [password, ...(otp === undefined ? [] : [sent, otp.trim()]), header.slice('Basic '.length)];
    },
  });
}
