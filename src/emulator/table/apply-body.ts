import { hashPassword } from '../auth/password.js';
import { parseDisplayValue, type UserZone } from '../auth/user-zone.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { coerceValue } from './coerce-value.js';
import { PASSWORD_MASK } from './serializer.js';

/** What a request body asks to change: column values and journal entries to append. */
export interface AppliedBody {
  readonly changes: Row;
  readonly journal: readonly { readonly element: string; readonly value: string }[];
  /** The body named priority itself (so it is not derived from impact × urgency). */
  readonly setsPriority: boolean;
  /** Values ignored because the field's type cannot hold them (see coerce-value.ts). */
  readonly rejected: readonly { readonly name: string; readonly value: string }[];
}

/** JSON scalars become strings (reference §1.2); reference-shaped objects give their value; others are skipped. */
function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return '';
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { value?: unknown }).value === 'string') {
    return (value as { value: string }).value;
  }
  return undefined;
}

/**
 * Maps a record body onto a table: unknown and sys_* fields are ignored (reference §1.2), journal fields
 * become entries, passwords are hashed, and with sysparm_input_display_value reference display values and
 * choice labels are translated to stored values. Other values are coerced to their type (coerce-value.ts).
 */
export function applyBody(
  ctx: EmulatorContext,
  table: ResolvedTable,
  body: Record<string, unknown>,
  inputDisplayValue: boolean,
  zone?: UserZone,
): AppliedBody {
  const changes: Row = {};
  const journal: { element: string; value: string }[] = [];
  const rejected: { name: string; value: string }[] = [];
  let setsPriority = false;
  for (const [name, raw] of Object.entries(body)) {
    if (name.startsWith('sys_')) continue;
    const field = table.fields.get(name);
    if (!field) continue;
    let value = toText(raw);
    if (value === undefined) continue;
    const type = field.type;
    // journal_list fields (comments_and_work_notes, work_notes_list) only display the history; a write to
    // them is ignored rather than guessed into a comment or a work note (the reference is silent).
    if (type === 'journal_list') continue;
    if (type === 'journal' || type === 'journal_input') {
      if (value.trim() !== '') journal.push({ element: name, value });
      continue;
    }
    if (type === 'password') {
      // The mask a read shows is never a new secret: a record read and written back keeps its password.
      if (value === PASSWORD_MASK) continue;
      // Only sys_user passwords are verified by hash; other secrets (an MFA TOTP secret) are stored as given.
      if (table.name === 'sys_user' && name === 'user_password' && value !== '') value = hashPassword(value);
    } else if (type === 'reference') {
      if (inputDisplayValue && value !== '' && field.reference !== undefined) {
        const display = ctx.schema.table(field.reference)?.displayField;
        const found = display === undefined ? undefined : ctx.store.findBy(field.reference, display, value);
        if (found?.sys_id !== undefined) value = found.sys_id;
      }
    } else {
      // With sysparm_input_display_value, dates are read in the caller's format and zone (stored UTC).
      if (inputDisplayValue && zone && value !== '' && (type === 'glide_date_time' || type === 'glide_date'))
        value = parseDisplayValue(zone, type, value) ?? value;
      const isLabel = inputDisplayValue && field.choice === true && value !== '';
      if (isLabel && ctx.choices.label(table.name, name, value) === undefined)
        value = ctx.choices.valueOf(table.name, name, value) ?? value;
      const coerced = coerceValue(field, value);
      if ('ignore' in coerced) {
        if (coerced.ignore === 'invalid') rejected.push({ name, value });
        continue;
      }
      value = coerced.store;
    }
    if (name === 'priority') setsPriority = true;
    changes[name] = value;
  }
  return { changes, journal, setsPriority, rejected };
}
