import type { ServiceNowClient } from '../lib/client.js';
import { usageError } from './cli-error.js';
import { countForDelete, everyRecordWarning, matchesEveryRecord } from './commands/confirm-delete.js';
import type { CliContext } from './context.js';
import { closestName, queryFieldNames } from './query-fields.js';

/** What a command asks of {@link checkQueryFields}. */
export interface QueryCheckOptions {
  /** Turn a warning into a usage error (exit 2) before any data is read. */
  readonly strict: boolean;
  readonly color: boolean;
  /**
   * Without schema access, fall back to counting whether the query matches every record (default true). `delete`
   * passes false: it counts anyway and refuses such a query itself.
   */
  readonly countFallback?: boolean;
}

/**
 * Pre-flight for commands that read by query (query, export, sync; delete for the warning): ServiceNow ignores conditions on
 * unknown fields, so `priorty=1` silently matches the whole table. Names every query field the table does not
 * have, with the closest real one ("did you mean priority?"), read from the schema (sys_dictionary). When the
 * schema cannot be read (no access to sys_dictionary), falls back to delete's count check: a query that
 * matches every record of a non-empty table. Warns on stderr; with `strict`, throws a usage error instead.
 */
export async function checkQueryFields(
  ctx: CliContext,
  sn: ServiceNowClient,
  table: string,
  query: string | undefined,
  options: QueryCheckOptions,
): Promise<void> {
  const names = queryFieldNames(query ?? '');
  if (query === undefined || names.length === 0) return;
  const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
  const known = await sn.schema.fields(table, signal).then(
    (fields) => fields.map((f) => f.name),
    (error: unknown) => {
      if (ctx.io.signal?.aborted) throw error;
      return undefined;
    },
  );
  const problem = known
    ? unknownFieldsMessage(table, names, known)
    : options.countFallback === false
      ? undefined
      : await everyRecordMessage(sn, table, query, ctx);
  if (problem === undefined) return;
  if (options.strict) throw usageError(problem, 'fix the field name, or drop --strict to run the query anyway');
  ctx.warn(problem, options.color);
}

function unknownFieldsMessage(table: string, names: readonly string[], known: readonly string[]): string | undefined {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length === 0) return undefined;
  const each = unknown.map((n) => {
    const near = closestName(n, known);
    return `'${n}'${near ? ` (did you mean ${near}?)` : ''}`;
  });
  return (
    `${table} has no field ${each.join(', no field ')}; ServiceNow ignores conditions on unknown fields, so the ` +
    `query matches as if they were absent (fields: \`nowrest schema fields ${table}\`)`
  );
}

async function everyRecordMessage(
  sn: ServiceNowClient,
  table: string,
  query: string,
  ctx: CliContext,
): Promise<string | undefined> {
  const count = await countForDelete(sn, table, query, ctx.io.signal);
  return matchesEveryRecord(count) ? everyRecordWarning(table, query, count.total ?? 0) : undefined;
}
