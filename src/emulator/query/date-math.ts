/**
 * UTC calendar arithmetic for the `javascript:gs.*` whitelist and the RELATIVE operators. A caller's time
 * zone is applied around it (javascript-value.ts `onWallClock`): the arithmetic runs on the wall clock.
 */
export type DateUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const MS: Partial<Record<DateUnit, number>> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Date.UTC, minus its habit of reading years 0–99 as 1900–1999. Month and day may overflow. */
function utc(year: number, month: number, day: number, hours = 0, minutes = 0): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hours, minutes, 0, 0);
  return date;
}

/** Parses a unit name as written in RELATIVE/MORETHAN terms (`hour`, `hours`, `dayofweek`, any case). */
export function parseUnit(text: string): DateUnit | undefined {
  // The list UI writes days in relative conditions as `dayofweek` (RELATIVEGE@dayofweek@ago@7).
  const unit = text.toLowerCase() === 'dayofweek' ? 'day' : text.toLowerCase().replace(/s$/, '');
  return (['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const).find((u) => u === unit);
}

/** `date` moved by `n` units (n may be negative). Months clamp to the month's last day, as Java calendars do. */
export function addUnits(date: Date, unit: DateUnit, n: number): Date {
  const fixed = MS[unit];
  if (fixed !== undefined) return new Date(date.getTime() + n * fixed);
  const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = utc(y, m + 1, 0).getUTCDate();
  const d = Math.min(date.getUTCDate(), lastDay);
  const out = new Date(date.getTime());
  out.setUTCFullYear(y, m, d);
  return out;
}

/** The first instant of the unit containing `date`. Weeks start on Monday (ServiceNow's default). */
export function startOf(date: Date, unit: DateUnit): Date {
  const y = date.getUTCFullYear();
  const mo = date.getUTCMonth();
  const d = date.getUTCDate();
  switch (unit) {
    case 'second':
      return new Date(Math.floor(date.getTime() / 1000) * 1000);
    case 'minute':
      return utc(y, mo, d, date.getUTCHours(), date.getUTCMinutes());
    case 'hour':
      return utc(y, mo, d, date.getUTCHours());
    case 'day':
      return utc(y, mo, d);
    case 'week': {
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      return utc(y, mo, d - sinceMonday);
    }
    case 'month':
      return utc(y, mo, 1);
    case 'quarter':
      return utc(y, mo - (mo % 3), 1);
    case 'year':
      return utc(y, 0, 1);
  }
}

/** The last whole second of the unit containing `date` (stored values have second precision). */
export function endOf(date: Date, unit: DateUnit): Date {
  const next = unit === 'second' ? startOf(date, unit) : addUnits(startOf(date, unit), unit, 1);
  return unit === 'second' ? next : new Date(next.getTime() - 1000);
}

/** True for a Date the storage format can represent (years 0000–9999). */
export function isRepresentable(date: Date): boolean {
  const t = date.getTime();
  return Number.isFinite(t) && date.getUTCFullYear() >= 0 && date.getUTCFullYear() <= 9999;
}

/** `YYYY-MM-DD HH:MM:SS`, the stored glide_date_time format. */
export function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** `YYYY-MM-DD`, the stored glide_date format. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/** Strictly parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC); rejects impossible dates like 02-30. */
export function parseDateTime(text: string): { date: Date; dateOnly: boolean } | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const date = new Date(utc(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0).getTime() + (s ?? 0) * 1000);
  const roundTrip = m[4] === undefined ? formatDate(date) : formatDateTime(date);
  if (!isRepresentable(date) || roundTrip !== text) return undefined;
  return { date, dateOnly: m[4] === undefined };
}
