/**
 * The JWT bearer grant (RFC 7523) at `/oauth_token.do`: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`,
 * `assertion=<JWT>` plus the client's id and secret (as PySNC sends it). The assertion must be RS256-signed by
 * a key registered for the client in jwt_verifier_map, with iss, aud, exp and sub checked; sub names the user.
 */
import { createPublicKey, verify } from 'node:crypto';
import { canLogIn } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const MAX_ASSERTION = 16_384;
const USER_FIELDS = new Set(['user_name', 'email', 'sys_id']);
/** Clock skew tolerated on iat/nbf, as most verifiers allow. */
const LEEWAY_S = 60;

type Json = Record<string, unknown>;

function decodePart(part: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function signedBy(row: Row, input: string, signature: Buffer): boolean {
  try {
    return verify('sha256', Buffer.from(input), createPublicKey(row.public_key ?? ''), signature);
  } catch {
    return false; // an unusable PEM on the row is a failed check, not a server error
  }
}

function claimsHold(payload: Json, clientId: string, row: Row, nowS: number): boolean {
  const issuer = row.issuer || clientId;
  const aud = payload.aud;
  const audOk = aud === clientId || (Array.isArray(aud) && aud.includes(clientId));
  const { exp, nbf, iat } = payload;
  if (payload.iss !== issuer || !audOk) return false;
  if (typeof exp !== 'number' || exp <= nowS) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowS + LEEWAY_S)) return false;
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowS + LEEWAY_S)) return false;
  return typeof payload.sub === 'string' && payload.sub !== '';
}

/**
 * Verifies an assertion for `clientId`.
 * @returns the sys_id of the user it names, or undefined for any failure (the caller answers the one 401).
 */
export function jwtBearerUser(ctx: EmulatorContext, clientId: string, assertion: string): string | undefined {
  if (assertion.length === 0 || assertion.length > MAX_ASSERTION) return undefined;
  const parts = assertion.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  const [h = '', p = '', s = ''] = parts;
  const header = decodePart(h);
  const payload = decodePart(p);
  // Only RS256: "none" and HMAC algorithms would let anyone who knows the public key forge assertions.
  if (!header || !payload || header.alg !== 'RS256') return undefined;
  const kid = typeof header.kid === 'string' ? header.kid : '';
  const rows = ctx.store
    .prepare(`SELECT * FROM "jwt_verifier_map" WHERE "client_id" = ? AND "active" = 'true'`)
    .all(clientId) as Row[];
  const signature = Buffer.from(s, 'base64url');
  const row = rows.find((r) => (r.kid ?? '') === kid && signedBy(r, `${h}.${p}`, signature));
  if (!row || !claimsHold(payload, clientId, row, Math.floor(ctx.clock().getTime() / 1000))) return undefined;
  const field = USER_FIELDS.has(row.user_field ?? '') ? (row.user_field as string) : 'user_name';
  const sub = String(payload.sub);
  const user = ctx.store.prepare(`SELECT * FROM "sys_user" WHERE "${field}" = ? LIMIT 1`).get(sub) as Row | undefined;
  return user && canLogIn(user) ? user.sys_id : undefined;
}
