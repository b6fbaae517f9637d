import { ConfigError } from '../lib/errors/config-error.js';
import { normalizeBaseUrl, normalizeConnection } from '../lib/connection.js';
import { defaultOAuthUrls, isValidConnectionName, type ConnectionProfile } from '../lib/config/connections.js';
import { rsaPrivateKey } from '../lib/auth/jwt-sign.js';

/** Names of the editor's fields, used to place errors next to them. */
export type FieldName =
  | 'name'
  | 'baseUrl'
  | 'auth'
  | 'username'
  | 'password'
  | 'clientId'
  | 'clientSecret'
  | 'authUrl'
  | 'tokenUrl'
  | 'subject'
  | 'keyId'
  | 'privateKey'
  | 'clientCertFile'
  | 'clientKeyFile'
  | 'caFile';

/** The authentication types the editor offers (every stored type). */
export type FormAuthType = 'basic' | 'oauth2' | 'jwt' | 'password' | 'client_credentials';

const FORM_AUTH_TYPES: readonly FormAuthType[] = ['basic', 'oauth2', 'jwt', 'password', 'client_credentials'];

/** What the editor form submitted. Secrets are present only when the user set them in this submission. */
export interface ConnectionForm {
  readonly name: string;
  readonly baseUrl: string;
  readonly auth: FormAuthType;
  readonly username: string;
  readonly clientId: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  /** JWT bearer: the user the tokens act as. */
  readonly subject: string;
  /** JWT bearer: the kid header, as in the instance's JWT verifier map (may be empty). */
  readonly keyId: string;
  /** Mutual TLS: full paths of the client certificate and its key on this computer ('' for none). */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** Full path of a PEM file with extra CA certificates to trust ('' for none). */
  readonly caFile: string;
  readonly password?: string;
  readonly clientSecret?: string;
  /** JWT bearer: the RSA private key (PEM) that signs the assertions. */
  readonly privateKey?: string;
}

/** Which secrets the connection already has in the vault. */
export interface StoredSecretFlags {
  readonly password: boolean;
  readonly clientSecret: boolean;
  readonly privateKey?: boolean;
}

// A syntactically valid base URL, so library checks of the auth part report only the auth problem.
const PROBE_URL = 'https://probe.invalid/api/now/v2';

const text = (body: Record<string, unknown>, key: string): string => {
  const value = body[key];
  return typeof value === 'string' ? value.trim() : '';
};

/** Reads the editor's fields from a parsed form body. Empty secret fields mean "unchanged". */
export function readConnectionForm(body: Record<string, unknown>, fixedName?: string): ConnectionForm {
  const password = typeof body['password'] === 'string' ? body['password'] : '';
  const clientSecret = typeof body['clientSecret'] === 'string' ? body['clientSecret'] : '';
  const privateKey = typeof body['privateKey'] === 'string' ? body['privateKey'].trim() : '';
  const auth = text(body, 'auth');
  return {
    name: fixedName ?? text(body, 'name'),
    baseUrl: text(body, 'baseUrl'),
    auth: FORM_AUTH_TYPES.find((t) => t === auth) ?? 'basic',
    username: text(body, 'username'),
    clientId: text(body, 'clientId'),
    authUrl: text(body, 'authUrl'),
    tokenUrl: text(body, 'tokenUrl'),
    subject: text(body, 'subject'),
    keyId: text(body, 'keyId'),
    clientCertFile: text(body, 'clientCertFile'),
    clientKeyFile: text(body, 'clientKeyFile'),
    caFile: text(body, 'caFile'),
    ...(password === '' ? {} : { password }),
    ...(clientSecret === '' ? {} : { clientSecret }),
    ...(privateKey === '' ? {} : { privateKey: `${privateKey}\n` }),
  };
}

/**
 * A library message as a field message: the editor shows it next to the field of the connection being edited, so
 * the library's `Connection "<name>": ` prefix (which says "default" while the Name is empty) is dropped and the
 * sentence starts like the console's own ("The user name is empty. Enter the ServiceNow user name").
 */
function fieldMessage(error: ConfigError): string {
  const problem = error.problem.replace(/^Connection "[^"]*":\s*/, '');
  const sentence = problem.charAt(0).toUpperCase() + problem.slice(1);
  return error.fix === undefined ? sentence : `${sentence}. ${error.fix}`;
}

function libraryMessage(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return fieldMessage(error);
    throw error;
  }
}

function urlMessage(value: string, what: string): string | undefined {
  if (value === '')
    return `The ${what} is empty. Use the instance's ${what === 'Authorization Token URL' ? '/oauth_auth.do' : '/oauth_token.do'} address`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The ${what} must start with https://`;
    return undefined;
  } catch {
    return `The ${what} is not a valid URL. Use the form https://<instance>.service-now.com/oauth_token.do`;
  }
}

/**
 * Validates the form; returns an error per field, each saying how to fix it. The base URL and the auth fields go
 * through the library's own validation so the console and the CLI reject the same things with the same words.
 */
