import type { ChoiceInfo, FieldInfo } from '../lib/schema/schema-types.js';
import type { TableRecord } from '../lib/table.js';
import { formatValue, rawValue } from './format-value.js';
import type { FormLayout, LayoutBlock } from './form-layout.js';
import { utcToZoned, type TimeZoneChoice } from './time-zone.js';

/** An option of a choice dropdown; `group` is the value of the field it depends on (subcategory → category). */
export interface ChoiceOption {
  readonly value: string;
  readonly label: string;
  readonly group?: string | undefined;
  readonly selected: boolean;
}

/** How a field is edited on the record page. */
export type FieldWidget =
  | { readonly kind: 'text'; readonly multiline: boolean }
  /** journal_input (work notes, comments): write-only, each submit adds an entry. */
  | { readonly kind: 'journal' }
  | { readonly kind: 'reference'; readonly table: string; readonly display: string; readonly href?: string }
  | { readonly kind: 'choice'; readonly options: readonly ChoiceOption[] }
  /** `local`: the UTC value as wall-clock time in the page's time zone, for a datetime-local input. */
  | { readonly kind: 'datetime'; readonly local: string }
  | { readonly kind: 'date' };

/** A field of the form: the raw value (what is submitted) and its widget. */
export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  readonly mandatory: boolean;
  readonly readOnly: boolean;
  readonly widget: FieldWidget;
}

export type FormBlock =
  | { readonly kind: 'full'; readonly fields: readonly FormField[] }
  | { readonly kind: 'columns'; readonly columns: readonly (readonly FormField[])[] };

/** A section of the form; collapsed ones (other and system fields) start closed. */
export interface FormSection {
  readonly id: string;
  readonly caption: string;
  readonly blocks: readonly FormBlock[];
  readonly collapsed: boolean;
}

/** The record page's form: sections in form order, where the layout came from, and the time zone used. */
export interface RecordForm {
  readonly sections: readonly FormSection[];
  /** `instance`: the table's sys_ui_section layout; `fallback`: mandatory and common fields first. */
  readonly layoutSource: 'instance' | 'fallback';
  /** Why the instance's layout was not used, when it was not. */
  readonly layoutNote?: string | undefined;
  readonly timeZone: TimeZoneChoice;
  /** What names the record in a title: its number, else its display field's value ('' when neither). */
  readonly recordName: string;
}

/** What {@link buildRecordForm} works from. */
export interface RecordFormInput {
  readonly connection: string;
  readonly record: TableRecord;
  readonly fields: readonly FieldInfo[];
  readonly isNew: boolean;
  readonly layout?: FormLayout | undefined;
  readonly layoutNote?: string | undefined;
  readonly choices: ReadonlyMap<string, readonly ChoiceInfo[]>;
  readonly timeZone: TimeZoneChoice;
}

/** Fields a form shows near the top when the instance gives no layout (after the mandatory ones). */
const COMMON_FIELDS = [
  'number',
  'name',
  'user_name',
  'short_description',
  'caller_id',
  'state',
  'priority',
  'impact',
  'urgency',
  'category',
  'subcategory',
  'assignment_group',
  'assigned_to',
  'active',
  'description',
];

const isSystem = (name: string): boolean => name.startsWith('sys_');

/** The fields the form may show: the schema's, or the record's own keys when the dictionary was not readable. */
function knownFields(input: RecordFormInput): FieldInfo[] {
  const fromSchema = input.fields.filter((f) => !(input.isNew && (f.readOnly || isSystem(f.name))));
  if (input.fields.length > 0) return fromSchema;
  return Object.keys(input.record).map((name) => ({
    name,
    label: name,
    type: 'string',
    mandatory: false,
    readOnly: isSystem(name),
    display: false,
    choice: false,
    definedOn: '',
  }));
}

function choiceOptions(value: string, choices: readonly ChoiceInfo[]): ChoiceOption[] {
  let chosen = false;
  const options: ChoiceOption[] = choices.map((c) => {
    const selected = !chosen && c.value === value;
    chosen ||= selected;
    return { value: c.value, label: c.label, group: c.dependentValue, selected };
  });
  // A value the list does not offer (set through the API, or an inactive choice) stays selectable.
  if (!chosen && value !== '') options.unshift({ value, label: `${value} (not a choice)`, selected: true });
  return [{ value: '', label: '-- None --', selected: value === '' }, ...options];
}

