/**
 * The vault's crypto envelope: AES-256-GCM with a random 96-bit IV, the connection name as additional
 * authenticated data (so a file copied onto another connection's name fails to open), and a version tag so
 * the format can change later without guessing. See docs/decisions/0003-token-storage.md.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/** Version 1 of the on-disk format; every field but `v` and `alg` is base64. */
export interface VaultEnvelope {
  readonly v: 1;
  readonly alg: 'A256GCM';
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/** Why opening an envelope failed; the vault turns each into a message that says what to do. */
export type EnvelopeFailure = 'malformed' | 'unsupported' | 'authentication';

/** Thrown by {@link openEnvelope}; internal to the vault, never exported from the package. */
export class EnvelopeOpenError extends Error {
  readonly reason: EnvelopeFailure;
  constructor(reason: EnvelopeFailure, options?: { cause?: unknown }) {
    super(`vault envelope: ${reason}`, options);
    this.name = 'EnvelopeOpenError';
    this.reason = reason;
  }
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed salt is acceptable here: the passphrase path only exists so NOWREST_MASTER_KEY can be any string;
// users who want full strength pass 32 random bytes (base64), which are used as they are.
const PASSPHRASE_SALT = 'nowrest-vault-v1';

/**
 * Turns a master key option into 32 key bytes: 32 raw bytes, or a string that is base64/base64url of
 * exactly 32 bytes, are used directly; any other string is stretched with scrypt.
 */
export function deriveVaultKey(masterKey: string | Uint8Array): Buffer {
  if (typeof masterKey !== 'string') {
    if (masterKey.byteLength !== KEY_BYTES) throw new RangeError('masterKey bytes must be exactly 32 bytes');
    return Buffer.from(masterKey);
  }
  const trimmed = masterKey.trim();
  if (trimmed.length === 0) throw new RangeError('masterKey must not be empty');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (decoded.length === KEY_BYTES) return decoded;
  }
  return scryptSync(trimmed, PASSPHRASE_SALT, KEY_BYTES);
}

/** Encrypts `plaintext` under `key`, binding it to `aad` (the connection name). */
export function sealEnvelope(key: Buffer, aad: string, plaintext: string): VaultEnvelope {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    alg: 'A256GCM',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/**
 * Parses and decrypts a serialized envelope.
 * @throws EnvelopeOpenError 'malformed' (not JSON / missing fields / truncated), 'unsupported' (unknown
 *   version or algorithm) or 'authentication' (modified data, another connection's file, or a different key).
 */
export function openEnvelope(key: Buffer, aad: string, serialized: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch (cause) {
    throw new EnvelopeOpenError('malformed', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new EnvelopeOpenError('malformed');
  const env = parsed as Record<string, unknown>;
  if (env['v'] !== 1 || env['alg'] !== 'A256GCM') throw new EnvelopeOpenError('unsupported');
  const { iv, tag, data } = env;
  if (typeof iv !== 'string' || typeof tag !== 'string' || typeof data !== 'string') {
    throw new EnvelopeOpenError('malformed');
  }
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new EnvelopeOpenError('malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new EnvelopeOpenError('authentication', { cause });
  }
}

/** A fresh random 32-byte key, for the generated key file. */
export function generateVaultKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
