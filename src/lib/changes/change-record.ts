import { ResponseError } from '../errors/response-error.js';

/** A field as the Change Management API sends it: `value` typed (numbers, booleans), `display_value` text. */
export interface ChangeFieldValue {
  readonly display_value: string;
  readonly value: string | number | boolean;
  /** Date-times: the value in the user's time zone, internal format. */
  readonly display_value_internal?: string;
}

/** A change, change task or standard change template from the Change Management API. */
export interface ChangeRecord {
  readonly sysId: string;
  /** `number` (CHG…, CTASK…), or `name` for templates. */
  readonly number: string;
  /** Every field verbatim, e.g. `fields.state` = `{ display_value: 'New', value: -5 }`. */
  readonly fields: Readonly<Record<string, ChangeFieldValue>>;
  /** Fields the write ignored (unknown, read-only, or set by a template): the API's `__meta.ignoredFields`. */
  readonly ignoredFields: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one Change API record; a body of another shape is a {@link ResponseError}. */
export function toChangeRecord(raw: unknown): ChangeRecord {
  if (!isObject(raw)) throw new ResponseError('The Change API answered a record that is not an object');
  const fields: Record<string, ChangeFieldValue> = {};
  let ignoredFields: string[] = [];
  for (const [name, cell] of Object.entries(raw)) {
    if (name === '__meta') {
      const ignored = isObject(cell) ? cell.ignoredFields : undefined;
      ignoredFields = Array.isArray(ignored) ? ignored.filter((s): s is string => typeof s === 'string') : [];
      continue;
    }
    if (isObject(cell) && 'value' in cell) {
      const value = cell.value;
      fields[name] = {
        display_value: typeof cell.display_value === 'string' ? cell.display_value : scalarText(value),
        value: typeof value === 'number' || typeof value === 'boolean' ? value : typeof value === 'string' ? value : '',
        ...(typeof cell.display_value_internal === 'string'
          ? { display_value_internal: cell.display_value_internal }
          : {}),
      };
    } else if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') {
      // Older releases send some fields bare (sys_id as a string in docs examples).
      fields[name] = { display_value: String(cell), value: cell };
    }
  }
  const text = (name: string): string => {
    const v = fields[name]?.value;
    return v === undefined ? '' : String(v);
  };
  return { sysId: text('sys_id'), number: text('number') || text('name'), fields, ignoredFields };
}

/** The `value`s of a record as a flat object (what a script usually wants). */
export function changeValues(record: ChangeRecord): Record<string, string | number | boolean> {
  return Object.fromEntries(Object.entries(record.fields).map(([k, f]) => [k, f.value]));
}

/** A JSON scalar as text; anything else is ''. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
