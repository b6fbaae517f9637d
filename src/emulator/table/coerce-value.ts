import { formatDate, formatDateTime, parseDateTime } from '../query/date-math.js';
import type { ResolvedField } from '../schema/types.js';
import { fieldKind } from '../query/typed-value.js';

/** What a written value becomes: the text to store, or `ignore` to leave the field as it is. */
export type CoercedValue = { readonly store: string } | { readonly ignore: 'choice-clear' | 'invalid' };

const INTEGER = /^[-+]?\d{1,30}$/;
const DECIMAL = /^[-+]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})$/;

/**
 * Coerces a written value to its field's type, so the store only ever holds the formats of reference §7:
 * booleans "true"/"false", integers as digits, date-times `YYYY-MM-DD HH:MM:SS` (dates `YYYY-MM-DD`), UTC.
 *
 * - `""` clears a field, "except for choice fields" (reference §1.2, from the REST API page's "How to clear a
 *   data field: Except for choice fields, you can pass an empty value in the parameter to clear the value in
 *   the database"): on a choice field it is ignored, so the field keeps its value (or default on insert).
 * - Booleans: `true`/`1` (any case) are true, any other text is false (GlideElementBoolean semantics).
 * - Integers: digits (an integral decimal such as `2.0` is accepted); decimals: a decimal number. Anything
 *   else is ignored, as is a date-time that is not `YYYY-MM-DD[ HH:MM:SS]` (a bare date is midnight).
 *   Real instances do not store such text; whether they ignore it or store 0/empty is not documented (see
 *   docs/emulator-divergences.md).
 */
export function coerceValue(field: ResolvedField, raw: string): CoercedValue {
  if (raw === '') return field.choice === true ? { ignore: 'choice-clear' } : { store: '' };
  const text = raw.trim();
  switch (fieldKind(field.type)) {
    case 'boolean': {
      const lower = text.toLowerCase();
      return { store: lower === 'true' || lower === '1' ? 'true' : 'false' };
    }
    case 'number':
      if (field.type === 'decimal') return DECIMAL.test(text) ? { store: text } : { ignore: 'invalid' };
      if (INTEGER.test(text)) return { store: BigInt(text).toString() };
      if (DECIMAL.test(text) && Number.isInteger(Number(text))) return { store: String(Number(text)) };
      return { ignore: 'invalid' };
    case 'datetime':
    case 'date': {
      const parsed = parseDateTime(text);
      if (!parsed) return { ignore: 'invalid' };
      return { store: field.type === 'glide_date' ? formatDate(parsed.date) : formatDateTime(parsed.date) };
    }
    case 'text':
      return { store: raw };
  }
}
