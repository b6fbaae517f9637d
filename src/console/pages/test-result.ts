import { html, type SafeHtml } from '../html.js';
import type { TestOutcome } from '../status-store.js';

/** The staged Test Connection report: each stage with ✓/✗, the summary and, on failure, the remedy. */
export function testResult(outcome: TestOutcome): SafeHtml {
  return html`<section id="test-result" aria-labelledby="test-result-title" class="notice ${outcome.ok ? 'ok' : 'bad'}">
    <h2 id="test-result-title">
      Test Connection:
      ${outcome.ok ? html`<span class="status-ok">✓ passed</span>` : html`<span class="status-bad">✗ failed</span>`}
    </h2>
    <p class="muted">Run at ${outcome.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</p>
    <ol class="stages">
      ${outcome.stages.map((stage) => html`<li data-ok="${String(stage.ok)}"><span aria-hidden="true">${stage.ok ? '✓' : '✗'}</span> <strong>${stage.name}</strong><span class="visually-hidden">${stage.ok ? ' (passed)' : ' (failed)'}</span>${stage.detail === '' ? '' : html`: ${stage.detail}`}</li>`)}
    </ol>
    <p class="summary"><strong>${outcome.summary}</strong></p>
    ${outcome.remedy === undefined ? '' : html`<p class="remedy">What to do: ${outcome.remedy}</p>`}
  </section>`;
}
