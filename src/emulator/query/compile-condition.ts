import type { ResolvedField } from '../schema/types.js';
import type { ConditionTerm } from './ast.js';
import { compileDateOperator } from './compile-date-ops.js';
import { compileDatePart } from './compile-date-part.js';
import { compileInHierarchy } from './compile-hierarchy.js';
import { resolvePath, valueSql } from './field-path.js';
import type { Scope } from './scope.js';
import type { SqlFragment } from './sql-fragment.js';
import { escapeLike, FALSE_SQL, fragment, joinBalanced, not, TRUE_SQL } from './sql-fragment.js';
import type { Operand } from './typed-value.js';
import { fieldKind, toOperand } from './typed-value.js';

/** The well-known "Me" dynamic filter option (sys_filter_option_dynamic). */
export const DYNAMIC_ME = '90d1921e5f510100a9ad2572f2b477fe';

/** SQLite refuses LIKE patterns over 50,000 UTF-8 bytes; longer values make the term invalid instead. */
const MAX_LIKE_PATTERN_BYTES = 49_000;

/**
 * Compiles one `<field><OP><value>` condition into SQL over `scope.alias`.
 * Returns undefined when the term is invalid (unknown field, operator not applicable, bad value).
 * Every negative operator (`!=`, `NOT LIKE`, `NOT IN`, `NSAMEAS`, `NOTON`) is exactly NOT of its
 * positive form, so it also matches empty values (see the semantics block in compile.ts).
 */
export function compileCondition(term: ConditionTerm, scope: Scope): SqlFragment | undefined {
  const left = resolvePath(scope.schema, scope.table, scope.alias, term.path, scope.aliases);
  if (!left) return undefined;
  const v = valueSql(left.sql);
  const { field } = left;
  const { value } = term;
  switch (term.operator) {
    case '=':
      return equals(v, field, value, scope);
    case 'IN_HIERARCHY':
      return compileInHierarchy(v, field, value, scope);
    case '!=':
      return negate(equals(v, field, value, scope));
    case 'LIKE':
    case '*':
      return like(v, `%${escapeLike(value)}%`, scope);
    case 'NOT LIKE':
    case '!*':
      return negate(like(v, `%${escapeLike(value)}%`, scope));
    case 'STARTSWITH':
      return like(v, `${escapeLike(value)}%`, scope);
    case 'ENDSWITH':
    case '%':
      return like(v, `%${escapeLike(value)}`, scope);
    case 'ISEMPTY':
    case 'EMPTYSTRING': // NULL and '' are one value in this store, so EMPTYSTRING equals ISEMPTY.
      return fragment(`${v} = ''`);
    case 'ISNOTEMPTY':
      return fragment(`${v} <> ''`);
    case 'ANYTHING':
      return TRUE_SQL;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const operand = toOperand(value, field, scope.script);
      return operand ? ordered(v, term.operator, operand, collation(scope)) : undefined;
    }
    case 'BETWEEN':
      return between(v, field, value, scope);
    case 'IN':
      return inList(v, field, value, scope);
    case 'NOT IN':
      return negate(inList(v, field, value, scope));
    case 'SAMEAS':
      return sameAs(v, field, value, scope);
    case 'NSAMEAS':
      return negate(sameAs(v, field, value, scope));
    case 'GT_FIELD':
      return compareFields(v, field, '>', value, scope);
    case 'LT_FIELD':
      return compareFields(v, field, '<', value, scope);
    case 'GT_OR_EQUALS_FIELD':
      return compareFields(v, field, '>=', value, scope);
    case 'LT_OR_EQUALS_FIELD':
      return compareFields(v, field, '<=', value, scope);
    case 'DYNAMIC':
      return value === DYNAMIC_ME ? fragment(`${v} = ?`, scope.script.userId) : undefined;
    case 'INSTANCEOF': {
      const target = field.type === 'sys_class_name' ? scope.schema.table(value) : undefined;
      if (!target || target.classes.length === 0) return undefined;
      return fragment(`${v} IN (${target.classes.map(() => '?').join(', ')})`, ...target.classes);
    }
    case 'ON':
    case 'NOTON':
    case 'RELATIVEGT':
    case 'RELATIVELT':
    case 'RELATIVEGE':
    case 'RELATIVELE':
    case 'RELATIVEEE':
    case 'MORETHAN':
    case 'LESSTHAN':
      return compileDateOperator(term.operator, v, field, value, scope);
    case 'DATEPART': {
      const kind = fieldKind(field.type);
      if (kind === 'date') return compileDatePart(v, value);
      return kind === 'datetime' ? compileDatePart(v, value, scope.script.timeZone) : undefined;
    }
    case 'VALCHANGES': // VALCHANGES/CHANGESFROM/CHANGESTO only mean something inside business rules.
    case 'CHANGESFROM':
    case 'CHANGESTO':
      return undefined;
  }
}

