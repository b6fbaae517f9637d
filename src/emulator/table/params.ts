/** How reference and choice values are rendered (reference §1.4). */
export type DisplayMode = 'false' | 'true' | 'all';

/** The Table API parameters the emulator honours, parsed leniently (reference §1.3). */
export interface TableParams {
  /** Encoded query; undefined when absent or empty. */
  readonly query: string | undefined;
  /** Requested fields; undefined means all fields. */
  readonly fields: readonly string[] | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly displayValue: DisplayMode;
  readonly excludeReferenceLink: boolean;
  readonly suppressPaginationHeader: boolean;
  readonly noCount: boolean;
  readonly inputDisplayValue: boolean;
  /** name=value pairs that are not sysparm_* (filtered against the table's fields later). */
  readonly filters: readonly (readonly [string, string])[];
}

/** Table API default page size (reference §1.3). */
export const DEFAULT_LIMIT = 10_000;

/** Empty values mean "not set"; booleans are case-insensitive because pysnow sends True/False. */
const flag = (value: string | null): boolean => value !== null && value.trim().toLowerCase() === 'true';

const nonNegativeInt = (value: string | null): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value.trim());
  // Clamped to a safe integer: SQLite refuses LIMIT/OFFSET beyond 64-bit integers ("datatype mismatch").
  return Number.isFinite(n) ? Math.min(Math.floor(n), Number.MAX_SAFE_INTEGER) : undefined;
};

/** Parses the query parameters of a Table API request. Never throws. */
export function parseTableParams(search: URLSearchParams): TableParams {
  const query = search.get('sysparm_query') ?? '';
  const fieldsRaw = search.get('sysparm_fields') ?? '';
  const fields = fieldsRaw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const dv = (search.get('sysparm_display_value') ?? '').trim().toLowerCase();
  const limit = nonNegativeInt(search.get('sysparm_limit'));
  const offset = nonNegativeInt(search.get('sysparm_offset'));
  const filters: (readonly [string, string])[] = [];
  for (const [name, value] of search)
    if (!name.startsWith('sysparm_') && name !== 'access_token') filters.push([name, value]);
  return {
    query: query.trim() === '' ? undefined : query,
    fields: fields.length > 0 ? fields : undefined,
    // A zero or negative limit is treated as "not set" rather than an error (the reference is silent).
    limit: limit !== undefined && limit > 0 ? limit : DEFAULT_LIMIT,
    offset: offset !== undefined && offset > 0 ? offset : 0,
    displayValue: dv === 'true' || dv === 'all' ? dv : 'false',
    excludeReferenceLink: flag(search.get('sysparm_exclude_reference_link')),
    suppressPaginationHeader: flag(search.get('sysparm_suppress_pagination_header')),
    noCount: flag(search.get('sysparm_no_count')),
    inputDisplayValue: flag(search.get('sysparm_input_display_value')),
    filters,
  };
}