export function validateConnectionForm(
  form: ConnectionForm,
  stored: StoredSecretFlags,
): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (form.name === '') {
    errors.name = 'The name is empty. Enter a name such as dev: letters, digits, ".", "_" and "-"';
  } else if (!isValidConnectionName(form.name)) {
    errors.name =
      'The name must start with a letter or digit and use only letters, digits, ".", "_" and "-" (at most 64 characters)';
  }
  const baseUrl = libraryMessage(() => normalizeBaseUrl(form.baseUrl));
  if (baseUrl !== undefined) errors.baseUrl = baseUrl;
  if (form.auth === 'basic' || form.auth === 'password') {
    const username = libraryMessage(() =>
      normalizeConnection({
        name: form.name,
        baseUrl: PROBE_URL,
        auth: { type: 'basic', username: form.username, password: 'x' },
      }),
    );
    if (username !== undefined) errors.username = username;
    if (form.password === undefined && !stored.password) {
      const password = libraryMessage(() =>
        normalizeConnection({
          name: form.name,
          baseUrl: PROBE_URL,
          auth: { type: 'basic', username: 'x', password: '' },
        }),
      );
      if (password !== undefined) errors.password = `${password} (Click to Set)`;
    }
  }
  if (form.auth !== 'basic') {
    const clientId = libraryMessage(() =>
      normalizeConnection({ name: form.name, baseUrl: PROBE_URL, auth: { type: 'oauth2', clientId: form.clientId } }),
    );
    if (clientId !== undefined) errors.clientId = clientId;
    if (form.clientSecret === undefined && !stored.clientSecret) {
      errors.clientSecret =
        'The client secret is not set. Click to Set, paste the secret from System OAuth > Application Registry, then Apply';
    }
    if (form.auth === 'oauth2') {
      const authUrl = urlMessage(form.authUrl, 'Authorization Token URL');
      if (authUrl !== undefined) errors.authUrl = authUrl;
    } else if (form.auth === 'jwt') {
      Object.assign(errors, jwtErrors(form, stored));
    }
    const tokenUrl = urlMessage(form.tokenUrl, 'Access Token URL');
    if (tokenUrl !== undefined) errors.tokenUrl = tokenUrl;
  }
  return errors;
}

/** The JWT bearer fields: a subject, and an RSA private key given now or already stored. */
function jwtErrors(form: ConnectionForm, stored: StoredSecretFlags): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  const subject = libraryMessage(() =>
    normalizeConnection({
      name: form.name,
      baseUrl: PROBE_URL,
      auth: { type: 'jwt', clientId: 'x', clientSecret: 'x', subject: form.subject, privateKey: 'x' },
    }),
  );
  if (subject !== undefined) errors.subject = subject;
  if (form.privateKey !== undefined) {
    // The library's check; its message never contains the key.
    const key = libraryMessage(() => rsaPrivateKey(form.privateKey ?? ''));
    if (key !== undefined) errors.privateKey = key;
  } else if (stored.privateKey !== true) {
    errors.privateKey =
      'The private key is not set. Click to Set and paste the RSA private key (PEM) whose public key the instance has in its JWT verifier map';
  }
  return errors;
}

/** The non-secret profile to store for a valid form. */
export function profileFromForm(form: ConnectionForm): ConnectionProfile {
  const base: ConnectionProfile = {
    name: form.name,
    baseUrl: form.baseUrl,
    auth: form.auth,
    ...(form.clientCertFile === '' || form.clientKeyFile === ''
      ? {}
      : { clientCertFile: form.clientCertFile, clientKeyFile: form.clientKeyFile }),
    ...(form.caFile === '' ? {} : { caFile: form.caFile }),
  };
  if (form.auth === 'basic') return { ...base, username: form.username };
  if (form.auth === 'password') {
    return { ...base, username: form.username, clientId: form.clientId, tokenUrl: form.tokenUrl };
  }
  if (form.auth === 'client_credentials') return { ...base, clientId: form.clientId, tokenUrl: form.tokenUrl };
  if (form.auth === 'jwt') {
    return {
      ...base,
      clientId: form.clientId,
      tokenUrl: form.tokenUrl,
      subject: form.subject,
      ...(form.keyId === '' ? {} : { keyId: form.keyId }),
    };
  }
  return { ...base, clientId: form.clientId, authUrl: form.authUrl, tokenUrl: form.tokenUrl };
}

/** The instance's `/oauth_auth.do` and `/oauth_token.do` for a base URL, or empty strings if it does not parse. */
export function oauthDefaults(baseUrl: string): { authUrl: string; tokenUrl: string } {
  try {
    return defaultOAuthUrls(baseUrl);
  } catch {
    return { authUrl: '', tokenUrl: '' };
  }
}

/** Fills empty OAuth URLs from the base URL, as the page's script does while typing. */
export function withOAuthDefaults(form: ConnectionForm): ConnectionForm {
  const defaults = oauthDefaults(form.baseUrl);
  return { ...form, authUrl: form.authUrl || defaults.authUrl, tokenUrl: form.tokenUrl || defaults.tokenUrl };
}

/** Form values for an existing profile, with OAuth URLs defaulted from the base URL's instance. */
export function formFromProfile(profile: ConnectionProfile): ConnectionForm {
  return withOAuthDefaults({
    name: profile.name,
    baseUrl: profile.baseUrl,
    auth: profile.auth,
    subject: profile.subject ?? '',
    keyId: profile.keyId ?? '',
    username: profile.username ?? '',
    clientId: profile.clientId ?? '',
    authUrl: profile.authUrl ?? '',
    tokenUrl: profile.tokenUrl ?? '',
    clientCertFile: profile.clientCertFile ?? '',
    clientKeyFile: profile.clientKeyFile ?? '',
    caFile: profile.caFile ?? '',
  });
}

/** Whether the form carries a secret typed into it (they are never sent back to the page). */
export const hasTypedSecrets = (form: ConnectionForm): boolean =>
  form.password !== undefined || form.clientSecret !== undefined || form.privateKey !== undefined;
