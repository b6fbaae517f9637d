import { html, type SafeHtml } from '../html.js';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import type { TestOutcome } from '../status-store.js';
import type { TokenStateView } from '../token-state.js';
import { csrfField, layout } from './layout.js';

/** One row of the connections list. */
export interface ConnectionRow {
  readonly profile: ConnectionProfile;
  readonly token: TokenStateView;
  readonly lastTest: TestOutcome | undefined;
  /** The last test was of other settings than the saved ones. */
  readonly lastTestStale?: boolean;
}

const AUTH_LABEL = {
  basic: 'Basic',
  oauth2: 'OAuth 2.0',
  jwt: 'JWT bearer',
  password: 'OAuth 2.0 password grant',
  client_credentials: 'OAuth 2.0 client credentials',
} as const;

/** A one-line verdict of the last Test Connection, with a ✓/✗ that is also spelled out for screen readers. */
export function testVerdict(outcome: TestOutcome | undefined, stale = false): SafeHtml {
  if (outcome === undefined) return html`<span class="muted">not tested</span>`;
  const verdict = outcome.ok
    ? html`<span class="status-ok">✓ passed</span>
        <span class="muted">${outcome.at.toISOString().slice(11, 19)} UTC</span>`
    : html`<span class="status-bad">✗ failed</span>: ${outcome.summary}`;
  return stale ? html`${verdict} <span class="test-note">(settings changed since this test)</span>` : verdict;
}

/** The home page: every stored connection and what can be done with it. */
export function connectionsPage(csrfToken: string, rows: readonly ConnectionRow[], notice?: string): SafeHtml {
  const body = html` ${notice === undefined ? '' : html`<p class="notice ok" role="status">${notice}</p>`}
    <p><a class="button" href="/connections/new">Add connection</a></p>
    ${
      rows.length === 0
        ? html`<p>
            No connections yet. Add one to get started; the CLI (<code>nowrest connections</code>) sees the same list.
          </p>`
        : html`<table id="connections">
            <caption class="muted">
              Stored in the nowrest configuration directory, secrets in the encrypted vault.
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Base URL</th>
                <th scope="col">Authentication</th>
                <th scope="col">Access token</th>
                <th scope="col">Last Test Connection</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map((row) => {
                const name = row.profile.name;
                const path = `/connections/${encodeURIComponent(name)}`;
                return html`<tr data-connection="${name}">
                  <th scope="row"><a href="${path}/edit">${name}</a></th>
                  <td>${row.profile.baseUrl}</td>
                  <td>${AUTH_LABEL[row.profile.auth]}</td>
                  <td>
                    ${
                      row.profile.auth === 'oauth2' ||
                      row.profile.auth === 'password' ||
                      row.profile.auth === 'client_credentials'
                        ? row.token.text
                        : html`<span class="muted">n/a</span>`
                    }
                  </td>
                  <td>${testVerdict(row.lastTest, row.lastTestStale === true)}</td>
                  <td class="actions">
                    <a class="button" href="${path}/edit">Edit</a>
                    <a class="button" href="${path}/operations">Operations</a>
                    <form method="post" action="${path}/test">
                      ${csrfField(csrfToken)}<button type="submit">Test Connection</button>
                    </form>
                    <form
                      method="post"
                      action="${path}/delete"
                      data-confirm="${`Delete the connection "${name}" and its stored secrets?`}"
                    >
                      ${csrfField(csrfToken)}<button type="submit" class="danger" aria-label="${`Delete ${name}`}">
                        Delete
                      </button>
                    </form>
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }`;
  return layout({ title: 'Connections', csrfToken, body });
}
