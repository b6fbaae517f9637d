import type { ResolvedField, ResolvedTable } from '../schema/types.js';

/** Aggregate functions of the Aggregate API (reference §6, [AGG]). */
export type AggregateFn = 'avg' | 'min' | 'max' | 'sum';
export const AGGREGATE_FNS: readonly AggregateFn[] = ['avg', 'min', 'max', 'sum'];

/** One `sysparm_having` clause: aggregate^field^operator^value. */
export interface HavingClause {
  readonly fn: AggregateFn | 'count';
  readonly field: string | undefined;
  readonly operator: '>' | '<' | '=' | '!=' | '>=' | '<=';
  readonly value: number;
}

/** One `sysparm_order_by` term: a group-by field, or an aggregate (COUNT, AVG^field…). */
export interface StatsOrder {
  readonly fn: AggregateFn | 'count' | undefined;
  readonly field: string | undefined;
  readonly desc: boolean;
}

/** The parsed Aggregate API request. */
export interface StatsSpec {
  readonly count: boolean;
  readonly aggregates: readonly { readonly fn: AggregateFn; readonly field: ResolvedField }[];
  readonly groupBy: readonly ResolvedField[];
  readonly having: readonly HavingClause[];
  readonly orderBy: readonly StatsOrder[];
}

const OPERATORS = new Set(['>', '<', '=', '!=', '>=', '<=']);
const NUMERIC_TYPES = new Set(['integer', 'decimal']);

/** True when avg and sum make sense on the field (integer or decimal columns). */
export function isNumericField(field: ResolvedField): boolean {
  return NUMERIC_TYPES.has(field.type);
}

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const isFn = (name: string): name is AggregateFn | 'count' =>
  name === 'count' || (AGGREGATE_FNS as readonly string[]).includes(name);

/**
 * Parses the Aggregate API parameters against the table. Unknown fields, non-numeric avg/sum fields and
 * malformed having or order-by terms are errors (a message naming the part and the fix), never a 500.
 */
export function parseStatsParams(search: URLSearchParams, table: ResolvedTable): StatsSpec | string {
  const fieldOf = (name: string, param: string): ResolvedField | string => {
    const field = table.fields.get(name);
    if (!field || field.type === 'password') {
      return `${param}: ${table.name} has no field "${name}". Use a column name of the table, e.g. priority`;
    }
    return field;
  };
  const aggregates: { fn: AggregateFn; field: ResolvedField }[] = [];
  for (const fn of AGGREGATE_FNS) {
    const param = `sysparm_${fn}_fields`;
    for (const name of list(search.get(param))) {
      const field = fieldOf(name, param);
      if (typeof field === 'string') return field;
      if ((fn === 'avg' || fn === 'sum') && !isNumericField(field)) {
        return `${param}: field "${name}" is not numeric (type ${field.type}). Use an integer or decimal field`;
      }
      aggregates.push({ fn, field });
    }
  }
  const groupBy: ResolvedField[] = [];
  for (const name of list(search.get('sysparm_group_by'))) {
    const field = fieldOf(name, 'sysparm_group_by');
    if (typeof field === 'string') return field;
    if (!groupBy.includes(field)) groupBy.push(field);
  }
  const having: HavingClause[] = [];
  for (const clause of list(search.get('sysparm_having'))) {
    const [fnRaw = '', name = '', operator = '', valueRaw = ''] = clause.split('^');
    const fn = fnRaw.toLowerCase();
    const value = Number(valueRaw);
    if (!isFn(fn) || !OPERATORS.has(operator) || valueRaw.trim() === '' || !Number.isFinite(value)) {
      return `sysparm_having: "${clause}" is not aggregate^field^operator^number. Example: count^priority^>^3`;
    }
    let field: string | undefined;
    if (fn !== 'count') {
      const f = fieldOf(name, 'sysparm_having');
      if (typeof f === 'string') return f;
      field = f.name;
    }
    having.push({ fn, field, operator: operator as HavingClause['operator'], value });
  }
  const orderBy: StatsOrder[] = [];
  for (const term of list(search.get('sysparm_order_by'))) {
    const parts = term.split('^');
    const desc = parts[parts.length - 1]?.toUpperCase() === 'DESC';
    if (desc || parts[parts.length - 1]?.toUpperCase() === 'ASC') parts.pop();
    const head = (parts[0] ?? '').toLowerCase();
    if (parts.length === 1 && head === 'count') {
      orderBy.push({ fn: 'count', field: undefined, desc });
    } else if (parts.length === 2 && isFn(head) && head !== 'count') {
      const f = fieldOf(parts[1] ?? '', 'sysparm_order_by');
      if (typeof f === 'string') return f;
      orderBy.push({ fn: head, field: f.name, desc });
    } else if (parts.length === 1 && parts[0] !== undefined && groupBy.some((g) => g.name === parts[0])) {
      orderBy.push({ fn: undefined, field: parts[0], desc });
    } else {
      return `sysparm_order_by: "${term}" is not a group-by field or an aggregate. Examples: state^DESC, COUNT^DESC, AVG^reassignment_count`;
    }
  }
  const countFlag = (search.get('sysparm_count') ?? '').trim().toLowerCase() === 'true';
  return { count: countFlag, aggregates, groupBy, having, orderBy };
}
