import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Reads an RSA private key (PEM string or KeyObject) for RS256.
 * @throws {ConfigError} when it is not a usable RSA private key (the message never contains the key).
 */
export function rsaPrivateKey(key: string | KeyObject): KeyObject {
  let object: KeyObject;
  try {
    object = typeof key === 'string' ? createPrivateKey(key) : key;
  } catch (cause) {
    throw new ConfigError('The JWT signing key is not a readable private key', 'Pass an RSA private key in PEM form', {
      cause,
    });
  }
  if (object.type !== 'private' || object.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(
      `The JWT signing key is a ${object.asymmetricKeyType ?? object.type} key, not an RSA private key`,
      'RS256 needs an RSA private key (e.g. openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048)',
    );
  }
  return object;
}

/**
 * Signs a JWT with RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) using node:crypto only.
 * @example
 * const jwt = signJwtRs256({ iss: clientId, sub: 'svc.user', aud: clientId, exp }, privateKeyPem, 'my-kid');
 */
export function signJwtRs256(claims: Readonly<Record<string, unknown>>, key: KeyObject, keyId?: string): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(keyId === undefined ? {} : { kid: keyId }) };
  const input = `${b64url(header)}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input, 'utf8'), key).toString('base64url')}`;
}