function negate(inner: SqlFragment | undefined): SqlFragment | undefined {
  return inner ? not(inner) : undefined;
}

/** The collation of text comparisons: NOCASE, or BINARY for a case-sensitive scope (business-rule filters). */
const collation = (scope: Scope): string => (scope.caseSensitive === true ? 'BINARY' : 'NOCASE');

/** A LIKE pattern (with `\\` escapes) as the equivalent GLOB pattern, which SQLite matches case-sensitively. */
function likeToGlob(pattern: string): string {
  let glob = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '\\') glob += globLiteral(pattern[++i] ?? '');
    else if (ch === '%') glob += '*';
    else if (ch === '_') glob += '?';
    else glob += globLiteral(ch);
  }
  return glob;
}

const globLiteral = (ch: string): string => (ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch);

function like(v: string, pattern: string, scope: Scope): SqlFragment | undefined {
  if (Buffer.byteLength(pattern, 'utf8') > MAX_LIKE_PATTERN_BYTES) return undefined;
  if (scope.caseSensitive === true) return fragment(`${v} GLOB ?`, likeToGlob(pattern));
  // lower() on both sides keeps matching case-insensitive even if case_sensitive_like is switched on.
  return fragment(`lower(${v}) LIKE lower(?) ESCAPE '\\'`, pattern);
}

function equalsOperand(v: string, operand: Operand, collate: string): SqlFragment {
  switch (operand.kind) {
    case 'empty':
      return fragment(`${v} = ''`);
    case 'mismatch':
      return FALSE_SQL;
    case 'number':
      return fragment(`(${v} <> '' AND CAST(${v} AS REAL) = ?)`, operand.value);
    case 'text':
      return fragment(`${v} = ? COLLATE ${collate}`, operand.value);
  }
}

/**
 * `=NULL` / `!=NULL` mean is empty / is not empty: reference §5 has clients query
 * `name=<t>^element!=NULL` "(or `ISNOTEMPTY`)". Only the uppercase word, as operators are case-sensitive;
 * NULL and '' are one value in this store, so `!=NULL` (the negation) is exactly ISNOTEMPTY.
 */
const NULL_WORD = 'NULL';

function equals(v: string, field: ResolvedField, value: string, scope: Scope): SqlFragment | undefined {
  if (value === NULL_WORD) return fragment(`${v} = ''`);
  const operand = toOperand(value, field, scope.script);
  return operand ? equalsOperand(v, operand, collation(scope)) : undefined;
}

/** Ordering comparisons never match an empty value (an empty value has no place in the order). */
function ordered(v: string, op: '<' | '<=' | '>' | '>=', operand: Operand, collate: string): SqlFragment | undefined {
  switch (operand.kind) {
    case 'empty':
      return undefined;
    case 'mismatch':
      return FALSE_SQL;
    case 'number':
      return fragment(`(${v} <> '' AND CAST(${v} AS REAL) ${op} ?)`, operand.value);
    case 'text':
      return fragment(`(${v} <> '' AND ${v} ${op} ? COLLATE ${collate})`, operand.value);
  }
}

