import type { FieldDef } from '../types.js';

/** Shorthand builders keep the table files readable; they only produce plain FieldDef data. */
export const str = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  ...extra,
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
