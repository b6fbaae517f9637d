/**
 * RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits), the codes authenticator apps show. The emulator checks them
 * for users with `sys_user.mfa_totp_secret` set; the secret is base32 (RFC 4648), as in `otpauth://` URIs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const STEP_S = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The secret's bytes; undefined when it is not base32. */
function decodeBase32(text: string): Buffer | undefined {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out.length > 0 ? Buffer.from(out) : undefined;
}

/** The code for one 30 s step (RFC 4226 dynamic truncation). */
function codeAt(key: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

/** True when `code` is the current code of `secret`, or the one before or after (clock drift, RFC 6238 §5.2). */
export function totpMatches(secret: string, code: string, now: Date): boolean {
  const key = decodeBase32(secret);
  if (!key || !/^\d{6}$/.test(code)) return false;
  const step = Math.floor(now.getTime() / 1000 / STEP_S);
  const given = Buffer.from(code);
  return [step - 1, step, step + 1].some((s) => timingSafeEqual(Buffer.from(codeAt(key, s)), given));
}

/** The number of digits a code has: the suffix of the password that is the code. */
export const TOTP_DIGITS = DIGITS;
