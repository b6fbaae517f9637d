import { html, type HtmlValue, type SafeHtml } from '../html.js';
import type { FieldName } from '../connection-form.js';
import type { EditorView } from './editor-page.js';

/** The parts the connection editor's fields are built from. */
export interface FieldSpec {
  readonly id: FieldName;
  readonly label: string;
  readonly control: HtmlValue;
  readonly hint?: HtmlValue;
  readonly requiredFor?: RequiredFor;
}

/** Which auth types need a field: one type, several separated by spaces (the page script splits them), or all. */
export type RequiredFor = 'oauth2' | 'jwt' | typeof USER_TYPES | typeof CLIENT_TYPES | 'all';

/** The types that sign in with a user's password, and those that send an OAuth client ID and token URL. */
export const USER_TYPES = 'basic password';
export const CLIENT_TYPES = 'oauth2 jwt password client_credentials';

/** One labelled form row: the control, its required marker, hint and error. */
export function field(view: EditorView, spec: FieldSpec): SafeHtml {
  const error = view.errors[spec.id];
  const marker =
    spec.requiredFor === undefined
      ? ''
      : spec.requiredFor === 'all'
        ? html` <span class="required-marker" aria-hidden="true">*</span>`
        : html` <span class="required-marker" aria-hidden="true" data-required-for="${spec.requiredFor}">*</span>`;
  return html`<div class="field">
    <label for="${spec.id}">${spec.label}${marker}</label>
    <div>${spec.control}</div>
    ${spec.hint === undefined ? '' : html`<div class="hint" id="${spec.id}-hint">${spec.hint}</div>`}
    ${error === undefined ? '' : html`<div class="error" id="${spec.id}-error" role="alert">${error}</div>`}
  </div>`;
}

/** The form fields that are plain text inputs (secrets have their own control). */
type InputName = Exclude<FieldName, 'auth' | 'password' | 'clientSecret' | 'privateKey'>;

/** A text-like input of the editor form showing the form's value, marked required for the auth types that need it. */
export function input(
  id: InputName,
  view: EditorView,
  extra: { type?: string; requiredFor?: RequiredFor; readonly?: boolean; placeholder?: string } = {},
): SafeHtml {
  const invalid = view.errors[id] !== undefined;
  const required = extra.requiredFor === 'all' || (extra.requiredFor?.split(' ') ?? []).includes(view.form.auth);
  return html`<input
    type="${extra.type ?? 'text'}"
    id="${id}"
    name="${id}"
    value="${view.form[id]}"
    ${required ? html` required` : ''}${
      extra.requiredFor !== undefined && extra.requiredFor !== 'all'
        ? html` data-required-for="${extra.requiredFor}"`
        : ''
    }${extra.readonly ? html` readonly` : ''}${extra.placeholder ? html` placeholder="${extra.placeholder}"` : ''}${
      invalid ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
    }
    autocomplete="off"
    spellcheck="false"
  />`;
}

/**
 * A secret that is never sent to the page: its state, a Click to Set / Change button and a dialog with Apply.
 * A multi-line secret (a PEM key) gets a textarea instead of a password box.
 */
export function secretControl(
  id: 'password' | 'clientSecret' | 'privateKey',
  label: string,
  isSet: boolean,
  multiline = false,
): SafeHtml {
  const dialogId = `${id}-dialog`;
  const box = multiline
    ? html`<textarea
        id="${id}"
        name="${id}"
        rows="8"
        cols="64"
        autocomplete="off"
        spellcheck="false"
        placeholder="-----BEGIN PRIVATE KEY-----"
      ></textarea>`
    : html`<input type="password" id="${id}" name="${id}" autocomplete="new-password" />`;
  return html`<span class="secret-state" data-secret-state="${id}" id="${id}-state">${isSet ? 'set' : 'not set'}</span>
    <button type="button" data-open-dialog="${dialogId}" aria-describedby="${id}-state">
      ${isSet ? 'Change' : 'Click to Set'}
    </button>
    <dialog id="${dialogId}" class="secret-dialog" aria-labelledby="${dialogId}-title">
      <h2 id="${dialogId}-title">${label}</h2>
      <p><label for="${id}">${label}</label><br />${box}</p>
      <p class="muted">Stored encrypted in the vault when you press Save. It is never shown again.</p>
      <div class="buttons">
        <button type="button" class="primary" data-dialog-apply>Apply</button
        ><button type="button" data-dialog-cancel>Cancel</button>
      </div>
    </dialog>`;
}