function between(v: string, field: ResolvedField, value: string, scope: Scope): SqlFragment | undefined {
  const parts = value.split('@');
  if (parts.length !== 2) return undefined;
  const low = toOperand(parts[0] ?? '', field, scope.script);
  const high = toOperand(parts[1] ?? '', field, scope.script);
  if (!low || !high) return undefined;
  if (low.kind === 'mismatch' || high.kind === 'mismatch') return FALSE_SQL;
  const from = ordered(v, '>=', low, collation(scope));
  const to = ordered(v, '<=', high, collation(scope));
  return from && to ? joinBalanced([from, to], 'AND') : undefined;
}

/** `IN`: items the field's type cannot hold match nothing; the other items still match (an all-mismatch list is FALSE). */
function inList(v: string, field: ResolvedField, value: string, scope: Scope): SqlFragment | undefined {
  const operands: Operand[] = [];
  for (const item of value.split(',')) {
    const operand = toOperand(item, field, scope.script);
    if (!operand) return undefined;
    operands.push(operand);
  }
  const parts: SqlFragment[] = [];
  if (operands.some((o) => o.kind === 'empty')) parts.push(fragment(`${v} = ''`));
  const numbers = operands.flatMap((o) => (o.kind === 'number' ? [o.value] : []));
  if (numbers.length > 0) {
    const marks = numbers.map(() => '?').join(', ');
    parts.push(fragment(`(${v} <> '' AND CAST(${v} AS REAL) IN (${marks}))`, ...numbers));
  }
  const texts = operands.flatMap((o) => (o.kind === 'text' ? [o.value] : []));
  if (texts.length > 0) {
    parts.push(fragment(`${v} COLLATE ${collation(scope)} IN (${texts.map(() => '?').join(', ')})`, ...texts));
  }
  return joinBalanced(parts, 'OR');
}

/** Prefix lengths of `YYYY-MM-DD HH:MM:SS` for SAMEAS<field>@<unit> on dates. */
const DATE_PREFIX: Record<string, number> = { year: 4, month: 7, day: 10, hour: 13, minute: 16, second: 19 };

function sameAs(v: string, field: ResolvedField, value: string, scope: Scope): SqlFragment | undefined {
  const [otherPath = '', unit, ...extra] = value.split('@');
  if (extra.length > 0) return undefined;
  const other = resolvePath(scope.schema, scope.table, scope.alias, otherPath, scope.aliases);
  if (!other) return undefined;
  const o = valueSql(other.sql);
  if (unit !== undefined) {
    const length = DATE_PREFIX[unit];
    const kinds = [fieldKind(field.type), fieldKind(other.field.type)];
    if (length === undefined || kinds.some((k) => k !== 'date' && k !== 'datetime')) return undefined;
    return fragment(`(${v} <> '' AND substr(${v}, 1, ${length}) = substr(${o}, 1, ${length}))`);
  }
  if (fieldKind(field.type) === 'number' && fieldKind(other.field.type) === 'number') {
    return fragment(`(${v} = ${o} OR (${v} <> '' AND ${o} <> '' AND CAST(${v} AS REAL) = CAST(${o} AS REAL)))`);
  }
  return fragment(`${v} = ${o} COLLATE ${collation(scope)}`);
}

function compareFields(
  v: string,
  field: ResolvedField,
  op: '<' | '<=' | '>' | '>=',
  value: string,
  scope: Scope,
): SqlFragment | undefined {
  const other = resolvePath(scope.schema, scope.table, scope.alias, value, scope.aliases);
  if (!other) return undefined;
  const o = valueSql(other.sql);
  const numeric = fieldKind(field.type) === 'number' && fieldKind(other.field.type) === 'number';
  const cmp = numeric ? `CAST(${v} AS REAL) ${op} CAST(${o} AS REAL)` : `${v} ${op} ${o} COLLATE ${collation(scope)}`;
  return fragment(`(${v} <> '' AND ${o} <> '' AND ${cmp})`);
}