function widgetFor(field: FieldInfo, record: TableRecord, input: RecordFormInput): FieldWidget {
  const value = rawValue(record[field.name]);
  const choices = input.choices.get(field.name);
  if (field.type === 'reference' && field.reference !== undefined) {
    const display = formatValue(record[field.name]) || value;
    const href =
      value === ''
        ? undefined
        : `/connections/${encodeURIComponent(input.connection)}/tables/${encodeURIComponent(field.reference)}/records/${encodeURIComponent(value)}`;
    return { kind: 'reference', table: field.reference, display, ...(href === undefined ? {} : { href }) };
  }
  if (choices !== undefined && choices.length > 0) return { kind: 'choice', options: choiceOptions(value, choices) };
  if (field.type === 'boolean') {
    const yesNo = [
      { value: 'true', label: 'true', sequence: 0 },
      { value: 'false', label: 'false', sequence: 1 },
    ];
    // -- None -- only while the field is empty, so an untouched empty field is not sent as true.
    const options = choiceOptions(value, yesNo);
    return { kind: 'choice', options: value === '' ? options : options.slice(1) };
  }
  // A value the pickers cannot hold (not the instance format) stays a text input rather than being blanked.
  if (field.type === 'glide_date_time') {
    const local = utcToZoned(value, input.timeZone.zone);
    if (value === '' || local !== value) return { kind: 'datetime', local };
  }
  if (field.type === 'glide_date' && /^(\d{4}-\d{2}-\d{2})?$/.test(value)) return { kind: 'date' };
  if (field.type === 'journal_input') return { kind: 'journal' };
  const long = (field.maxLength ?? 0) > 255 || field.type === 'journal' || field.type === 'journal_list';
  return { kind: 'text', multiline: long };
}

function formField(field: FieldInfo, input: RecordFormInput): FormField {
  return {
    name: field.name,
    label: field.label,
    value: field.type === 'journal_input' ? '' : rawValue(input.record[field.name]),
    mandatory: field.mandatory,
    readOnly: field.readOnly || isSystem(field.name),
    widget: widgetFor(field, input.record, input),
  };
}

const byLabel = (a: FieldInfo, b: FieldInfo): number => a.label.localeCompare(b.label);

/** The sections of fields not placed by the layout: other fields, then system fields, both collapsed. */
function remainderSections(rest: FieldInfo[], input: RecordFormInput, open: boolean): FormSection[] {
  const other = rest.filter((f) => !isSystem(f.name)).sort(byLabel);
  const system = rest.filter((f) => isSystem(f.name)).sort(byLabel);
  const section = (id: string, caption: string, list: FieldInfo[], collapsed: boolean): FormSection[] =>
    list.length === 0
      ? []
      : [{ id, caption, collapsed, blocks: [{ kind: 'full', fields: list.map((f) => formField(f, input)) }] }];
  return [
    ...section('section-other', 'Other fields', other, !open),
    ...section('section-system', 'System fields', system, true),
  ];
}

function sectionId(caption: string, index: number): string {
  const slug = caption.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return index === 0 && caption === '' ? 'section-main' : `section-${slug || index}`;
}

/** The instance's layout, restricted to fields the form may show, each placed once. */
function fromLayout(layout: FormLayout, known: Map<string, FieldInfo>, input: RecordFormInput): FormSection[] {
  const placed = new Set<string>();
  const take = (names: readonly string[]): FormField[] =>
    names.flatMap((name) => {
      const field = known.get(name);
      if (field === undefined || placed.has(name)) return [];
      placed.add(name);
      return [formField(field, input)];
    });
  const block = (b: LayoutBlock): FormBlock =>
    b.kind === 'full' ? { kind: 'full', fields: take(b.fields) } : { kind: 'columns', columns: b.columns.map(take) };
  const sections = layout.sections
    .map((s, i) => ({ id: sectionId(s.caption, i), caption: s.caption, collapsed: false, blocks: s.blocks.map(block) }))
    .filter((s) => s.blocks.some((b) => (b.kind === 'full' ? b.fields.length > 0 : b.columns.some((c) => c.length))));
  const rest = [...known.values()].filter((f) => !placed.has(f.name));
  return [...sections, ...remainderSections(rest, input, false)];
}

/** No layout: mandatory fields, then common ones (and the display field), then the rest. */
function fallback(known: Map<string, FieldInfo>, input: RecordFormInput): FormSection[] {
  const fields = [...known.values()];
  const first = [
    ...fields.filter((f) => f.mandatory).sort(byLabel),
    ...fields.filter((f) => f.display && !f.mandatory),
    ...COMMON_FIELDS.flatMap((name) => known.get(name) ?? []),
  ].filter((f, i, all) => all.indexOf(f) === i && !isSystem(f.name));
  const rest = fields.filter((f) => !first.includes(f));
  const main: FormSection[] =
    first.length === 0
      ? []
      : [
          {
            id: 'section-main',
            caption: '',
            collapsed: false,
            blocks: [{ kind: 'full', fields: first.map((f) => formField(f, input)) }],
          },
        ];
  return [...main, ...remainderSections(rest, input, true)];
}

function recordName(input: RecordFormInput): string {
  const display = input.fields.find((f) => f.display)?.name;
  const number = formatValue(input.record['number']);
  return number || (display === undefined ? '' : formatValue(input.record[display]));
}

/** Builds the record form's view model: sections in form order with one widget per field. */
export function buildRecordForm(input: RecordFormInput): RecordForm {
  const known = new Map(knownFields(input).map((f) => [f.name, f]));
  const useLayout = input.layout !== undefined && input.fields.length > 0;
  return {
    sections: useLayout && input.layout ? fromLayout(input.layout, known, input) : fallback(known, input),
    layoutSource: useLayout ? 'instance' : 'fallback',
    layoutNote: input.layoutNote,
    timeZone: input.timeZone,
    recordName: recordName(input),
  };
}
