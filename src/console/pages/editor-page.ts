import { html, type SafeHtml } from '../html.js';
import type { ConnectionForm, FieldName, FormAuthType } from '../connection-form.js';
import type { TestOutcome } from '../status-store.js';
import type { TokenStateView } from '../token-state.js';
import { CLIENT_TYPES, field, input, secretControl, USER_TYPES } from './editor-fields.js';
import { confirmForm, csrfField, layout } from './layout.js';
import { testResult, type TestNote } from './test-result.js';

/** Everything the connection editor shows. */
export interface EditorView {
  readonly mode: 'new' | 'edit';
  readonly form: ConnectionForm;
  readonly passwordSet: boolean;
  readonly clientSecretSet: boolean;
  readonly privateKeySet?: boolean;
  readonly token: TokenStateView;
  readonly errors: Partial<Record<FieldName, string>>;
  readonly tab: 'connection' | 'oauth' | 'jwt';
  readonly notice?: { readonly ok: boolean; readonly text: string } | undefined;
  readonly notes?: readonly string[];
  readonly lastTest?: TestOutcome | undefined;
  /** Whether the last test is of the unsaved form or of settings since changed. */
  readonly lastTestNote?: TestNote | undefined;
  /** This console's OAuth redirect URI, to register in the instance. */
  readonly callbackUrl: string;
}

/**
 * Where the New connection page posts Test Connection: outside `/connections/<name>`, so no saved connection's name
 * can collide with it.
 */
export const NEW_CONNECTION_TEST_PATH = '/new-connection/test';

/** The Authentication Type choices, in the order the editor lists them. */
const AUTH_TYPES: readonly (readonly [FormAuthType, string])[] = [
  ['basic', 'Basic'],
  ['oauth2', 'OAuth 2.0'],
  ['jwt', 'JWT bearer'],
  ['password', 'OAuth 2.0 password grant'],
  ['client_credentials', 'OAuth 2.0 client credentials'],
];

/** The connection editor: the original's Connection and OAuth 2.0 tabs, Save, Test Connection, Generate, Reset. */
export function editorPage(csrfToken: string, view: EditorView): SafeHtml {
  const f = view.form;
  const path = `/connections/${encodeURIComponent(f.name)}`;
  const action = view.mode === 'new' ? '/connections' : path;
  const body = html` ${notices(view)}
    <form method="post" action="${action}" id="editor" novalidate>
      ${csrfField(csrfToken)} ${tabList(view)} ${connectionPanel(view)} ${oauthPanel(view)} ${jwtPanel(view)}
      ${formButtons(view, path)}
    </form>
    ${view.mode === 'new' ? newConnectionTestHint() : savedConnectionFooter(csrfToken, path)}
    <div id="test-result-slot" aria-live="polite">
      ${view.lastTest === undefined ? '' : testResult(view.lastTest, view.lastTestNote)}
    </div>`;
  return layout({
    title: view.mode === 'new' ? 'New connection' : `Connection ${f.name}`,
    csrfToken,
    body,
    crumbs: view.mode === 'new' ? [['New', '/connections/new']] : [[f.name, `${path}/edit`]],
  });
}

/** The outcome of the last Save, and how many fields need fixing. */
function notices(view: EditorView): SafeHtml {
  const errorCount = Object.keys(view.errors).length;
  return html`${view.notice === undefined ? '' : html`<p class="notice ${view.notice.ok ? 'ok' : 'bad'}" role="status">${view.notice.text}</p>`}
  ${errorCount === 0 ? '' : html`<p class="notice bad" role="alert">Please fix ${errorCount === 1 ? 'the field' : `the ${errorCount} fields`} marked below.</p>`}`;
}

/** The Connection, OAuth 2.0 and JWT bearer tabs. */
function tabList(view: EditorView): SafeHtml {
  const tabSelected = (tab: EditorView['tab']): string => String(view.tab === tab);
  return html`<div class="tabs" role="tablist" aria-label="Connection settings">
    <button
      type="button"
      role="tab"
      id="tab-connection"
      aria-controls="panel-connection"
      aria-selected="${tabSelected('connection')}"
    >
      Connection
    </button>
    <button type="button" role="tab" id="tab-oauth" aria-controls="panel-oauth" aria-selected="${tabSelected('oauth')}">
      OAuth 2.0
    </button>
    <button type="button" role="tab" id="tab-jwt" aria-controls="panel-jwt" aria-selected="${tabSelected('jwt')}">
      JWT bearer
    </button>
  </div>`;
}

