import { html, type SafeHtml } from '../html.js';
import type { FieldName } from '../connection-form.js';
import type { TestOutcome } from '../status-store.js';

const FIELD_LABELS: Readonly<Record<FieldName, string>> = {
  name: 'Name',
  baseUrl: 'Base URL',
  auth: 'Authentication Type',
  username: 'User Name',
  password: 'Password',
  clientId: 'Client ID',
  clientSecret: 'Client Secret',
  authUrl: 'Authorization Token URL',
  tokenUrl: 'Access Token URL',
  subject: 'Subject (user)',
  keyId: 'Key ID',
  privateKey: 'Private Key',
  clientCertFile: 'Client Certificate File',
  clientKeyFile: 'Client Key File',
  caFile: 'CA File',
};

/** Library messages mark names with Markdown backticks (`admin`); shown as <code>, escaped like any text. */
export function inlineCode(text: string): SafeHtml {
  return html`${text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part))}`;
}

/** Test Connection refused to run because the form has errors: each field with its fix. */
export function untestedResult(errors: Partial<Record<FieldName, string>>): SafeHtml {
  return html`<section id="test-result" aria-labelledby="test-result-title" class="notice bad">
    <h2 id="test-result-title">Test Connection: <span class="status-bad">not run</span></h2>
    <p>Fix these fields first (nothing was saved):</p>
    <ul>
      ${Object.entries(errors).map(([id, message]) => html`<li><strong>${FIELD_LABELS[id as FieldName]}</strong>: ${message}</li>`)}
    </ul>
  </section>`;
}

/** Why a result may not describe the saved settings: it tested the unsaved form, or the settings were saved since. */
export type TestNote = 'unsaved' | 'stale';

/** The staged Test Connection report: each stage with ✓/✗, the summary and, on failure, the remedy. */
export function testResult(outcome: TestOutcome, note?: TestNote): SafeHtml {
  return html`<section id="test-result" aria-labelledby="test-result-title" class="notice ${outcome.ok ? 'ok' : 'bad'}">
    <h2 id="test-result-title">
      Test Connection:
      ${outcome.ok ? html`<span class="status-ok">✓ passed</span>` : html`<span class="status-bad">✗ failed</span>`}
    </h2>
    <p class="muted">Run at ${outcome.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</p>
    ${note === 'unsaved' ? html`<p class="test-note" id="test-note">Tested the settings in the form, which are <strong>not saved</strong>: press Save to keep them.</p>` : ''}
    ${note === 'stale' ? html`<p class="test-note" id="test-note"><strong>Settings changed since this test</strong>: it tested other settings than the saved ones. Press Test Connection again.</p>` : ''}
    <ol class="stages">
      ${outcome.stages.map((stage) => (stage.skipped === true ? html`<li data-ok="skipped" class="muted"><span aria-hidden="true">–</span> <strong>${stage.name}</strong>: skipped</li>` : html`<li data-ok="${String(stage.ok)}"><span aria-hidden="true">${stage.ok ? '✓' : '✗'}</span> <strong>${stage.name}</strong><span class="visually-hidden">${stage.ok ? ' (passed)' : ' (failed)'}</span>${stage.detail === '' ? '' : html`: ${inlineCode(stage.detail)}`}</li>`))}
    </ol>
    <p class="summary"><strong>${inlineCode(outcome.summary)}</strong></p>
    ${outcome.remedy === undefined ? '' : html`<p class="remedy">What to do: ${inlineCode(outcome.remedy)}</p>`}
  </section>`;
}
