import type { ResolvedTable } from '../schema/types.js';
import { formatDateTime } from './date-time.js';
import type { Row } from './store.js';

/**
 * The values a new record starts with: field defaults, system fields (reference §7), sys_class_name on
 * hierarchies. Journal and password fields start empty.
 */
export function newRowDefaults(table: ResolvedTable, sysId: string, userName: string, now: Date): Row {
  const row: Row = {};
  for (const field of table.fields.values()) row[field.name] = field.defaultValue ?? '';
  const stamp = formatDateTime(now);
  row.sys_id = sysId;
  row.sys_created_on = stamp;
  row.sys_created_by = userName;
  row.sys_updated_on = stamp;
  row.sys_updated_by = userName;
  row.sys_mod_count = '0';
  row.sys_tags = '';
  if (table.fields.has('sys_class_name')) row.sys_class_name = table.name;
  return row;
}

/** Formats an auto-number: prefix plus the counter zero-padded to the digit count (reference §7). */
export function formatNumber(prefix: string, value: number, digits = 7): string {
  return `${prefix}${String(value).padStart(digits, '0')}`;
}
