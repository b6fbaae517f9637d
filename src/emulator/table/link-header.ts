/**
 * Builds the Table API `Link` header (reference §1.5): absolute URLs from the request's own origin and path,
 * the original query string kept as sent with sysparm_offset / sysparm_limit replaced in place (or appended,
 * offset first), relations in the order first, prev, next, last. Returns undefined for a single page.
 * `total` undefined (sysparm_no_count) drops rel="last" and infers next from a full page.
 */
export function buildLinkHeader(options: {
  readonly origin: string;
  readonly pathname: string;
  readonly rawQuery: string;
  readonly offset: number;
  readonly limit: number;
  readonly total: number | undefined;
  readonly pageRows: number;
}): string | undefined {
  const { offset, limit, total } = options;
  const hasNext = total === undefined ? options.pageRows >= limit : offset + limit < total;
  if (offset === 0 && !hasNext) return undefined;
  const parts = options.rawQuery === '' ? [] : options.rawQuery.split('&');
  const url = (at: number): string => {
    let sawOffset = false;
    let sawLimit = false;
    const out = parts.map((part) => {
      const name = part.split('=', 1)[0];
      if (name === 'sysparm_offset') {
        sawOffset = true;
        return `sysparm_offset=${at}`;
      }
      if (name === 'sysparm_limit') {
        sawLimit = true;
        return `sysparm_limit=${limit}`;
      }
      return part;
    });
    if (!sawOffset) out.push(`sysparm_offset=${at}`);
    if (!sawLimit) out.push(`sysparm_limit=${limit}`);
    return `<${options.origin}${options.pathname}?${out.join('&')}>`;
  };
  const links = [`${url(0)};rel="first"`];
  if (offset > 0) links.push(`${url(Math.max(offset - limit, 0))};rel="prev"`);
  if (hasNext) links.push(`${url(offset + limit)};rel="next"`);
  if (total !== undefined) links.push(`${url(Math.max(total - limit, 0))};rel="last"`);
  return links.join(',');
}
