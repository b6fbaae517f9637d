/** A field's raw value, whether the response was plain (`"x"`) or `sysparm_display_value=all` (`{ value }`). */
export function rawValue(record: Record<string, unknown>, field: string): string | undefined {
  const v = record[field];
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string') {
    return (v as { value: string }).value;
  }
  return undefined;
}
