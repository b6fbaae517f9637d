import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { Row } from '../store/store.js';
import { listRecords } from '../table/list.js';
import { parseTableParams } from '../table/params.js';

/** `{name}` in an operation's encoded query → the path parameter, with `^` removed so it stays one term. */
function substitute(query: string, params: Readonly<Record<string, string>>): string {
  return query.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => (params[name] ?? '').replace(/\^/g, ''));
}

/**
 * Answers a matched scripted REST operation: a Table API list of `emulator_table` filtered by `emulator_query`
 * (plus the request's own sysparm_query, paged with Link headers), or the fixed `emulator_response` JSON with
 * `emulator_status`.
 */
export function runOperation(
  ctx: EmulatorContext,
  caller: Caller,
  url: URL,
  operation: Row,
  params: Readonly<Record<string, string>>,
): Response {
  const name = operation.name || operation.sys_id || '';
  const tableName = (operation.emulator_table ?? '').trim();
  if (tableName !== '') {
    const table = ctx.schema.table(tableName);
    if (!table)
      return errorResponse(500, 'Script Evaluation Exception', `Operation ${name}: unknown table ${tableName}`);
    const parsed = parseTableParams(url.searchParams);
    const query = [substitute(operation.emulator_query ?? '', params), parsed.query ?? '']
      .filter((q) => q.trim() !== '')
      .join('^');
    return listRecords({
      ctx,
      caller,
      table,
      params: { ...parsed, query: query === '' ? undefined : query, filters: [] },
      version: '',
      origin: url.origin,
      pathname: url.pathname,
      rawQuery: url.search.slice(1),
      tableBase: `${url.origin}/api/now/table/`,
      omitBody: false,
    });
  }
  const body = (operation.emulator_response ?? '').trim();
  if (body === '') {
    return errorResponse(
      501,
      'Not Implemented',
      `Operation ${name} has neither emulator_response nor emulator_table: the emulator cannot run operation_script`,
    );
  }
  try {
    JSON.parse(body);
  } catch {
    return errorResponse(500, 'Script Evaluation Exception', `Operation ${name}: emulator_response is not valid JSON`);
  }
  const status = Number(operation.emulator_status || '200');
  return jsonResponse(Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200, body);
}
