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
 * A sys_id supplied in a POST body, lowercased, when it is 32 hexadecimal characters (any case; reference §7
 * "32 lowercase hexadecimal characters"); undefined for anything else, which is then ignored like any sys_*
 * field.
 */
export function suppliedSysId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return isSysId(lower) ? lower : undefined;
}
