import type Database from 'better-sqlite3';
import type { Row } from '../store/store.js';
import { canLogIn } from './caller.js';
import { checkPassword } from './password.js';
import { TOTP_DIGITS, totpMatches } from './totp.js';

/**
 * Verifies a user name and password against sys_user (scrypt hash in user_password). For the OAuth password
 * grant, the login page and the Basic check alike. A user with `mfa_totp_secret` set signs in with the
 * one-time code appended to the password (ServiceNow's MFA for API users); a wrong code is an ordinary
 * failure and locks nothing.
 * @returns the sys_user row, or undefined when the user is unknown, inactive, locked out, the password is wrong
 *   or, for an MFA user, the code is missing or wrong.
 */
export function verifyUserPassword(
  db: Database.Database,
  userName: string,
  password: string,
  now: Date = new Date(),
): Row | undefined {
  const user = db.prepare(`SELECT * FROM "sys_user" WHERE "user_name" = ? LIMIT 1`).get(userName) as Row | undefined;
  if (!user || !canLogIn(user)) return undefined;
  const stored = user.user_password ?? '';
  const mfaSecret = user.mfa_totp_secret ?? '';
  if (mfaSecret === '') return stored !== '' && checkPassword(stored, password) ? user : undefined;
  if (password.length <= TOTP_DIGITS) return undefined;
  const code = password.slice(-TOTP_DIGITS);
  const plain = password.slice(0, -TOTP_DIGITS);
  // Both checks always run, so the answer time does not tell a wrong code from a wrong password.
  const passwordOk = stored !== '' && checkPassword(stored, plain);
  const codeOk = totpMatches(mfaSecret, code, now);
  return passwordOk && codeOk ? user : undefined;
}
