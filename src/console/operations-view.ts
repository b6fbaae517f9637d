import type { ServiceNowClient } from '../lib/client.js';
import type { ConnectionProfile } from '../lib/config/connections.js';
import { isServiceNowError } from '../lib/errors/service-now-error.js';
import type { FieldInfo, TableInfo } from '../lib/schema/schema-types.js';
import type { TableRecord } from '../lib/table.js';
import { withClient } from './client-factory.js';
import type { ConsoleContext } from './context.js';
import { shellQuote } from './format-value.js';
import { librarySnippet } from './library-snippet.js';
import { encodedQuery, type OperationsRequest } from './operations-query.js';
import type { OperationsView } from './pages/operations-page.js';

/** The `nowrest query` command that runs the same list from a terminal. */
export function cliCommand(profile: ConnectionProfile, req: OperationsRequest, query: string): string {
  const parts = ['nowrest', 'query', shellQuote(req.table), '-c', shellQuote(profile.name)];
  if (query !== '') parts.push('--query', shellQuote(query));
  if (req.fields.length > 0) parts.push('--fields', shellQuote(req.fields.join(',')));
  if (req.displayValue !== 'false') parts.push('--display-value', req.displayValue);
  parts.push('--page-size', String(req.pageSize), '--max', String(req.page * req.pageSize));
  return parts.join(' ');
}

/** Shown instead of the raw 403 when the user cannot read the schema tables (e.g. itil). */
export const SCHEMA_ACCESS_NOTE =
  'The table list and field picker need read access to sys_db_object (and sys_dictionary), which this user does not have. You can still type a table name and fields, and Run.';

const isForbidden = (error: unknown): boolean => isServiceNowError(error) && error.code === 'SN_FORBIDDEN';

/** The schema lookup found no such table, or the Table API refused its name ("Invalid table X"). */
const isUnknownTable = (error: unknown): boolean => isServiceNowError(error) && error.code === 'SN_UNKNOWN_TABLE';

const unknownTable = (table: string): string =>
  `Unknown table "${table}": the instance has no table of that name. Check the spelling (table names, not labels, e.g. incident).`;

/**
 * Condition and sort fields the table does not have (known only when the field list could be read). ServiceNow
 * silently drops a condition on an unknown field, so such a query returns records it should have filtered out.
 */
export function unknownFields(req: OperationsRequest, fields: readonly FieldInfo[]): string[] {
  if (fields.length === 0) return [];
  const known = new Set(fields.map((f) => f.name));
  // A dot-walk (caller_id.name) is checked on its first step only.
  const conditions = req.encoded === '' ? req.filters.map((f) => f.field) : [];
  const used = [...conditions, ...(req.sortField === '' ? [] : [req.sortField])];
  return [...new Set(used.filter((name) => !known.has(name.split('.')[0] ?? name)))];
}

function unknownFieldsWarning(table: string, unknown: readonly string[]): string {
  const names = unknown.map((n) => `"${n}"`).join(', ');
  return `Unknown field ${names}: ${table} has no such field. ServiceNow silently ignores conditions and sorting on unknown fields, so the results below are not filtered by ${unknown.length === 1 ? 'it' : 'them'}. Pick fields from the list.`;
}

/** The Operations page to render and its HTTP status (400 when the table is unknown or the query failed). */
export interface OperationsOutcome {
  readonly view: OperationsView;
  readonly status: 200 | 400;
}

type Notice = OperationsView['notice'];
type Result = NonNullable<OperationsView['result']>;

/** What the steps learn on the way: warnings for the page and whether the schema tables were refused. */
interface Findings {
  readonly warnings: string[];
  schemaForbidden: boolean;
}

/**
 * The Operations page for a request: the table list, the chosen table's fields and, when the request says Run,
 * one page of results. Schema problems become warnings; an unknown table or a failed query becomes the notice.
 */