/** The Connection tab: name, URL, authentication type, user, password and the TLS files. */
function connectionPanel(view: EditorView): SafeHtml {
  return html`<fieldset role="tabpanel" id="panel-connection" aria-labelledby="tab-connection">
    <legend>Connection</legend>
    ${field(view, { id: 'name', label: 'Name', requiredFor: 'all', control: input('name', view, { requiredFor: 'all', readonly: view.mode === 'edit', placeholder: 'dev' }), hint: view.mode === 'edit' ? 'The name identifies the connection for the CLI too; it cannot be changed.' : 'Letters, digits, ".", "_" and "-". The CLI uses it: nowrest --connection <name>.' })}
    ${field(view, { id: 'baseUrl', label: 'Base URL', requiredFor: 'all', control: input('baseUrl', view, { type: 'url', requiredFor: 'all', placeholder: 'https://dev8954.service-now.com/api/now/v2' }), hint: view.notes !== undefined && view.notes.length > 0 ? view.notes.join(' ') : 'The instance, optionally with the API version, e.g. https://dev8954.service-now.com/api/now/v2.' })}
    <div class="field">
      <label for="auth">Authentication Type</label>
      <div>
        <select id="auth" name="auth">
          ${AUTH_TYPES.map(
            ([value, label]) =>
              html`<option value="${value}" ${view.form.auth === value ? html` selected` : ''}>${label}</option>`,
          )}
        </select>
      </div>
      <div class="hint">
        Basic uses the fields below; OAuth 2.0 (a browser sign-in) uses the OAuth 2.0 tab; JWT bearer uses both the
        OAuth 2.0 tab (client, secret, token URL) and the JWT bearer tab. The password grant uses the user name and
        password below and the OAuth 2.0 tab; client credentials uses the OAuth 2.0 tab only and acts as the
        application's OAuth Application User.
      </div>
    </div>
    ${field(view, { id: 'username', label: 'User Name', requiredFor: USER_TYPES, control: input('username', view, { requiredFor: USER_TYPES }) })}
    ${field(view, { id: 'password', label: 'Password', requiredFor: USER_TYPES, control: secretControl('password', 'Password', view.passwordSet) })}
    ${tlsSettings(view)}
  </fieldset>`;
}

/** The optional client certificate, its key and extra CAs. */
function tlsSettings(view: EditorView): SafeHtml {
  return html`<fieldset id="tls-settings" class="subsection">
    <legend>Client certificate and CA (optional)</legend>
    <p class="muted">
      For instances that require mutual TLS, or sit behind a private CA. Full paths of PEM files on this computer: they
      are read on every use and never copied, so the key stays where it is.
    </p>
    ${field(view, { id: 'clientCertFile', label: 'Client Certificate File', control: input('clientCertFile', view, { placeholder: '/home/me/certs/client.pem' }) })}
    ${field(view, { id: 'clientKeyFile', label: 'Client Key File', control: input('clientKeyFile', view, { placeholder: '/home/me/certs/client-key.pem' }), hint: 'The private key of that certificate, unencrypted PEM. Clear both fields to stop sending a certificate.' })}
    ${field(view, { id: 'caFile', label: 'CA File', control: input('caFile', view, { placeholder: '/home/me/certs/corp-ca.pem' }), hint: 'Extra CA certificates to trust for this instance, besides the system ones.' })}
  </fieldset>`;
}

