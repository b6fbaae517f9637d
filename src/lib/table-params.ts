import { ConfigError } from './errors/config-error.js';
import { assertField } from './query-values.js';

/** How reference and choice fields are rendered: raw values, display values, or both. */
export type DisplayValue = boolean | 'all';

/** Options shaping the records a read returns. */
export interface ReadShapeOptions {
  /** Fields to return (`sysparm_fields`); dot-walks allowed. Default: all fields. */
  readonly fields?: string | readonly string[];
  /** `sysparm_display_value`: false (default), true, or 'all' for `{ display_value, value }` pairs. */
  readonly displayValue?: DisplayValue;
  /** `sysparm_exclude_reference_link`: drop the `link` of reference fields. */
  readonly excludeReferenceLink?: boolean;
  /** `sysparm_view`: desktop, mobile or both. */
  readonly view?: string;
}

/** Turns `fields` into a validated list (or undefined for "all fields"). */
export function fieldList(fields: string | readonly string[] | undefined): string[] | undefined {
  if (fields === undefined) return undefined;
  const list = (typeof fields === 'string' ? fields.split(',') : [...fields])
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (list.length === 0) return undefined;
  return list.map(assertField);
}

/** Writes the read-shape options as `sysparm_*` parameters (the only place camelCase meets the wire). */
export function applyReadShape(params: URLSearchParams, options: ReadShapeOptions, fields?: readonly string[]): void {
  const list = fields ?? fieldList(options.fields);
  if (list) params.set('sysparm_fields', list.join(','));
  if (options.displayValue !== undefined) params.set('sysparm_display_value', String(options.displayValue));
  if (options.excludeReferenceLink !== undefined) {
    params.set('sysparm_exclude_reference_link', String(options.excludeReferenceLink));
  }
  if (options.view !== undefined) params.set('sysparm_view', options.view);
}

/** Validates a table name: lowercase `[a-z0-9_]`, as in sys_db_object.name. */
export function assertTable(name: string): string {
  if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name)) {
    throw new ConfigError(
      `Invalid table name ${JSON.stringify(name)}`,
      'Table names are lowercase letters, digits and underscores, e.g. incident',
    );
  }
  return name;
}

/** Validates a sys_id (normally 32 hex characters); anything with URL syntax is refused. */
export function assertSysId(sysId: string): string {
  if (typeof sysId !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(sysId)) {
    throw new ConfigError(`Invalid sys_id ${JSON.stringify(sysId)}`, 'A sys_id is 32 hexadecimal characters');
  }
  return sysId;
}

/** `['-sys_updated_on', 'number']` → `['ORDERBYDESCsys_updated_on', 'ORDERBYnumber']`. */
export function orderTerms(orderBy: string | readonly string[] | undefined): string[] {
  if (orderBy === undefined) return [];
  const list = typeof orderBy === 'string' ? orderBy.split(',') : [...orderBy];
  return list
    .map((f) => f.trim())
    .filter((f) => f !== '')
    .map((f) => (f.startsWith('-') ? `ORDERBYDESC${assertField(f.slice(1))}` : `ORDERBY${assertField(f)}`));
}
