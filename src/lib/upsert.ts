import { ConfigError } from './errors/config-error.js';
import { UpsertConflictError } from './errors/upsert-conflict-error.js';
import { query, type QueryBuilder } from './query.js';
import { sysIdOf } from './sys-id.js';
import type { RecordWriteParams, Table, TableRecord } from './table.js';

/** Options for an upsert: the identifying fields plus the usual write options. */
export interface UpsertOptions extends RecordWriteParams {
  /** Fields whose values identify the record, e.g. `['number']` or `['u_source', 'u_external_id']`. */
  readonly keys: readonly string[];
}

/** The outcome of an upsert. */
export interface UpsertResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly record: TableRecord;
}

/** What an upsert needs from a table: the lookup and the writes (a batch writer can supply the writes). */
export type UpsertTarget = Pick<Table, 'name' | 'list' | 'get' | 'create' | 'update'>;

/** Looks the record up by its keys, then creates, updates or leaves it. See {@link Table.upsert}. */
export async function upsertRecord(
  table: UpsertTarget,
  record: TableRecord,
  options: UpsertOptions,
): Promise<UpsertResult> {
  const { keys, ...write } = options;
  if (keys === undefined || keys.length === 0) {
    throw new ConfigError('upsert() needs keys', "Pass { keys: ['number'] } naming the fields that identify a record");
  }
  let q: QueryBuilder = query();
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || value === null || typeof value === 'object') {
      throw new ConfigError(
        `The record has no usable value for key field "${key}"`,
        'Give every key field a plain value',
      );
    }
    q = q.where(key).is(value as string | number | boolean);
  }
  const compareFields = [...new Set(['sys_id', ...Object.keys(record)])];
  const matches = await table
    .list({
      query: q,
      fields: compareFields,
      pageSize: 10,
      displayValue: write.inputDisplayValue === true,
      excludeReferenceLink: true,
      ...(write.signal ? { signal: write.signal } : {}),
    })
    .toArray({ max: 10 });
  // ServiceNow drops a condition on a field the table does not have (or the caller cannot read), so the lookup
  // matched regardless of the key; the answer then lacks that field. Writing on such a match would overwrite an
  // unrelated record.
  const missingKey = matches.length > 0 ? keys.find((key) => !(key in (matches[0] ?? {}))) : undefined;
  if (missingKey !== undefined) {
    throw new ConfigError(
      `${table.name} has no readable field "${missingKey}" to upsert on`,
      `Use a field of ${table.name} as the key (the table's schema lists them)`,
    );
  }
  if (matches.length > 1) {
    const ids = matches.map((m) => sysIdOf(m) ?? '?');
    throw new UpsertConflictError(table.name, Object.fromEntries(keys.map((k) => [k, record[k]])), ids);
  }
  const existing = matches[0];
  if (!existing) return { action: 'created', record: await table.create(record, write) };
  const sysId = sysIdOf(existing);
  if (!sysId) throw new ConfigError('The matching record has no readable sys_id', 'Grant read access to sys_id');
  const changes = Object.fromEntries(Object.entries(record).filter(([k, v]) => !sameValue(v, existing[k])));
  if (Object.keys(changes).length === 0) {
    const { noResponseBody: _n, inputDisplayValue: _i, ...read } = write;
    return { action: 'unchanged', record: await table.get(sysId, read) };
  }
  return { action: 'updated', record: await table.update(sysId, changes, write) };
}

/** ServiceNow returns every value as a string; compare the caller's value in that form. */
function sameValue(given: unknown, stored: unknown): boolean {
  const norm = (v: unknown): string | undefined => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
    if (typeof v === 'object' && 'value' in v) return norm(v.value);
    return undefined;
  };
  const a = norm(given);
  return a !== undefined && a === norm(stored);
}
