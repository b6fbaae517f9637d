import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedField, ResolvedTable } from '../schema/types.js';
import type { DisplayMode } from '../table/params.js';
import { planQuery } from '../table/query-plan.js';
import { isNumericField, type AggregateFn, type StatsSpec } from './stats-params.js';

/** One aggregate result: `stats` plus, when grouped, the group's field values. */
export interface StatsEntry {
  readonly stats: Record<string, string | Record<string, string>>;
  readonly groupby_fields?: readonly { field: string; value: string; display_value?: string }[];
}

/** What the stats query filters on: the encoded query or name=value pairs, as for a list. */
export interface StatsFilter {
  readonly query: string | undefined;
  readonly filters: readonly (readonly [string, string])[];
  readonly displayValue: DisplayMode;
}

const column = (name: string): string => `t."${name}"`;

/** The SQL of an aggregate: numbers for numeric fields, text (empty values skipped) otherwise. */
function aggregateSql(fn: AggregateFn, field: ResolvedField): string {
  const value = isNumericField(field)
    ? `CAST(NULLIF(${column(field.name)}, '') AS NUMERIC)`
    : `NULLIF(${column(field.name)}, '')`;
  return `${fn.toUpperCase()}(${value})`;
}

/** Numbers come back as strings; averages with 4 decimals (reference §6). */
function formatAggregate(fn: AggregateFn, value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (fn === 'avg') return value.toFixed(4);
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(10)));
  }
  return String(value);
}

/** The display value of a grouped value: a choice label or a reference's display field. */
function displayOf(ctx: EmulatorContext, table: ResolvedTable, field: ResolvedField, value: string): string {
  if (value === '') return '';
  if (field.choice === true) return ctx.choices.label(table.name, field.name, value) ?? value;
  if (field.type === 'reference' && field.reference !== undefined) {
    const target = ctx.schema.table(field.reference);
    const display = target?.displayField;
    if (target && display !== undefined) return ctx.store.byId(target.physical, value)?.[display] ?? value;
  }
  return value;
}

/**
 * Runs an Aggregate API request in SQL (one GROUP BY statement) over the rows the caller's query selects.
 * Returns one entry without grouping, else one per group.
 */
export function runStats(
  ctx: EmulatorContext,
  caller: Caller,
  table: ResolvedTable,
  spec: StatsSpec,
  filter: StatsFilter,
  readable: boolean,
): StatsEntry[] {
  const plan = planQuery(ctx, caller, table, filter.query, filter.filters);
  const selects: string[] = ['count(*) AS "count"'];
  spec.aggregates.forEach((a, i) => selects.push(`${aggregateSql(a.fn, a.field)} AS "a${i}"`));
  spec.groupBy.forEach((g, i) => selects.push(`${column(g.name)} AS "g${i}"`));
  const having = spec.having.map((h) => {
    const field = h.field === undefined ? undefined : table.fields.get(h.field);
    const expr = h.fn === 'count' || !field ? 'count(*)' : aggregateSql(h.fn, field);
    return `${expr} ${h.operator === '!=' ? '<>' : h.operator} ${h.value}`;
  });
  const order = spec.orderBy.map((o) => {
    const field = o.field === undefined ? undefined : table.fields.get(o.field);
    const expr =
      o.fn === undefined ? column(o.field ?? '') : o.fn === 'count' || !field ? 'count(*)' : aggregateSql(o.fn, field);
    return `${expr}${o.desc ? ' DESC' : ''}`;
  });
  if (spec.groupBy.length > 0 && order.length === 0) order.push(...spec.groupBy.map((g) => column(g.name)));
  // An unreadable table or an empty plan selects nothing; the plan's bind values then have no placeholders to fill.
  const selecting = readable && !plan.empty;
  const where = selecting ? plan.selectWhere : '0';
  const groupSql = spec.groupBy.length > 0 ? ` GROUP BY ${spec.groupBy.map((g) => column(g.name)).join(', ')}` : '';
  const havingSql = having.length > 0 && spec.groupBy.length > 0 ? ` HAVING ${having.join(' AND ')}` : '';
  const orderSql = order.length > 0 && spec.groupBy.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
  const sql = `SELECT ${selects.join(', ')} FROM "${table.physical}" t WHERE ${where}${groupSql}${havingSql}${orderSql}`;
  const rows = ctx.store.prepare(sql).all(...(selecting ? plan.params : [])) as Record<
    string,
    string | number | bigint | null
  >[];
  return rows.map((row) => {
    const stats: Record<string, string | Record<string, string>> = {};
    if (spec.count) stats.count = String(row.count ?? 0);
    spec.aggregates.forEach((a, i) => {
      const bucket = (stats[a.fn] ??= {}) as Record<string, string>;
      bucket[a.field.name] = formatAggregate(a.fn, row[`a${i}`]);
    });
    if (spec.groupBy.length === 0) return { stats };
    const groupby_fields = spec.groupBy.map((g, i) => {
      const value = String(row[`g${i}`] ?? '');
      if (filter.displayValue === 'false') return { field: g.name, value };
      const display = displayOf(ctx, table, g, value);
      return filter.displayValue === 'true'
        ? { field: g.name, value: display }
        : { field: g.name, value, display_value: display };
    });
    return { stats, groupby_fields };
  });
}
