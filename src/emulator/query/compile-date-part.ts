import { WALL_CLOCK_SQL } from '../auth/user-zone.js';
import type { SqlFragment } from './sql-fragment.js';
import { fragment, not } from './sql-fragment.js';

const DATE_PART =
  /^javascript:\s*gs\.datePart\(\s*(['"])([a-z]+)\1\s*,\s*(['"])([^'"]*)\3\s*,\s*(['"])([A-Z]{2})\5\s*\)\s*;?\s*$/i;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * The part's SQL over the stored text `v` (fixed strftime formats only, never user text) and how a
 * value names it. Days of the week count from Monday = 1, as ServiceNow's datePart does.
 */
const PARTS: Record<string, { sql: (v: string) => string; parse: (value: string) => number | undefined }> = {
  year: { sql: (v) => `CAST(strftime('%Y', ${v}) AS INTEGER)`, parse: (x) => int(x, 0, 9999) },
  quarter: { sql: (v) => `((CAST(strftime('%m', ${v}) AS INTEGER) + 2) / 3)`, parse: (x) => int(x, 1, 4) },
  month: {
    sql: (v) => `CAST(strftime('%m', ${v}) AS INTEGER)`,
    parse: (x) => named(MONTHS, x) ?? int(x, 1, 12),
  },
  dayofweek: {
    sql: (v) => `((CAST(strftime('%w', ${v}) AS INTEGER) + 6) % 7 + 1)`,
    parse: (x) => named(DAYS, x) ?? int(x, 1, 7),
  },
  dayofmonth: { sql: (v) => `CAST(strftime('%d', ${v}) AS INTEGER)`, parse: (x) => int(x, 1, 31) },
  hour: { sql: (v) => `CAST(strftime('%H', ${v}) AS INTEGER)`, parse: (x) => int(x, 0, 23) },
  minute: { sql: (v) => `CAST(strftime('%M', ${v}) AS INTEGER)`, parse: (x) => int(x, 0, 59) },
};

const COMPARISONS: Record<string, string> = { EQ: '=', GT: '>', GE: '>=', LT: '<', LE: '<=' };

function int(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,4}$/.test(text.trim())) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function named(names: readonly string[], text: string): number | undefined {
  const i = names.indexOf(text.trim().toLowerCase());
  return i < 0 ? undefined : i + 1;
}

/**
 * `DATEPART<label>@javascript:gs.datePart('<part>','<value>','<EQ|NE|GT|GE|LT|LE>')`, e.g.
 * `sys_created_onDATEPARTMonday@javascript:gs.datePart('dayofweek','monday','EQ')`. The label is for
 * people. Parts: year, quarter, month, dayofweek, dayofmonth, hour, minute, of a date-time's wall clock in
 * `timeZone` (the caller's; UTC when undefined) or of a date as stored. Empty values never match, except
 * under NE, which is NOT of EQ like every negative operator.
 */
export function compileDatePart(v: string, value: string, timeZone?: string): SqlFragment | undefined {
  const at = value.indexOf('@');
  const m = at < 0 ? null : DATE_PART.exec(value.slice(at + 1));
  const part = m ? PARTS[(m[2] ?? '').toLowerCase()] : undefined;
  const target = m && part ? part.parse(m[4] ?? '') : undefined;
  const op = (m?.[6] ?? '').toUpperCase();
  if (!part || target === undefined) return undefined;
  const cmp = COMPARISONS[op === 'NE' ? 'EQ' : op];
  if (!cmp) return undefined;
  const positive =
    timeZone === undefined
      ? fragment(`(${v} <> '' AND ${part.sql(v)} ${cmp} ?)`, target)
      : fragment(`(${v} <> '' AND ${part.sql(`${WALL_CLOCK_SQL}(${v}, ?)`)} ${cmp} ?)`, timeZone, target);
  return op === 'NE' ? not(positive) : positive;
}
