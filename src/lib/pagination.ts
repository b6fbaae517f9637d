import { splitTerms } from './query-values.js';

/** One page of a list. */
export interface RecordPage<T = Record<string, unknown>> {
  readonly records: T[];
  /** X-Total-Count: a hint only (ACLs filter rows after counting, and data changes while paging). */
  readonly totalCount?: number;
  /**
   * Where the next page starts, for display and debugging only: the next page URL (offset paging, Link rel="next")
   * or the encoded query of the next keyset request. Iterate the RecordList rather than following it yourself.
   */
  readonly next?: string;
}

/**
 * Parses an RFC 8288 `Link` header into `rel → URL`. ServiceNow sends `<url>;rel="next"` comma-joined; the docs
 * example drops the angle brackets, so both forms are read.
 */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  // Split on commas that start a new link: a comma followed by "<" or by a URL scheme.
  for (const part of header.split(/,(?=\s*<)|,(?=\s*https?:\/\/)/)) {
    const match = /^\s*<?([^>;]+?)>?\s*;(.*)$/.exec(part);
    if (!match) continue;
    const url = match[1]?.trim();
    const params = match[2] ?? '';
    const rel = /\brel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1];
    if (!url || !rel) continue;
    for (const name of rel.trim().split(/\s+/)) links[name.toLowerCase()] = url;
  }
  return links;
}

/** Splits an encoded query into its `^NQ` groups and its ORDERBY terms (escaped carets kept as they are). */
export function analyseQuery(query: string): { groups: string[][]; orderTerms: string[] } {
  const groups: string[][] = [[]];
  const orderTerms: string[] = [];
  for (const term of splitTerms(query)) {
    if (term === '' || term === 'EQ') continue;
    if (term.startsWith('ORDERBY') || term.startsWith('GROUPBY')) {
      orderTerms.push(term);
      continue;
    }
    if (term.startsWith('NQ')) {
      groups.push([]);
      const rest = term.slice(2);
      if (rest !== '') groups[groups.length - 1]?.push(rest);
      continue;
    }
    groups[groups.length - 1]?.push(term);
  }
  return { groups: groups.filter((g) => g.length > 0), orderTerms };
}

/**
 * Appends `^ORDERBYsys_id` to an ordered query whose order does not already end on sys_id, the one field known to
 * be unique. A database does not promise the order of rows that compare equal, so without it offset pages over a
 * non-unique order (`ORDERBYpriority`) can repeat some rows and skip others between requests.
 */
export function withTieBreaker(query: string): string {
  const orders = analyseQuery(query).orderTerms.filter((t) => t.startsWith('ORDERBY'));
  const last = orders[orders.length - 1];
  if (last === undefined || last === 'ORDERBYsys_id' || last === 'ORDERBYDESCsys_id') return query;
  return `${query}^ORDERBYsys_id`;
}

/** True when a query string carries its own ORDERBY / ORDERBYDESC. */
export function queryHasOrder(query: string): boolean {
  return analyseQuery(query).orderTerms.some((t) => t.startsWith('ORDERBY'));
}

/**
 * ANDs `conditions` onto every `^NQ` group of `query`. `^NQ` separates independent queries, so a condition
 * appended once at the end would only bind to the last one; it must be repeated in each. Appending at the end
 * of a group is correct because `^OR` binds only its neighbours: `a^ORb^k` is (a OR b) AND k.
 */
export function andEveryGroup(
  query: string,
  conditions: readonly string[],
  orderTerms: readonly string[] = [],
): string {
  const { groups, orderTerms: existing } = analyseQuery(query);
  const extra = conditions.filter((c) => c !== '');
  const effective = groups.length === 0 ? [[]] : groups;
  const body = effective.map((g) => [...g, ...extra].join('^')).join('^NQ');
  return [body, ...existing, ...orderTerms].filter((s) => s !== '').join('^');
}

/** Lowest and highest 32-hex sys_id boundaries, as BigInt. */
const SPACE = 16n ** 32n;

/**
 * Splits the sys_id space into `n` contiguous ranges `[from, to)`: `from` undefined means "from the start",
 * `to` undefined "to the end". sys_ids are 32 lowercase hex characters, so string order is numeric order.
 */
export function partitionSysIds(n: number): { from?: string; to?: string }[] {
  const count = Math.max(1, Math.floor(n));
  const bounds = Array.from({ length: count - 1 }, (_, i) =>
    ((SPACE * BigInt(i + 1)) / BigInt(count)).toString(16).padStart(32, '0'),
  );
  return Array.from({ length: count }, (_, i) => ({
    ...(i === 0 ? {} : { from: bounds[i - 1] as string }),
    ...(i === count - 1 ? {} : { to: bounds[i] as string }),
  }));
}
