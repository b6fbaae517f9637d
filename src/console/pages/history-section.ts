import type { JournalEntry } from '../../lib/journal/journal.js';
import { html, type SafeHtml } from '../html.js';

/** A record's journal as the record page shows it: the entries (with a note when empty), or why not. */
export type HistoryView =
  { readonly entries: readonly JournalEntry[]; readonly note?: string | undefined } | { readonly error: string };

const LABELS: Readonly<Record<string, string>> = { comments: 'Additional comments', work_notes: 'Work notes' };

/** The History section: comments and work notes from sys_journal_field, newest first. */
export function historySection(view: HistoryView): SafeHtml {
  const body =
    'error' in view
      ? html`<p class="notice bad" id="history-error">The history could not be read: ${view.error}</p>`
      : view.entries.length === 0
        ? html`<p class="muted" id="history-empty">
            ${view.note ? sentence(view.note) : 'No comments or work notes.'}
          </p>`
        : html`<ol id="history" class="history">
            ${view.entries.map(
              (e) =>
                html`<li data-field="${e.field}">
                  <p class="muted">${e.time} UTC · ${e.author} · ${LABELS[e.field] ?? e.field}</p>
                  <pre>${e.text}</pre>
                </li>`,
            )}
          </ol>`;
  return html`<section id="history-section">
    <h2>History</h2>
    ${body}
  </section>`;
}

/** `no entries; …` → `No entries; ….` */
function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
