import type { FieldDef, TableDef } from '../types.js';

// Shorthand builders keep the table files readable; they only produce plain FieldDef and TableDef data.

/** A string field; a number stands for its maxLength alone. */
export const str = (name: string, label: string, extra: number | Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  ...(typeof extra === 'number' ? { maxLength: extra } : extra),
});
export const ref = (name: string, label: string, reference: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'reference',
  reference,
  ...extra,
});
export const int = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'integer',
  ...extra,
});
export const bool = (name: string, label: string, defaultValue = 'false'): FieldDef => ({
  name,
  label,
  type: 'boolean',
  defaultValue,
});
export const dt = (name: string, label: string): FieldDef => ({ name, label, type: 'glide_date_time' });
export const choice = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'integer',
  choice: true,
  ...extra,
});

/** The usual display field: a string `name` labelled Name. */
export const nameField = (maxLength: number): FieldDef => str('name', 'Name', { maxLength, display: true });

/** A table's name and label, then its options (parent, number prefix, roles), then the fields it defines itself. */
export const table = (
  name: string,
  label: string,
  options: Omit<TableDef, 'name' | 'label' | 'fields'>,
  fields: readonly FieldDef[],
): TableDef => ({ name, label, ...options, fields });
