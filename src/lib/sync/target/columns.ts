import { ConfigError } from '../../errors/config-error.js';
import { ResponseError } from '../../errors/response-error.js';
import type { FieldInfo } from '../../schema/schema-types.js';
import type { TableRecord } from '../../table.js';
import { rawValue } from '../field-value.js';
import { SAFE_IDENTIFIER, type CellValue, type ColumnKind, type ColumnSpec } from './database-target.js';

/** A target column and where its value comes from. */
export interface MappedColumn extends ColumnSpec {
  /** The ServiceNow field it is read from. */
  readonly field: string;
  /** The field's raw value, or its display value (`<field>_display`). */
  readonly source: 'value' | 'display';
}

/** sys_dictionary internal types and the column kind each lands in; any other type is text. */
const KIND_OF_TYPE: Readonly<Record<string, ColumnKind>> = {
  GUID: 'id',
  reference: 'id',
  integer: 'integer',
  longint: 'integer',
  decimal: 'decimal',
  float: 'decimal',
  boolean: 'boolean',
  glide_date_time: 'timestamp',
  due_date: 'timestamp',
  glide_date: 'date',
};

/** Types never copied: ServiceNow masks them on read, and a replica is no place for secrets. */
const SKIPPED_TYPES = new Set(['password', 'password2']);

/** Field types whose display value differs from the raw value in a way reports need (names, labels). */
function hasDisplayColumn(field: FieldInfo): boolean {
  return field.type === 'reference' || field.choice || field.type === 'sys_class_name' || field.type === 'domain_id';
}

export interface ColumnPlan {
  readonly columns: readonly MappedColumn[];
  /** Fields left out and why (unsafe name, secret type), for the run's notes. */
  readonly skipped: readonly string[];
}

/**
 * The target columns of a table from its dictionary (inherited fields included): sys_id first, then every
 * field (or the requested ones) by name, each followed by its `_display` column when `displayValue` is 'all'.
 *
 * @throws {ConfigError} when a requested field is not in the dictionary, or the table has no sys_id or cursor.
 */
export function planColumns(
  table: string,
  fields: readonly FieldInfo[],
  options: { requested?: readonly string[] | undefined; displayValue: false | 'all'; cursor: string },
): ColumnPlan {
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const required of ['sys_id', options.cursor]) {
    if (!byName.has(required)) {
      throw new ConfigError(
        `${table} has no ${required} field in its dictionary`,
        required === 'sys_id' ? 'Sync a table with sys_id' : 'Pick a cursor field the table has (e.g. sys_created_on)',
      );
    }
  }
  let chosen = fields;
  if (options.requested) {
    const unknown = options.requested.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      throw new ConfigError(
        `${table} has no field ${unknown.join(', ')} in its dictionary`,
        `Check --fields (nowrest schema fields ${table} lists them)`,
      );
    }
    const wanted = new Set(['sys_id', options.cursor, 'sys_mod_count', ...options.requested]);
    chosen = fields.filter((f) => wanted.has(f.name));
  }
  const skipped: string[] = [];
  const columns: MappedColumn[] = [];
  const ordered = [...chosen].sort((a, b) => (a.name === 'sys_id' ? -1 : b.name === 'sys_id' ? 1 : 0));
  for (const field of ordered) {
    if (SKIPPED_TYPES.has(field.type)) {
      skipped.push(`${field.name} (${field.type}: secrets are not copied)`);
      continue;
    }
    const display = options.displayValue === 'all' && hasDisplayColumn(field);
    const longest = display ? `${field.name}_display` : field.name;
    if (!SAFE_IDENTIFIER.test(longest)) {
      skipped.push(`${field.name} (name not usable as a column)`);
      continue;
    }
    columns.push({ name: field.name, kind: KIND_OF_TYPE[field.type] ?? 'text', field: field.name, source: 'value' });
    if (display) columns.push({ name: `${field.name}_display`, kind: 'text', field: field.name, source: 'display' });
  }
  return { columns, skipped };
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A field value as the column stores it. Empty values of typed columns are NULL (ServiceNow sends '' for
 * "no value"); text keeps ''. Timestamps stay `YYYY-MM-DD HH:mm:ss`: the Table API's raw values are UTC.
 *
 * @throws {ResponseError} when a value does not fit its column's type (the dictionary and the data disagree).
 */
export function cellValue(table: string, sysId: string, column: MappedColumn, record: TableRecord): CellValue {
  if (column.source === 'display') {
    const v = record[column.field];
    if (v !== null && typeof v === 'object' && 'display_value' in v) {
      const d: unknown = v.display_value;
      return typeof d === 'string' ? d : typeof d === 'number' || typeof d === 'boolean' ? String(d) : null;
    }
    return null;
  }
  const raw = rawValue(record, column.field);
  if (raw === undefined) return null;
  switch (column.kind) {
    case 'text':
    case 'id':
      return raw;
    case 'integer':
      return raw === '' ? null : checked(raw, INTEGER, table, sysId, column);
    case 'decimal':
      return raw === '' ? null : checked(raw, DECIMAL, table, sysId, column);
    case 'boolean':
      if (raw === '') return null;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      return checked(raw, /^$/, table, sysId, column);
    case 'timestamp':
      return raw === '' ? null : checked(raw, TIMESTAMP, table, sysId, column);
    case 'date':
      return raw === '' ? null : checked(raw, DATE, table, sysId, column);
  }
}

function checked(raw: string, pattern: RegExp, table: string, sysId: string, column: MappedColumn): string {
  if (pattern.test(raw)) return raw;
  throw new ResponseError(
    `${table}.${column.field} of ${sysId} is ${JSON.stringify(raw.slice(0, 60))}, not a ${column.kind} as its dictionary says`,
  );
}
