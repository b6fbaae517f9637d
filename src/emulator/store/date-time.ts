/** Formats a Date as ServiceNow's UTC 'YYYY-MM-DD HH:MM:SS' (reference §7). */
export function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
