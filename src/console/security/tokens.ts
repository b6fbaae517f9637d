import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/** Returns a fresh 256-bit random token, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two tokens in constant time. Both sides are hashed first so that differing lengths
 * neither throw nor leak the expected length through timing.
 */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
