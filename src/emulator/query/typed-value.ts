import type { FieldType, ResolvedField } from '../schema/types.js';
import { formatDate, formatDateTime, parseDateTime } from './date-math.js';
import type { ScriptContext } from './javascript-value.js';
import { evaluateScript } from './javascript-value.js';

/** How a field's stored TEXT compares. */
export type FieldKind = 'number' | 'boolean' | 'datetime' | 'date' | 'text';

export function fieldKind(type: FieldType): FieldKind {
  switch (type) {
    case 'integer':
    case 'decimal':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'glide_date_time':
    case 'glide_duration':
      return 'datetime';
    case 'glide_date':
      return 'date';
    case 'GUID':
    case 'string':
    case 'reference':
    case 'journal':
    case 'journal_input':
    case 'journal_list':
    case 'password':
    case 'url':
    case 'email':
    case 'sys_class_name':
    case 'domain_id':
      return 'text';
  }
}

/**
 * A query value made ready to bind: `empty` compares against '' (and NULL), never a parameter;
 * `mismatch` is a value the field's type cannot hold (`priority=High`, `active=yes`), which no stored
 * value equals, so the term matches nothing rather than being dropped.
 */
export type Operand =
  | { readonly kind: 'empty' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'text'; readonly value: string };

const DECIMAL = /^\s*[-+]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})\s*$/;
const JAVASCRIPT = 'javascript:';

const MISMATCH: Operand = { kind: 'mismatch' };

/**
 * Converts a query value into an operand for `field`. Numbers must be decimal, booleans
 * true/false/1/0 (any case), dates `YYYY-MM-DD[ HH:MM:SS]` or a whitelisted `javascript:gs.*()`.
 * A literal of the wrong type is a `mismatch` operand: reference §3 drops only terms with an unknown
 * field or operator ("An unknown field or operator makes the term invalid, and it is dropped"), and
 * dropping a typed term would widen the filter to every row (a delete-by-query would hit the table).
 * Returns undefined only for a `javascript:` value the whitelist cannot evaluate (the term is invalid).
 */
export function toOperand(raw: string, field: ResolvedField, ctx: ScriptContext): Operand | undefined {
  const kind = fieldKind(field.type);
  let text = raw;
  if (raw.toLowerCase().startsWith(JAVASCRIPT)) {
    const value = evaluateScript(raw.slice(JAVASCRIPT.length), ctx);
    if (value === undefined) return undefined;
    if (value.kind === 'text') {
      text = value.value;
    } else {
      if (kind === 'number' || kind === 'boolean') return MISMATCH;
      // A date field compares the user's calendar date; a date-time the instant (gs.now(): the user's midnight).
      const calendarDate = kind === 'date' || (value.dateOnly && kind !== 'datetime');
      return { kind: 'text', value: calendarDate ? formatDate(value.local) : formatDateTime(value.date) };
    }
  }
  if (text === '') return { kind: 'empty' };
  switch (kind) {
    case 'number': {
      if (!DECIMAL.test(text)) return MISMATCH;
      return { kind: 'number', value: Number(text) };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return { kind: 'text', value: 'true' };
      if (lower === 'false' || lower === '0') return { kind: 'text', value: 'false' };
      return MISMATCH;
    }
    case 'datetime':
    case 'date': {
      const parsed = parseDateTime(text);
      if (!parsed) return MISMATCH;
      return { kind: 'text', value: kind === 'date' ? formatDate(parsed.date) : formatDateTime(parsed.date) };
    }
    case 'text':
      return { kind: 'text', value: text };
  }
}
