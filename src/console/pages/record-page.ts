import { html, type SafeHtml } from '../html.js';
import type { FieldInfo } from '../../lib/schema/schema-types.js';
import type { TableRecord } from '../../lib/table.js';
import { rawValue } from '../format-value.js';
import { attachmentsSection, type AttachmentsView } from './attachments-section.js';
import { historySection, type HistoryView } from './history-section.js';
import { csrfField, layout } from './layout.js';
import { backSuffix, operationsLink } from '../back-link.js';

/** What the record page (view, edit, create) shows. */
export interface RecordView {
  readonly connection: string;
  readonly table: string;
  /** Undefined for a new record. */
  readonly sysId?: string | undefined;
  readonly record: TableRecord;
  readonly fields: readonly FieldInfo[];
  readonly notice?: { readonly ok: boolean; readonly text: string } | undefined;
  /** The record's attachments (existing records only); omitted when not fetched. */
  readonly attachments?: AttachmentsView | undefined;
  /** The record's comments and work notes (existing records with journal fields only). */
  readonly history?: HistoryView | undefined;
  /** The Operations query this record was opened from (see back-link.ts), '' or undefined for none. */
  readonly back?: string | undefined;
}

/** Field names to show: the schema's (in label order) or, without schema, the record's own keys. */
function fieldList(view: RecordView): { name: string; label: string; readOnly: boolean }[] {
  const isNew = view.sysId === undefined;
  const fromSchema = view.fields
    .filter((f) => !(isNew && (f.readOnly || f.name.startsWith('sys_'))))
    .map((f) => ({ name: f.name, label: f.label, readOnly: f.readOnly || f.name.startsWith('sys_') }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (fromSchema.length > 0) return fromSchema;
  return Object.keys(view.record)
    .sort()
    .map((name) => ({ name, label: name, readOnly: name.startsWith('sys_') }));
}

/** A record as an edit form (or an empty create form), with Update/Create and Delete. */
export function recordPage(csrfToken: string, view: RecordView): SafeHtml {
  const base = `/connections/${encodeURIComponent(view.connection)}/tables/${encodeURIComponent(view.table)}`;
  const isNew = view.sysId === undefined;
  const back = view.back ?? '';
  const action = isNew ? `${base}/records` : `${base}/records/${encodeURIComponent(view.sysId ?? '')}`;
  const title = isNew
    ? `New ${view.table} record`
    : `${view.table} ${rawValue(view.record['number']) || (view.sysId ?? '')}`;
  const body = html` ${view.notice === undefined ? '' : html`<p class="notice ${view.notice.ok ? 'ok' : 'bad'}" role="status" id="record-notice">${view.notice.text}</p>`}
    ${isNew ? '' : html`<p class="muted">sys_id <code id="record-sys-id">${view.sysId}</code></p>`}
    <form
      method="post"
      action="${action}${backSuffix(back)}"
      id="record-form"
      data-confirm="${isNew ? `Create this ${view.table} record on the instance?` : 'Update this record on the instance?'}"
    >
      ${csrfField(csrfToken)}
      <fieldset>
        <legend>${isNew ? 'Fields (empty fields are not sent)' : 'Fields (only changed fields are sent)'}</legend>
        ${fieldList(view).map(
          (f) =>
            html`<div class="field">
              <label for="v_${f.name}">${f.label}</label>
              <div>
                <input
                  id="v_${f.name}"
                  name="v_${f.name}"
                  value="${rawValue(view.record[f.name])}"
                  ${f.readOnly ? html` readonly` : ''}
                  autocomplete="off"
                />
              </div>
              ${f.label === f.name ? '' : html`<div class="hint">${f.name}</div>`}
            </div>`,
        )}
      </fieldset>
      <div class="buttons">
        <button type="submit" class="primary" id="${isNew ? 'create' : 'update'}">
          ${isNew ? 'Create' : 'Update'}
        </button>
        <a class="button" href="${operationsLink(view.connection, view.table, back)}" id="back"
          >Back to ${view.table}</a
        >
      </div>
    </form>
    ${isNew || view.attachments === undefined ? '' : attachmentsSection(csrfToken, action, view.attachments, back)}
    ${isNew || view.history === undefined ? '' : historySection(view.history)}
    ${isNew ? '' : html`<form method="post" action="${action}/delete${backSuffix(back)}" data-confirm="Delete this record from the instance? This cannot be undone.">${csrfField(csrfToken)}<button type="submit" class="danger" id="delete">Delete record</button></form>`}`;
  return layout({
    title,
    csrfToken,
    body,
    crumbs: [
      [view.connection, `/connections/${encodeURIComponent(view.connection)}/edit`],
      ['Operations', operationsLink(view.connection, view.table, back)],
    ],
  });
}
