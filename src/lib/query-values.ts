import { ConfigError } from './errors/config-error.js';

/** A value a condition may compare against. Dates are sent as UTC `YYYY-MM-DD HH:MM:SS`. */
export type QueryValue = string | number | boolean | Date | GlideExpression;

/** A server-side `javascript:gs.*()` date expression, built only through {@link gs}, so it is never user text. */
export interface GlideExpression {
  readonly glide: string;
}

const FIELD = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

/**
 * Checks a field name (dot-walks allowed) against ServiceNow's column-name rule, lowercase `[a-z0-9_]`.
 *
 * @throws {ConfigError} for anything else, so a field name can never smuggle in an operator or a condition.
 */
export function assertField(field: string): string {
  if (typeof field !== 'string' || !FIELD.test(field)) {
    throw new ConfigError(
      `Invalid field name ${JSON.stringify(field)}`,
      'Field names are lowercase letters, digits and underscores, dot-walked with "." (e.g. caller_id.name)',
    );
  }
  return field;
}

/**
 * Escapes a value for an encoded query: a literal `^` is written `^^` (GlideStringUtil.escapeQueryTermSeparator),
 * so user input can never end the condition and start another.
 */
export function escapeValue(value: QueryValue): string {
  if (typeof value === 'object' && !(value instanceof Date)) return value.glide;
  return formatValue(value).replace(/\^/g, '^^');
}

/** Formats a value the way ServiceNow stores it: booleans as true/false, dates as UTC `YYYY-MM-DD HH:MM:SS`. */
export function formatValue(value: Exclude<QueryValue, GlideExpression>): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ConfigError('Invalid date in a query', 'Pass a valid Date');
    return value.toISOString().slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConfigError(`Invalid number ${value} in a query`, 'Pass a finite number');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string')
    throw new ConfigError(`Unsupported query value ${String(value)}`, 'Pass a string, number, boolean or Date');
  return value;
}

/**
 * Escapes one member of an IN / NOT IN list.
 *
 * @throws {ConfigError} for a comma: ServiceNow documents no escape for it, so it would split the value in two.
 */
export function escapeListItem(value: Exclude<QueryValue, GlideExpression>): string {
  const text = escapeValue(value);
  if (text.includes(',')) {
    throw new ConfigError(
      `The list value ${JSON.stringify(formatValue(value))} contains a comma, which IN lists cannot express`,
      'Use separate conditions joined with or(), e.g. where(f).is(a).or(f).is(b)',
    );
  }
  return text;
}

/**
 * Escapes a BETWEEN bound.
 *
 * @throws {ConfigError} for `@`, the bound separator, which has no documented escape.
 */
export function escapeBound(value: QueryValue): string {
  const text = escapeValue(value);
  if (typeof value !== 'object' || value instanceof Date) {
    if (text.includes('@')) {
      throw new ConfigError(
        `The BETWEEN bound ${JSON.stringify(text)} contains "@", which separates the bounds`,
        'Use greaterThanOrEqual() and lessThanOrEqual() instead',
      );
    }
  }
  return text;
}

const INTEGER = (n: number): number => {
  if (!Number.isInteger(n) || n < 0)
    throw new ConfigError(`Expected a non-negative integer, got ${n}`, 'Pass 0, 1, 2, …');
  return n;
};

/** The whitelisted `javascript:gs.*()` date functions ServiceNow's filters use. */
export const gs = Object.freeze({
  now: (): GlideExpression => ({ glide: 'javascript:gs.nowDateTime()' }),
  daysAgo: (n: number): GlideExpression => ({ glide: `javascript:gs.daysAgo(${INTEGER(n)})` }),
  daysAgoStart: (n: number): GlideExpression => ({ glide: `javascript:gs.daysAgoStart(${INTEGER(n)})` }),
  daysAgoEnd: (n: number): GlideExpression => ({ glide: `javascript:gs.daysAgoEnd(${INTEGER(n)})` }),
  hoursAgo: (n: number): GlideExpression => ({ glide: `javascript:gs.hoursAgo(${INTEGER(n)})` }),
  minutesAgo: (n: number): GlideExpression => ({ glide: `javascript:gs.minutesAgo(${INTEGER(n)})` }),
  beginningOf: (period: DatePeriod): GlideExpression => ({ glide: `javascript:gs.beginningOf${gsSuffix(period)}()` }),
  endOf: (period: DatePeriod): GlideExpression => ({ glide: `javascript:gs.endOf${gsSuffix(period)}()` }),
});

const DATE_PERIODS = [
  'today',
  'yesterday',
  'tomorrow',
  'thisWeek',
  'lastWeek',
  'nextWeek',
  'thisMonth',
  'lastMonth',
  'nextMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
] as const;

/** Named periods for `on()` / `notOn()`. */
export type DatePeriod = (typeof DATE_PERIODS)[number];

/** The name in ServiceNow's `gs.beginningOf…()`: `thisWeek` → `ThisWeek`. */
function gsSuffix(period: DatePeriod): string {
  if (!DATE_PERIODS.includes(period))
    throw new ConfigError(`Unknown date period ${JSON.stringify(period)}`, `Use one of ${DATE_PERIODS.join(', ')}`);
  return `${period.charAt(0).toUpperCase()}${period.slice(1)}`;
}

/** The label of an ON operand: `thisWeek` → `This week`. */
function periodLabel(period: DatePeriod): string {
  const [first = '', ...rest] = gsSuffix(period).split(/(?=[A-Z])/);
  return [first, ...rest.map((word) => word.toLowerCase())].join(' ');
}

/** `Today@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()`, the ON operand for a period. */
export function periodOperand(period: DatePeriod): string {
  const suffix = gsSuffix(period);
  return `${periodLabel(period)}@javascript:gs.beginningOf${suffix}()@javascript:gs.endOf${suffix}()`;
}

/** Splits an encoded query on un-doubled `^` (a `^^` pair is a literal caret), keeping escapes as they are. */
export function splitTerms(query: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < query.length; i += 1) {
    const ch = query[i];
    if (ch === '^') {
      if (query[i + 1] === '^') {
        current += '^^';
        i += 1;
        continue;
      }
      terms.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  terms.push(current);
  return terms;
}
