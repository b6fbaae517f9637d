import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** Seeding hashes the same demo passwords on every reset; memoising by (salt, password) keeps reset cheap. */
const memo = new Map<string, string>();

/** Hashes a password with scrypt as `scrypt$<salt hex>$<hash hex>`. */
export function hashPassword(password: string, salt: string = randomBytes(16).toString('hex')): string {
  const key = `${salt}\u0000${password}`;
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const hash = scryptSync(password, salt, KEY_LENGTH).toString('hex');
  const stored = `scrypt$${salt}$${hash}`;
  memo.set(key, stored);
  return stored;
}

/** Checks a password against a stored scrypt hash in constant time; false for anything malformed. */
export function checkPassword(stored: string, password: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined || hash.length !== KEY_LENGTH * 2) return false;
  const actual = scryptSync(password, salt, KEY_LENGTH);
  return timingSafeEqual(actual, Buffer.from(hash, 'hex'));
}