export async function operationsView(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  req: OperationsRequest,
  notice: Notice,
): Promise<OperationsOutcome> {
  const findings: Findings = { warnings: [], schemaForbidden: false };
  let tables: readonly TableInfo[] = [];
  let fields: readonly FieldInfo[] = [];
  let result: Result | undefined;
  let failure: string | undefined;
  try {
    await withClient(ctx, profile, async (sn) => {
      tables = await listTables(ctx, profile, sn, findings);
      if (req.table === '') return;
      const read = await readFields(ctx, profile, sn, req.table, findings);
      if (read === 'unknown-table') {
        failure = unknownTable(req.table);
        return;
      }
      fields = read;
      if (!req.run) return;
      const unknown = unknownFields(req, fields);
      if (unknown.length > 0) findings.warnings.push(unknownFieldsWarning(req.table, unknown));
      result = await runQuery(sn, profile, req);
    });
  } catch (error) {
    failure = isUnknownTable(error) ? unknownTable(req.table) : ctx.describeError(error);
  }
  const view: OperationsView = {
    connection: profile.name,
    request: req,
    tables,
    fields,
    notice: failure === undefined ? notice : { ok: false, text: failure },
    warnings: findings.schemaForbidden ? [SCHEMA_ACCESS_NOTE, ...findings.warnings] : findings.warnings,
    ...(result === undefined ? {} : { result }),
  };
  return { view, status: failure === undefined ? 200 : 400 };
}

/** The instance's tables; browsing them needs read access to sys_db_object, querying a known table may not. */
async function listTables(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  sn: ServiceNowClient,
  findings: Findings,
): Promise<readonly TableInfo[]> {
  try {
    return await ctx.schema.tables(profile.name, sn);
  } catch (error) {
    if (isForbidden(error)) findings.schemaForbidden = true;
    else findings.warnings.push(`Could not list tables: ${ctx.describeError(error)}`);
    return [];
  }
}

/** The table's fields, or 'unknown-table' when the instance has no such table. */
async function readFields(
  ctx: ConsoleContext,
  profile: ConnectionProfile,
  sn: ServiceNowClient,
  table: string,
  findings: Findings,
): Promise<readonly FieldInfo[] | 'unknown-table'> {
  try {
    return await ctx.schema.fields(profile.name, table, sn);
  } catch (error) {
    if (isUnknownTable(error)) return 'unknown-table';
    if (isForbidden(error)) findings.schemaForbidden = true;
    else findings.warnings.push(`Could not read the fields of ${table}: ${ctx.describeError(error)}`);
    return [];
  }
}

/** Runs the request's query and returns its requested page, with the columns to show and the CLI/library forms. */
async function runQuery(sn: ServiceNowClient, profile: ConnectionProfile, req: OperationsRequest): Promise<Result> {
  const query = encodedQuery(req);
  const fields = req.fields.length > 0 && !req.fields.includes('sys_id') ? ['sys_id', ...req.fields] : req.fields;
  const list = sn.table(req.table).list({
    query,
    pageSize: req.pageSize,
    ...(fields.length > 0 ? { fields } : {}),
    ...(req.displayValue === 'false' ? {} : { displayValue: req.displayValue === 'all' ? 'all' : true }),
  });
  const { records, totalCount } = await pageAt(list.pages(), req.page);
  const columns = req.fields.length > 0 ? req.fields : Object.keys(records[0] ?? {}).filter((k) => k !== 'sys_id');
  const hasNext = totalCount === undefined ? records.length === req.pageSize : req.page * req.pageSize < totalCount;
  return {
    query,
    records,
    columns: req.fields.length > 0 ? columns : ['sys_id', ...columns],
    totalCount,
    hasNext,
    cli: cliCommand(profile, req, query),
    snippet: librarySnippet(profile, req),
  };
}

/**
 * Walks to page `n` (1-based) and returns its records and the first total count seen: keyset paging has no
 * offsets, and a person rarely goes past a few pages.
 */
async function pageAt(
  pages: AsyncIterable<{ readonly records: TableRecord[]; readonly totalCount?: number | undefined }>,
  n: number,
): Promise<{ records: TableRecord[]; totalCount: number | undefined }> {
  let totalCount: number | undefined;
  let i = 0;
  for await (const page of pages) {
    i += 1;
    totalCount ??= page.totalCount;
    if (i === n) return { records: page.records, totalCount };
  }
  return { records: [], totalCount };
}
