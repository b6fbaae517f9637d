import { callOptions } from '../call-options.js';
import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import { assertField } from '../query-values.js';
import { assertTable } from '../table-params.js';
import type { Transport } from '../transport/transport.js';
import type { StatsAggregates, StatsGroup, StatsGroupField, StatsParams, StatsResult } from './stats-types.js';

const AGGREGATES = ['avg', 'min', 'max', 'sum'] as const;

/** Builds the Aggregate API query string: camelCase options → verbatim sysparm_* names. */
export function statsSearchParams(params: StatsParams): URLSearchParams {
  const search = new URLSearchParams();
  const query = params.query === undefined ? '' : params.query.toString();
  if (query !== '') search.set('sysparm_query', query);
  search.set('sysparm_count', String(params.count ?? true));
  for (const fn of AGGREGATES) {
    const fields = params[fn];
    if (fields && fields.length > 0) search.set(`sysparm_${fn}_fields`, fields.map(assertField).join(','));
  }
  if (params.groupBy && params.groupBy.length > 0)
    search.set('sysparm_group_by', params.groupBy.map(assertField).join(','));
  for (const [name, list] of [
    ['sysparm_having', params.having],
    ['sysparm_order_by', params.orderBy],
  ] as const) {
    if (!list || list.length === 0) continue;
    if (list.some((term) => typeof term !== 'string' || term.includes(','))) {
      throw new ConfigError(`Invalid ${name} term`, 'Give one term per array entry, without commas');
    }
    search.set(name, list.join(','));
  }
  if (params.displayValue !== undefined) search.set('sysparm_display_value', String(params.displayValue));
  return search;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
}

function aggregatesOf(stats: unknown): StatsAggregates {
  if (!isObject(stats)) throw new ResponseError('A stats response entry has no "stats" object');
  const out: { -readonly [K in keyof StatsAggregates]: StatsAggregates[K] } = {};
  if (stats.count !== undefined) out.count = Number(stats.count);
  for (const fn of AGGREGATES) {
    const map = stringMap(stats[fn]);
    if (map) out[fn] = map;
  }
  return out;
}

function groupFields(value: unknown): StatsGroupField[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((f) => ({
    field: text(f.field),
    value: text(f.value),
    ...(f.display_value === undefined ? {} : { displayValue: text(f.display_value) }),
  }));
}

/** Parses `{"result":{"stats":…}}` or `{"result":[{"stats":…,"groupby_fields":[…]}]}`. */
export function parseStatsBody(body: unknown): StatsResult {
  const result = isObject(body) ? body.result : undefined;
  if (Array.isArray(result)) {
    const groups: StatsGroup[] = result.map((entry) => ({
      ...aggregatesOf(isObject(entry) ? entry.stats : undefined),
      groupBy: groupFields(isObject(entry) ? entry.groupby_fields : undefined),
    }));
    return { groups };
  }
  if (isObject(result)) return { ...aggregatesOf(result.stats), groups: [] };
  throw new ResponseError('The stats response has no "result"');
}

/**
 * Runs an Aggregate API request. See {@link ServiceNowClient.stats}.
 *
 * @throws {ConfigError} for an invalid table or field name.
 */
export async function fetchStats(
  transport: Transport,
  instanceUrl: string,
  table: string,
  params: StatsParams,
): Promise<StatsResult> {
  const search = statsSearchParams(params);
  const res = await transport.send({
    method: 'GET',
    url: `${instanceUrl}/api/now/stats/${assertTable(table)}?${search.toString()}`,
    ...callOptions(params),
  });
  return parseStatsBody(res.body);
}
