import type { ResolvedField } from '../schema/types.js';
import type { DateUnit } from './date-math.js';
import {
  addUnits,
  endOf,
  formatDate,
  formatDateTime,
  isRepresentable,
  parseDateTime,
  parseUnit,
  startOf,
} from './date-math.js';
import { resolvePath, valueSql } from './field-path.js';
import { evaluateScript, onWallClock, wallNow, wallToInstant } from './javascript-value.js';
import type { Scope } from './scope.js';
import type { SqlFragment } from './sql-fragment.js';
import { FALSE_SQL, fragment, not } from './sql-fragment.js';
import { fieldKind } from './typed-value.js';

export type DateOperator =
  'ON' | 'NOTON' | 'RELATIVEGT' | 'RELATIVELT' | 'RELATIVEGE' | 'RELATIVELE' | 'RELATIVEEE' | 'MORETHAN' | 'LESSTHAN';

const COUNT = /^\d{1,6}$/;

/**
 * The date-only operators. They apply to glide_date_time, glide_date and glide_duration fields;
 * on any other field the term is invalid. `v` is the COALESCEd value of the field.
 */
export function compileDateOperator(
  operator: DateOperator,
  v: string,
  field: ResolvedField,
  value: string,
  scope: Scope,
): SqlFragment | undefined {
  const kind = fieldKind(field.type);
  if (kind !== 'date' && kind !== 'datetime') return undefined;
  const format = (d: Date): string => (kind === 'date' ? formatDate(d) : formatDateTime(d));
  // Calendar arithmetic on the caller's wall clock: a date field takes the wall-clock date, a date-time the instant.
  const onClock = (compute: (now: Date) => Date): Date =>
    kind === 'date' ? compute(wallNow(scope.script)) : onWallClock(scope.script, compute);
  switch (operator) {
    case 'ON':
    case 'NOTON': {
      // ON<label>@<start>@<end>: the label is for people; only the two bounds matter.
      const parts = value.split('@');
      if (parts.length !== 3) return undefined;
      const start = dateBound(parts[1] ?? '', false, scope, kind);
      const end = dateBound(parts[2] ?? '', true, scope, kind);
      if (!start || !end) return undefined;
      // A literal bound that is no date matches nothing (ON) / everything (NOTON), as `=` does.
      if (start === 'mismatch' || end === 'mismatch') return operator === 'ON' ? FALSE_SQL : not(FALSE_SQL);
      const on = fragment(`(${v} <> '' AND ${v} >= ? AND ${v} <= ?)`, format(start), format(end));
      return operator === 'ON' ? on : not(on);
    }
    case 'RELATIVEGT':
    case 'RELATIVELT':
    case 'RELATIVEGE':
    case 'RELATIVELE':
    case 'RELATIVEEE': {
      // RELATIVEGT@hour@ago@1: compared with the exact instant one hour before now.
      const [lead, unitText = '', direction = '', count = ''] = value.split('@');
      const unit = parseUnit(unitText);
      if (lead !== '' || !unit || !COUNT.test(count) || (direction !== 'ago' && direction !== 'ahead'))
        return undefined;
      const n = direction === 'ago' ? -Number(count) : Number(count);
      const target = onClock((now) => addUnits(now, unit, n));
      // Out of the storage format's range (years 0000–9999): not a usable bound.
      if (!isRepresentable(target)) return undefined;
      if (operator === 'RELATIVEEE') {
        // "on" that relative unit: anywhere inside the unit (hour, day, …) that contains the target.
        return fragment(
          `(${v} <> '' AND ${v} >= ? AND ${v} <= ?)`,
          format(onClock((now) => startOf(addUnits(now, unit, n), unit))),
          format(onClock((now) => endOf(addUnits(now, unit, n), unit))),
        );
      }
      const cmp = { RELATIVEGT: '>', RELATIVELT: '<', RELATIVEGE: '>=', RELATIVELE: '<=' }[operator];
      return fragment(`(${v} <> '' AND ${v} ${cmp} ?)`, format(target));
    }
    case 'MORETHAN':
    case 'LESSTHAN':
      return relativeToField(operator, v, value, scope);
  }
}

/**
 * A bound of ON/BETWEEN-style ranges: a javascript value or a literal; a bare date ends at 23:59:59.
 * An unevaluable script is undefined (invalid term); a literal that is no date is 'mismatch'. A script's date
 * is the caller's: its wall-clock date for a date field, its instant for a date-time.
 */
function dateBound(
  raw: string,
  isEnd: boolean,
  scope: Scope,
  kind: 'date' | 'datetime',
): Date | 'mismatch' | undefined {
  if (raw.toLowerCase().startsWith('javascript:')) {
    const value = evaluateScript(raw.slice('javascript:'.length), scope.script);
    if (value?.kind !== 'date') return undefined;
    if (kind === 'date') return value.dateOnly && isEnd ? endOf(value.local, 'day') : value.local;
    return value.dateOnly && isEnd ? wallToInstant(scope.script, endOf(value.local, 'day')) : value.date;
  }
  const parsed = parseDateTime(raw);
  if (!parsed) return 'mismatch';
  return parsed.dateOnly && isEnd ? endOf(parsed.date, 'day') : parsed.date;
}

const SQLITE_MODIFIER: Record<DateUnit, { unit: string; factor: number }> = {
  second: { unit: 'seconds', factor: 1 },
  minute: { unit: 'minutes', factor: 1 },
  hour: { unit: 'hours', factor: 1 },
  day: { unit: 'days', factor: 1 },
  week: { unit: 'days', factor: 7 },
  month: { unit: 'months', factor: 1 },
  quarter: { unit: 'months', factor: 3 },
  year: { unit: 'years', factor: 1 },
};

/**
 * `fieldMORETHANother@hour@before@2`: the field is more than 2 hours before `other`;
 * LESSTHAN: within 2 hours before (or after) `other`, bounds inclusive. Both fields must be set.
 * The shifted time is computed by SQLite's datetime(); the modifier text is a bound parameter.
 */
function relativeToField(
  operator: 'MORETHAN' | 'LESSTHAN',
  v: string,
  value: string,
  scope: Scope,
): SqlFragment | undefined {
  const [otherPath = '', unitText = '', direction = '', count = ''] = value.split('@');
  const unit = parseUnit(unitText);
  if (!unit || !COUNT.test(count) || (direction !== 'before' && direction !== 'after')) return undefined;
  const other = resolvePath(scope.schema, scope.table, scope.alias, otherPath, scope.aliases);
  if (!other) return undefined;
  const otherKind = fieldKind(other.field.type);
  if (otherKind !== 'date' && otherKind !== 'datetime') return undefined;
  const o = valueSql(other.sql);
  const spec = SQLITE_MODIFIER[unit];
  const amount = Number(count) * spec.factor;
  const modifier = `${direction === 'before' ? '-' : '+'}${amount} ${spec.unit}`;
  const set = `${v} <> '' AND ${o} <> ''`;
  if (operator === 'MORETHAN') {
    const cmp = direction === 'before' ? '<' : '>';
    return fragment(`(${set} AND ${v} ${cmp} datetime(${o}, ?))`, modifier);
  }
  return direction === 'before'
    ? fragment(`(${set} AND ${v} >= datetime(${o}, ?) AND ${v} <= ${o})`, modifier)
    : fragment(`(${set} AND ${v} >= ${o} AND ${v} <= datetime(${o}, ?))`, modifier);
}
