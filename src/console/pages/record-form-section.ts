import { html, type SafeHtml } from '../html.js';
import type { ChoiceOption, FormBlock, FormField, FormSection, RecordForm } from '../record-form.js';
import { TIME_ZONE_FIELD } from '../record-form-input.js';
import { offsetLabel } from '../time-zone.js';

function options(list: readonly ChoiceOption[]): SafeHtml {
  const option = (o: ChoiceOption): SafeHtml =>
    html`<option value="${o.value}" ${o.selected ? html`selected` : ''}>${o.label}</option>`;
  const groups = [...new Set(list.map((o) => o.group).filter((g) => g !== undefined))];
  if (groups.length === 0) return html`${list.map(option)}`;
  // Dependent choices (subcategory by category): one group per value of the field they depend on.
  return html`${list.filter((o) => o.group === undefined).map(option)}${groups.map(
    (g) => html`<optgroup label="${g}">${list.filter((o) => o.group === g).map(option)}</optgroup>`,
  )}`;
}

function referenceControl(f: FormField, table: string, display: string, href: string | undefined): SafeHtml {
  const shown =
    href === undefined
      ? html`<span class="muted reference-empty" id="ref_${f.name}">empty</span>`
      : html`<a class="reference-link" id="ref_${f.name}" href="${href}" title="${table} sys_id ${f.value}"
          >${display}</a
        >`;
  if (f.readOnly) return html`<div class="reference">${shown}</div>`;
  return html`<div class="reference">
    ${shown}
    <details class="reference-edit">
      <summary>${f.value === '' ? 'Set' : 'Change'}</summary>
      <input
        id="v_${f.name}"
        name="v_${f.name}"
        value="${f.value}"
        placeholder="sys_id of a ${table} record"
        autocomplete="off"
        spellcheck="false"
      />
    </details>
  </div>`;
}

function control(f: FormField): SafeHtml {
  const ro = f.readOnly ? html` readonly` : '';
  const w = f.widget;
  switch (w.kind) {
    case 'reference':
      return referenceControl(f, w.table, w.display, w.href);
    case 'choice':
      return html`<select id="v_${f.name}" name="v_${f.name}" ${f.readOnly ? html`disabled` : ''}>
        ${options(w.options)}
      </select>`;
    case 'datetime':
      return html`<input
        type="datetime-local"
        step="1"
        id="v_${f.name}"
        name="z_${f.name}"
        value="${w.local}"
        ${ro}
      />`;
    case 'date':
      return html`<input type="date" id="v_${f.name}" name="v_${f.name}" value="${f.value}" ${ro} />`;
    case 'journal':
      return html`<textarea
        id="v_${f.name}"
        name="v_${f.name}"
        placeholder="Added as a new entry on Update"
      ></textarea>`;
    case 'text':
      return w.multiline
        ? html`<textarea id="v_${f.name}" name="v_${f.name}" ${ro}>${f.value}</textarea>`
        : html`<input id="v_${f.name}" name="v_${f.name}" value="${f.value}" ${ro} autocomplete="off" />`;
  }
}

function field(f: FormField): SafeHtml {
  return html`<div class="field" data-field="${f.name}">
    <label for="v_${f.name}"
      >${f.label}${f.mandatory ? html`<span class="required-marker" title="Mandatory"> *</span>` : ''}</label
    >
    <div>${control(f)}</div>
    ${f.label === f.name ? '' : html`<div class="hint">${f.name}</div>`}
  </div>`;
}

function block(b: FormBlock): SafeHtml {
  if (b.kind === 'full') return html`${b.fields.map(field)}`;
  return html`<div class="form-columns">
    ${b.columns.map((c) => html`<div class="form-column">${c.map(field)}</div>`)}
  </div>`;
}

function section(s: FormSection): SafeHtml {
  const count = s.blocks.reduce((n, b) => n + (b.kind === 'full' ? b.fields.length : b.columns.flat().length), 0);
  if (s.collapsed) {
    return html`<details class="form-section" id="${s.id}">
      <summary>${s.caption} <span class="muted">(${count})</span></summary>
      ${s.blocks.map(block)}
    </details>`;
  }
  return html`<section class="form-section" id="${s.id}">
    ${s.caption === '' ? '' : html`<h2>${s.caption}</h2>`} ${s.blocks.map(block)}
  </section>`;
}

/** Which time zone the form's times are in, and why. */
function timeZoneNote(form: RecordForm, now: Date): SafeHtml {
  const { zone, source, userName } = form.timeZone;
  const where = html`<strong>${zone}</strong> (${offsetLabel(zone, now)})`;
  const why =
    source === 'user'
      ? html`the time zone on ${userName}'s user record`
      : source === 'browser'
        ? userName === undefined
          ? html`your browser's time zone (the console does not know which user this connection signs in as)`
          : html`your browser's time zone (${userName}'s user record sets none, or it could not be read)`
        : html`your browser's time zone is not known yet (it is read by the page's script)`;
  return html`<p class="muted" id="time-zone-note" data-source="${source}" data-zone="${zone}">
    Times are shown in ${where}: ${why}. They are sent to the instance in UTC.
  </p>`;
}

function layoutNote(form: RecordForm): SafeHtml {
  const text =
    form.layoutSource === 'instance'
      ? "Fields are arranged as the instance's Default view form (sys_ui_section)."
      : `Mandatory and common fields first. ${form.layoutNote ?? ''}`;
  return html`<p class="muted" id="layout-note" data-source="${form.layoutSource}">${text}</p>`;
}

/**
 * The fields of a record form, grouped as the form groups them, plus the notes on layout and time zone and the
 * hidden time-zone field the posted date-times are read with. Goes inside the record's `<form>`.
 */
export function recordFormSection(form: RecordForm, now = new Date()): SafeHtml {
  return html`<div class="record-fields" id="record-fields">
    ${layoutNote(form)} ${timeZoneNote(form, now)}
    <input type="hidden" name="${TIME_ZONE_FIELD}" value="${form.timeZone.zone}" />
    ${form.sections.map(section)}
  </div>`;
}
