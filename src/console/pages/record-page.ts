import { html, type SafeHtml } from '../html.js';
import type { RecordForm } from '../record-form.js';
import { attachmentsSection, type AttachmentsView } from './attachments-section.js';
import { historySection, type HistoryView } from './history-section.js';
import { confirmForm, csrfField, layout } from './layout.js';
import { backSuffix, operationsLink } from '../back-link.js';
import { recordFormSection } from './record-form-section.js';

/** What the record page (view, edit, create) shows. */
export interface RecordView {
  readonly connection: string;
  readonly table: string;
  /** Undefined for a new record. */
  readonly sysId?: string | undefined;
  /** The form; undefined when the record could not be read (the page then shows the notice only). */
  readonly form?: RecordForm | undefined;
  readonly notice?: { readonly ok: boolean; readonly text: string } | undefined;
  /** The record's attachments (existing records only); omitted when not fetched. */
  readonly attachments?: AttachmentsView | undefined;
  /** The record's comments and work notes (existing records with journal fields only). */
  readonly history?: HistoryView | undefined;
  /** The Operations query this record was opened from (see back-link.ts), '' or undefined for none. */
  readonly back?: string | undefined;
}

/**
 * The Update (or Create), Delete and Back buttons. Drawn above and below the fields; the buttons name their
 * forms (`form=`), so the top bar works though it sits outside them.
 */
function actions(view: RecordView, where: 'top' | 'bottom'): SafeHtml {
  const isNew = view.sysId === undefined;
  const suffix = where === 'top' ? '-top' : '';
  return html`<div class="buttons record-actions ${where}" id="record-actions-${where}">
    ${
      view.form === undefined
        ? ''
        : html`<button type="submit" form="record-form" class="primary" id="${isNew ? 'create' : 'update'}${suffix}">
            ${isNew ? 'Create' : 'Update'}
          </button>`
    }
    ${isNew ? '' : html`<button type="submit" form="delete-form" class="danger" id="delete${suffix}">Delete</button>`}
    <a class="button" href="${operationsLink(view.connection, view.table, view.back ?? '')}" id="back${suffix}"
      >Back to ${view.table}</a
    >
  </div>`;
}

/** The edit form: the field sections between two action bars. */
function recordForm(csrfToken: string, view: RecordView, form: RecordForm, action: string): SafeHtml {
  const isNew = view.sysId === undefined;
  return html`${actions(view, 'top')}
    <form
      method="post"
      action="${action}${backSuffix(view.back ?? '')}"
      id="record-form"
      data-confirm="${isNew ? `Create this ${view.table} record on the instance?` : 'Update this record on the instance?'}"
    >
      ${csrfField(csrfToken)}
      <p class="muted">${isNew ? 'Empty fields are not sent.' : 'Only changed fields are sent.'}</p>
      ${recordFormSection(form)} ${actions(view, 'bottom')}
    </form>`;
}

/** A record as a form grouped like the instance's form (or an empty create form), with Update and Delete. */
export function recordPage(csrfToken: string, view: RecordView): SafeHtml {
  const base = `/connections/${encodeURIComponent(view.connection)}/tables/${encodeURIComponent(view.table)}`;
  const isNew = view.sysId === undefined;
  const back = view.back ?? '';
  const action = isNew ? `${base}/records` : `${base}/records/${encodeURIComponent(view.sysId ?? '')}`;
  const name = view.form?.recordName || view.sysId || '';
  const title = isNew ? `New ${view.table} record` : `${view.table} ${name}`;
  const notice =
    view.notice === undefined
      ? ''
      : html`<p class="notice ${view.notice.ok ? 'ok' : 'bad'}" role="status" id="record-notice">
          ${view.notice.text}
        </p>`;
  const body = html`${notice}
  ${isNew ? '' : html`<p class="muted">sys_id <code id="record-sys-id">${view.sysId}</code></p>`}
  ${view.form === undefined ? actions({ ...view, back }, 'bottom') : recordForm(csrfToken, { ...view, back }, view.form, action)}
  ${isNew || view.attachments === undefined ? '' : attachmentsSection(csrfToken, action, view.attachments, back)}
  ${isNew || view.history === undefined ? '' : historySection(view.history)}
  ${
    isNew
      ? ''
      : confirmForm(
          csrfToken,
          `${action}/delete${backSuffix(back)}`,
          'delete-form',
          'Delete this record from the instance? This cannot be undone.',
        )
  }`;
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
