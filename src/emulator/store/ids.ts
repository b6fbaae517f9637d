import { createHash, randomBytes } from 'node:crypto';

/** A deterministic 32-hex sys_id derived from a label, so seed rows have fixed, test-friendly ids. */
export function fixedId(label: string): string {
  return createHash('sha256').update(`nowrest-emulator:${label}`).digest('hex').slice(0, 32);
}

/** A random 32-lowercase-hex sys_id for records created through the API (reference §7). */
export function randomId(): string {
  return randomBytes(16).toString('hex');
}

/** True for a string shaped like a sys_id. */
export function isSysId(value: string): boolean {
  return value.length === 32 && /^[0-9a-f]{32}$/.test(value);
}

/**
 * A sys_id supplied in a POST body, kept exactly as given (case included, as an instance stores it) when it is
 * 32 hexadecimal characters; undefined for anything else, which is then ignored like any sys_* field. Lookups
 * ignore case (the column is NOCASE, like an instance's MySQL collation), so an upper-case id is still unique.
 */
export function suppliedSysId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return isSysId(value.toLowerCase()) ? value : undefined;
}
