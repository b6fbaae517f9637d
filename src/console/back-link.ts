/**
 * The Operations query a record page came from, carried as `?back=<query string>` so "Back to <table>" and the
 * page after Delete keep the conditions, fields, sort and page. Only Operations parameters are kept and the link
 * is always rebuilt on the Operations page of the same connection and table, so it cannot point anywhere else.
 */
const KEPT = new Set(['table', 'fields', 'join', 'f_field', 'f_op', 'f_value', 'sort', 'dir', 'encoded']);
const KEPT_SCALARS = new Set(['run', 'page', 'size', 'display']);

/** The sanitized query string to carry, or '' when there is nothing to keep. */
export function backQuery(raw: string | undefined, table: string): string {
  if (raw === undefined || raw === '') return '';
  const from = new URLSearchParams(raw);
  if (from.get('table') !== table) return '';
  const out = new URLSearchParams();
  for (const [key, value] of from) {
    if (KEPT.has(key) || (KEPT_SCALARS.has(key) && !out.has(key))) out.append(key, value);
  }
  return out.toString();
}

/** `?back=…` (or `&back=…` after other parameters) to append to a record page address; '' without one. */
export function backSuffix(back: string, first: '?' | '&' = '?'): string {
  return back === '' ? '' : `${first}back=${encodeURIComponent(back)}`;
}

/** The Operations page to go back to: the carried query, or the table alone. */
export function operationsLink(connection: string, table: string, back: string): string {
  const query = back === '' ? `table=${encodeURIComponent(table)}` : back;
  return `/connections/${encodeURIComponent(connection)}/operations?${query}`;
}
