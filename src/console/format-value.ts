/**
 * Text for a field value as the Table API returns it: strings as-is, references `{ link, value }` as the value,
 * display-value pairs `{ display_value, value }` as the display value.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { display_value?: unknown; value?: unknown };
    if (typeof v.display_value === 'string') return v.display_value;
    if (typeof v.value === 'string') return v.value;
  }
  return JSON.stringify(value);
}

/** The raw value of a field (the sys_id for references), for edit forms. */
export function rawValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') {
    return (value as { value: string }).value;
  }
  return formatValue(value);
}

/** Quotes a string for a POSIX shell, so the shown CLI command can be pasted as-is. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