/** The OAuth 2.0 tab: what each grant does, the client, the URLs and, for the code flow, Generate and Reset. */
function oauthPanel(view: EditorView): SafeHtml {
  const f = view.form;
  // Generate, Reset and the redirect URL belong to the Authorization Code flow only.
  const codeFlow = f.auth === 'oauth2';
  return html`<fieldset role="tabpanel" id="panel-oauth" aria-labelledby="tab-oauth">
    <legend>OAuth 2.0</legend>
    <div data-shown-for="oauth2" ${codeFlow ? '' : html` hidden`}>
      <p class="muted">
        Grant type: Authorization Code (with PKCE). Register the redirect URL <code>${view.callbackUrl}</code> in the
        instance's Application Registry.
      </p>
    </div>
    <p
      class="muted"
      id="no-code-flow"
      data-shown-for="basic jwt password client_credentials"
      ${codeFlow ? html` hidden` : ''}
    >
      Generate and Reset are for OAuth 2.0 (Authorization Code) connections only. Basic sends the user name and password
      with each request; JWT bearer uses the Client ID, Client Secret and Access Token URL below and gets its tokens by
      signing an assertion, with no browser sign-in.
    </p>
    <p class="muted" id="grant-password" data-shown-for="password" ${f.auth === 'password' ? '' : html` hidden`}>
      Grant type: Resource Owner Password. The user name and password of the Connection tab, with this Client ID and
      Client Secret, are exchanged at the Access Token URL for tokens, which refresh by themselves.
    </p>
    <p
      class="muted"
      id="grant-client-credentials"
      data-shown-for="client_credentials"
      ${f.auth === 'client_credentials' ? '' : html` hidden`}
    >
      Grant type: Client Credentials. The token acts as the OAuth Application User set on the instance's Application
      Registry entry, and the instance needs the system property
      <code>glide.oauth.inbound.client.credential.grant_type.enabled</code> set to true. There is no refresh token: a
      new one is requested when it expires.
    </p>
    ${field(view, { id: 'clientId', label: 'Client ID', requiredFor: CLIENT_TYPES, control: input('clientId', view, { requiredFor: CLIENT_TYPES }) })}
    ${field(view, { id: 'clientSecret', label: 'Client Secret', requiredFor: CLIENT_TYPES, control: secretControl('clientSecret', 'Client Secret', view.clientSecretSet) })}
    <div data-shown-for="oauth2" ${codeFlow ? '' : html` hidden`}>
      ${field(view, { id: 'authUrl', label: 'Authorization Token URL', requiredFor: 'oauth2', control: input('authUrl', view, { type: 'url', requiredFor: 'oauth2' }) })}
    </div>
    ${field(view, { id: 'tokenUrl', label: 'Access Token URL', requiredFor: CLIENT_TYPES, control: input('tokenUrl', view, { type: 'url', requiredFor: CLIENT_TYPES }) })}
    <div data-shown-for="oauth2" id="code-flow-controls" ${codeFlow ? '' : html` hidden`}>
      <div class="field">
        <span id="access-token-label">Access Token</span>
        <div><span id="access-token-state" aria-labelledby="access-token-label">${view.token.text}</span></div>
        ${view.mode === 'edit' ? html`<div class="hint">Generate opens the instance's consent page in a popup and uses the <em>saved</em> settings: Save first.</div>` : html`<div class="hint">Save the connection before you Generate a token.</div>`}
      </div>
      ${
        view.mode === 'edit'
          ? html`<div class="buttons">
                <button type="button" id="generate" data-connection="${f.name}">Generate</button
                ><button type="submit" form="reset-form" id="reset">Reset</button>
              </div>
              <p id="oauth-result" class="notice" role="status" hidden></p>`
          : ''
      }
    </div>
  </fieldset>`;
}

/** The JWT bearer tab: subject, key ID and private key. */
function jwtPanel(view: EditorView): SafeHtml {
  return html`<fieldset role="tabpanel" id="panel-jwt" aria-labelledby="tab-jwt">
    <legend>JWT bearer</legend>
    <p class="muted">
      Grant type: JWT bearer (RFC 7523). The console signs a short-lived RS256 assertion with the private key and
      exchanges it, with the Client ID and Client Secret of the OAuth 2.0 tab, at the Access Token URL. The instance
      checks it with the public key in its JWT verifier map. No browser sign-in and no Generate.
    </p>
    ${field(view, { id: 'subject', label: 'Subject (user)', requiredFor: 'jwt', control: input('subject', view, { requiredFor: 'jwt', placeholder: 'integration.user' }), hint: 'The ServiceNow user the tokens act as (the sub claim).' })}
    ${field(view, { id: 'keyId', label: 'Key ID', control: input('keyId', view), hint: 'The kid header the verifier map is keyed on (optional).' })}
    ${field(view, { id: 'privateKey', label: 'Private Key', requiredFor: 'jwt', control: secretControl('privateKey', 'Private Key (PEM)', view.privateKeySet === true, true), hint: 'An RSA private key in PEM form, e.g. from openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048.' })}
  </fieldset>`;
}

/** Save, Test Connection (of the form as it is), Operations and Cancel. */
function formButtons(view: EditorView, path: string): SafeHtml {
  return html`<div class="buttons">
    <button type="submit" class="primary" id="save">Save</button> ${
      view.mode === 'edit'
        ? html`<button type="submit" formaction="${path}/test" id="test" aria-describedby="test-hint">
              Test Connection
            </button>
            <a class="button" href="${path}/operations">Operations</a>`
        : html`<button type="submit" formaction="${NEW_CONNECTION_TEST_PATH}" id="test" aria-describedby="test-hint">
            Test Connection
          </button>`
    }<a class="button" href="/">Cancel</a>
  </div>`;
}

/** What Test Connection does before the connection is saved. */
function newConnectionTestHint(): SafeHtml {
  return html`<p class="hint" id="test-hint">
    Test Connection tests the settings in the form without saving anything; the connection is stored only when you press
    Save.
  </p>`;
}

/** The Test Connection hint of a saved connection and the form the Reset button submits. */
function savedConnectionFooter(csrfToken: string, path: string): SafeHtml {
  return html`<p class="hint" id="test-hint">
      Test Connection tests the settings in the form as they are now, without saving them; secrets you have not set
      again come from the vault.
    </p>
    ${confirmForm(csrfToken, `${path}/oauth/reset`, 'reset-form', 'Clear the stored access and refresh tokens?')}`;
}
