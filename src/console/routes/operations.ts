import type { Hono } from 'hono';
import type { ConnectionProfile } from '../../lib/config/connections.js';
import type { FieldInfo, TableInfo } from '../../lib/schema/schema-types.js';
import type { ConsoleContext } from '../context.js';
import { withClient } from '../client-factory.js';
import { shellQuote } from '../format-value.js';
import { encodedQuery, readOperationsRequest, type OperationsRequest } from '../operations-query.js';
import { librarySnippet } from '../library-snippet.js';
import { operationsPage, type OperationsView } from '../pages/operations-page.js';
import { loadProfile } from './load-profile.js';
import { isServiceNowError } from '../../lib/errors/service-now-error.js';

const NOTICES: Readonly<Record<string, string>> = {
  deleted: 'Record deleted.',
};

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

function flatten(values: string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The Operations page: schema browsing, the query form and paged results. */
export function registerOperationRoutes(app: Hono, ctx: ConsoleContext): void {
  app.get('/connections/:name/operations', async (c) => {
    const profile = await loadProfile(ctx, c);
    if (profile instanceof Response) return profile;
    const parsed = readOperationsRequest(
      (n) => c.req.query(n),
      (n) => c.req.queries(n) ?? [],
    );
    const req: OperationsRequest = { ...parsed, fields: flatten(c.req.queries('fields') ?? []) };
    const noticeText = NOTICES[c.req.query('notice') ?? ''];
    const view: { -readonly [K in keyof OperationsView]: OperationsView[K] } = {
      connection: profile.name,
      request: req,
      tables: [] as TableInfo[],
      fields: [] as FieldInfo[],
      notice: noticeText === undefined ? undefined : { ok: true, text: noticeText },
      warnings: [] as string[],
    };
    const warnings: string[] = [];
    let schemaForbidden = false;
    let status: 200 | 400 = 200;
    try {
      await withClient(ctx, profile, async (sn) => {
        try {
          view.tables = await ctx.schema.tables(profile.name, sn);
        } catch (error) {
          // Browsing tables needs read access to sys_db_object; querying a known table may still work.
          if (isForbidden(error)) schemaForbidden = true;
          else warnings.push(`Could not list tables: ${ctx.describeError(error)}`);
        }
        if (req.table === '') return;
        try {
          view.fields = await ctx.schema.fields(profile.name, req.table, sn);
        } catch (error) {
          if (isUnknownTable(error)) {
            view.notice = { ok: false, text: unknownTable(req.table) };
            status = 400;
            return;
          }
          if (isForbidden(error)) schemaForbidden = true;
          else warnings.push(`Could not read the fields of ${req.table}: ${ctx.describeError(error)}`);
        }
        if (!req.run) return;
        const unknown = unknownFields(req, view.fields);
        if (unknown.length > 0) warnings.push(unknownFieldsWarning(req.table, unknown));
        const query = encodedQuery(req);
        const fields = req.fields.length > 0 && !req.fields.includes('sys_id') ? ['sys_id', ...req.fields] : req.fields;
        const list = sn.table(req.table).list({
          query,
          pageSize: req.pageSize,
          ...(fields.length > 0 ? { fields } : {}),
          ...(req.displayValue === 'false' ? {} : { displayValue: req.displayValue === 'all' ? 'all' : true }),
        });
        // Walk to the requested page: keyset paging has no offsets, and a person rarely goes past a few pages.
        let records: Record<string, unknown>[] = [];
        let totalCount: number | undefined;
        let n = 0;
        for await (const page of list.pages()) {
          n += 1;
          totalCount ??= page.totalCount;
          if (n === req.page) {
            records = page.records;
            break;
          }
        }
        const columns =
          req.fields.length > 0 ? req.fields : Object.keys(records[0] ?? {}).filter((k) => k !== 'sys_id');
        const hasNext =
          totalCount === undefined ? records.length === req.pageSize : req.page * req.pageSize < totalCount;
        view.result = {
          query,
          records,
          columns: req.fields.length > 0 ? columns : ['sys_id', ...columns],
          totalCount,
          hasNext,
          cli: cliCommand(profile, req, query),
          snippet: librarySnippet(profile, req),
        };
      });
    } catch (error) {
      status = 400;
      view.notice = { ok: false, text: isUnknownTable(error) ? unknownTable(req.table) : ctx.describeError(error) };
    }
    view.warnings = schemaForbidden ? [SCHEMA_ACCESS_NOTE, ...warnings] : warnings;
    return c.html(operationsPage(ctx.csrfToken, view).toString(), status);
  });
}
