import type Database from 'better-sqlite3';
import type { Row } from '../store/store.js';
import { canLogIn } from './caller.js';
import { checkPassword } from './password.js';

/**
 * Verifies a user name and password against sys_user (scrypt hash in user_password). For the OAuth password
 * grant and the Basic check alike.
 * @returns the sys_user row, or undefined when the user is unknown, inactive, locked out or the password is wrong.
 */
export function verifyUserPassword(db: Database.Database, userName: string, password: string): Row | undefined {
  const user = db.prepare(`SELECT * FROM "sys_user" WHERE "user_name" = ? LIMIT 1`).get(userName) as Row | undefined;
  if (!user || !canLogIn(user)) return undefined;
  const stored = user.user_password ?? '';
  if (stored === '' || !checkPassword(stored, password)) return undefined;
  return user;
}
