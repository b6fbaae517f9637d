import type { Command } from 'commander';
import type { ServiceNowClient } from '../../lib/client.js';
import { usageError } from '../cli-error.js';
import { globalsOf, type CliContext } from '../context.js';
import { confirm } from '../prompt.js';

/** How many records a delete --query matches, and how many the table holds (X-Total-Count; a hint). */
export interface DeleteCount {
  matching: number | undefined;
  total: number | undefined;
}

/**
 * Counts the records matching `query` and the whole table: X-Total-Count of a one-record page, else (Table API v1
 * answers an empty match with a 404 and no count) the Aggregate API. Undefined when neither gives a count.
 */
export async function countForDelete(
  sn: ServiceNowClient,
  table: string,
  query: string,
  signal: AbortSignal | undefined,
): Promise<DeleteCount> {
  const opts = signal ? { signal } : {};
  const t = sn.table(table);
  const one = async (q: string | undefined): Promise<number | undefined> => {
    const page = await t.list({ pageSize: 1, fields: ['sys_id'], ...opts, ...(q === undefined ? {} : { query: q }) });
    if (page.totalCount !== undefined) return page.totalCount;
    try {
      return (await sn.stats(table, { ...opts, ...(q === undefined ? {} : { query: q }) })).count;
    } catch (err) {
      if (signal?.aborted) throw err;
      return undefined;
    }
  };
  const [matching, total] = await Promise.all([one(query), one(undefined)]);
  return { matching, total };
}

/** True when a query with conditions matched every record of a non-empty table (likely an unknown field). */
export function matchesEveryRecord(count: DeleteCount | undefined): boolean {
  return (
    count !== undefined &&
    count.matching !== undefined &&
    count.total !== undefined &&
    count.total > 0 &&
    count.matching === count.total
  );
}

const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/** "every incident record matching Q" or "3 incident records matching Q" or "the records listed in the input". */
export function deleteTarget(table: string, query: string | undefined, count?: DeleteCount): string {
  if (query === undefined) return `the ${table} records listed in the input`;
  if (count?.matching === undefined) return `every ${table} record matching ${query}`;
  const of = count.total === undefined ? '' : ` (of ${count.total})`;
  return `${records(count.matching).replace(/^(\d+) /, `$1 ${table} `)}${of} matching ${query}`;
}

/** The warning shown when a query matched the whole table. */
export function everyRecordWarning(table: string, query: string, total: number): string {
  return (
    `the query ${query} matches every ${table} record (${total}); ServiceNow ignores conditions on unknown ` +
    `fields, so check the field names (\`nowrest schema fields ${table}\`)`
  );
}

/**
 * Guards a multi-record delete: --yes, else a y/N question on a terminal, else refusal (exit 2). Input
 * piped on stdin means stdin is not a terminal, so such deletes always need --yes.
 *
 * For a --query delete `count` says how many records match; when the query matches the whole table the
 * question carries a warning, and --yes alone is refused: the caller must add --all to confirm it.
 */
export async function confirmDelete(
  ctx: CliContext,
  cmd: Command,
  table: string,
  query: string | undefined,
  yes: boolean,
  count?: DeleteCount,
  all = false,
): Promise<void> {
  const what = deleteTarget(table, query, count);
  const everything = query !== undefined && matchesEveryRecord(count);
  if (everything && !all) ctx.warn(everyRecordWarning(table, query, count?.total ?? 0), globalsOf(cmd, ctx.io).color);
  if (yes) {
    if (everything && !all) {
      throw usageError(
        `refusing to delete ${what}: the query matches every ${table} record`,
        'fix the query, or add --all to confirm deleting every record',
      );
    }
    if (query !== undefined) ctx.io.stderr.write(`deleting ${what}\n`);
    return;
  }
  if (!ctx.io.isTTY.stdin || !ctx.io.isTTY.stderr) {
    throw usageError(
      `refusing to delete ${what} without confirmation`,
      everything && !all ? 'pass --yes --all to confirm deleting every record' : 'pass --yes to confirm',
    );
  }
  if (!(await confirm(ctx.io, `Delete ${what}?`))) throw usageError('delete cancelled', 'nothing was deleted');
}
