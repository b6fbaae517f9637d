import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import type { QueryBuilder } from '../query.js';
import type { SkippedRecord } from '../record-list.js';
import type { Table } from '../table.js';
import { assertTable, fieldList } from '../table-params.js';
import { rawValue } from './field-value.js';
import type { SyncState } from './sync-state.js';
import { filterGroups, isStamp, newestQuery } from './window-query.js';

/** The settings a sync is bound to: a later run with other settings is refused. */
export type SyncSettings = Pick<
  SyncState,
  'table' | 'query' | 'fields' | 'displayValue' | 'deleteTables' | 'lookbackSeconds'
>;

/** The options every sync takes, whether it writes change files or a database. */
export interface SyncSettingsOptions {
  /**
   * Only records matching this encoded query (ORDERBY terms are ignored). A record that stops matching is
   * neither updated nor deleted in the output: filter on fields that never change, or sync the whole table.
   */
  readonly query?: string | QueryBuilder;
  /** Fields to copy (sys_id, the cursor field and sys_mod_count are always added). */
  readonly fields?: string | readonly string[];
  /** `false` (default) or `'all'` (`{ display_value, value }` pairs). Plain display values cannot be synced. */
  readonly displayValue?: false | 'all';
  /** Rows per request, 1–10000 (default 500). */
  readonly pageSize?: number;
  /**
   * Seconds before the watermark that every run reads again (default 0: only the watermark's own second).
   * Raise it when writes can commit with a timestamp older than already-visible rows (long transactions).
   */
  readonly lookbackSeconds?: number;
  /** Read deletes from sys_audit_delete (default true; needs read access to that table). */
  readonly deletes?: boolean;
  /**
   * sys_audit_delete.tablename values that count as deletes of this table (default: the table itself). A
   * record deleted through a parent table is audited under its own class, so syncing `task` needs e.g.
   * `['task', 'incident', 'problem', 'change_request']`.
   */
  readonly deleteTables?: readonly string[];
  /**
   * Called for a record the instance cannot serve even alone (an oversized row): the sync goes on past it and
   * the record is not copied until it changes again. Without it, such a record ends the run with its error.
   */
  readonly onSkip?: ((skipped: SkippedRecord) => void | Promise<void>) | undefined;
}

/** Checks and normalises the options of a sync (table name, query groups, field list, delete tracking). */
export function validateSettings(table: string, options: SyncSettingsOptions, cursor = 'sys_updated_on'): SyncSettings {
  const pageSize = options.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
    throw new ConfigError(`Invalid pageSize ${pageSize}`, 'Use an integer from 1 to 10000');
  }
  const lookbackSeconds = options.lookbackSeconds ?? 0;
  if (!Number.isInteger(lookbackSeconds) || lookbackSeconds < 0 || lookbackSeconds > 86_400) {
    throw new ConfigError(`Invalid lookbackSeconds ${lookbackSeconds}`, 'Use an integer from 0 to 86400');
  }
  const displayValue = options.displayValue ?? false;
  if (displayValue !== false && displayValue !== 'all') {
    throw new ConfigError(
      `displayValue ${JSON.stringify(displayValue)} cannot be synced`,
      "Use false or 'all': sync needs the raw sys_updated_on of every record",
    );
  }
  const name = assertTable(table);
  const query = filterGroups(typeof options.query === 'object' ? options.query.toString() : (options.query ?? ''))
    .map((g) => g.join('^'))
    .filter((g) => g !== '')
    .join('^NQ');
  const requested = fieldList(options.fields);
  const fields = requested && [...new Set(['sys_id', cursor, 'sys_mod_count', ...requested])];
  const deleteTables =
    options.deletes === false ? null : [...(options.deleteTables ?? [name])].map((t) => assertTable(t)).sort();
  if (deleteTables?.length === 0) {
    throw new ConfigError('deleteTables is empty', 'List the classes whose deletes count, or pass deletes: false');
  }
  return { table: name, query, fields: fields ?? null, displayValue, deleteTables, lookbackSeconds };
}

/** The newest timestamp of a stream, or undefined when it has no rows. */
export async function newestStamp(
  table: Table,
  groups: readonly (readonly string[])[],
  tsField: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (groups.length === 0) return undefined;
  const page = await table.list({
    query: newestQuery(groups, tsField),
    paging: 'offset',
    pageSize: 1,
    fields: [tsField],
    ...(signal === undefined ? {} : { signal }),
  });
  const first = page.records[0];
  if (first === undefined) return undefined;
  const ts = rawValue(first, tsField);
  if (ts === undefined || !isStamp(ts)) {
    throw new ResponseError(`${table.name}.${tsField} is ${JSON.stringify(ts)}, not "YYYY-MM-DD HH:mm:ss"`);
  }
  return ts;
}
