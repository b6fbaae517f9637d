/**
 * OAuth with the JWT bearer grant (RFC 7523): the connector signs a short-lived RS256 assertion with its
 * private key and exchanges it, with the client id and secret, at `/oauth_token.do`. No password and no
 * person; no refresh token either: a new assertion is signed whenever the access token is about to expire.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { tokenBinding } from './token-binding.js';
import { createTokenAuth, type TokenAuthStrategy } from './oauth-auth-core.js';
import type { GrantAuthOptions } from './oauth-grant-auth.js';
import { postTokenRequest } from './oauth-token-endpoint.js';
import { MemoryTokenStore } from './token-store.js';
import { rsaPrivateKey, signJwtRs256 } from './jwt-sign.js';

/** The grant type ServiceNow's token endpoint expects for JWT assertions. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Options for {@link createJwtBearerAuth}. */
export interface JwtBearerAuthOptions extends GrantAuthOptions {
  /** ServiceNow requires the client secret on this grant too. */
  readonly clientSecret: string;
  /** The `sub` claim: the user the token acts as (the user_name, unless the verifier map says otherwise). */
  readonly subject: string;
  /** The RSA private key whose public half is registered in the instance's JWT verifier map. */
  readonly privateKey: string | KeyObject;
  /** The `kid` header the verifier map is keyed on. */
  readonly keyId?: string;
  /** The `iss` claim (default: the client id). */
  readonly issuer?: string;
  /** The `aud` claim (default: the client id). */
  readonly audience?: string;
  /** Lifetime of each assertion in seconds (default 300). */
  readonly assertionLifetimeSeconds?: number;
}

/**
 * Creates the JWT bearer strategy; use it as `createClient(config, { auth })`.
 *
 * @throws {ConfigError} at once when the key is not an RSA private key or an option is missing.
 * @throws TokenEndpointError (an OAuthError) from `authorize` when the instance refuses the assertion.
 * @example
 * const auth = createJwtBearerAuth({ connectionName: 'prod', tokenUrl: `${instance}/oauth_token.do`, clientId,
 *   clientSecret, subject: 'integration.user', privateKey: await readFile('jwt-key.pem', 'utf8'), keyId: 'nowrest' });
 * const sn = createClient({ name: 'prod', baseUrl: instance, auth: { type: 'oauth2', clientId } }, { auth });
 */
export function createJwtBearerAuth(options: JwtBearerAuthOptions): TokenAuthStrategy {
  for (const name of ['clientId', 'clientSecret', 'subject', 'tokenUrl'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') {
      throw new ConfigError(`The JWT bearer grant needs ${name}`, `Pass ${name} to createJwtBearerAuth`);
    }
  }
  const lifetime = options.assertionLifetimeSeconds ?? 300;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > 3600) {
    throw new ConfigError(`Invalid assertionLifetimeSeconds ${lifetime}`, 'Use whole seconds from 1 to 3600');
  }
  const key = rsaPrivateKey(options.privateKey);
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const now = options.clock ?? Date.now;
  const assertion = (): string => {
    const iat = Math.floor(now() / 1000);
    return signJwtRs256(
      {
        iss: options.issuer ?? options.clientId,
        sub: options.subject,
        aud: options.audience ?? options.clientId,
        iat,
        exp: iat + lifetime,
        jti: randomUUID(),
      },
      key,
      options.keyId,
    );
  };
  return createTokenAuth({
    connectionName: options.connectionName,
    tokenStore: options.tokenStore ?? new MemoryTokenStore(),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.skewMs === undefined ? {} : { skewMs: options.skewMs }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    binding: tokenBinding(options),
    staticSecrets: [options.clientSecret, keyPem, typeof options.privateKey === 'string' ? options.privateKey : ''],
    obtain: (signal) =>
      postTokenRequest(
        {
          tokenUrl: options.tokenUrl,
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
          ...(options.clock === undefined ? {} : { clock: options.clock }),
          ...(signal === undefined ? {} : { signal }),
        },
        JWT_BEARER_GRANT_TYPE,
        { assertion: assertion(), ...(options.scope === undefined ? {} : { scope: options.scope }) },
      ),
  });
}
