/** The sys_id of a record, whatever the display-value mode (`all` wraps it in `{ value }`). */
export function sysIdOf(record: Record<string, unknown> | undefined): string | undefined {
  const raw = record?.sys_id;
  if (typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object' && typeof (raw as { value?: unknown }).value === 'string') {
    return (raw as { value: string }).value;
  }
  return undefined;
}
