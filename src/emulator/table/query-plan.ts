import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { compileEncodedQuery } from '../query/compile.js';
import type { ResolvedTable } from '../schema/types.js';
import { isSysId } from '../store/ids.js';

/** A WHERE/ORDER BY over alias `t` of the table's physical table, ready to run. */
export interface QueryPlan {
  /** WHERE for the page query. */
  readonly selectWhere: string;
  /** WHERE for the count query (may differ only in index hints). */
  readonly countWhere: string;
  readonly params: unknown[];
  readonly orderBy: string;
  /** True when the query must return nothing (invalid terms with glide.invalid_query.returns_no_rows). */
  readonly empty: boolean;
}

/**
 * Columns are NOT NULL (storage contract: '' is the empty value), so the compiler's COALESCE(alias."col", '')
 * is the column itself; unwrapping it lets SQLite use the (NOCASE) indexes for filters and orderings.
 * Values travel as parameters, so the SQL text holds no user data for this to touch.
 */
const unwrap = (sql: string): string => sql.replace(/COALESCE\(([a-z][a-z0-9_]*\."[a-z0-9_]+"), ''\)/g, '$1');

const classCounts = new WeakMap<EmulatorContext, { generation: number; counts: Map<string, Map<string, number>> }>();

/**
 * True when the table's classes hold most rows of the physical table (e.g. incident in task). Then the class
 * filter should not drive the plan: a `+` keeps SQLite from walking the class index with random row reads
 * and lets it scan in rowid order or use the sys_id / ordering indexes instead. Counts are cached per write
 * generation.
 */
function isMajority(ctx: EmulatorContext, table: ResolvedTable): boolean {
  let cache = classCounts.get(ctx);
  if (!cache || cache.generation !== ctx.store.generation) {
    cache = { generation: ctx.store.generation, counts: new Map() };
    classCounts.set(ctx, cache);
  }
  let counts = cache.counts.get(table.physical);
  if (!counts) {
    const rows = ctx.store
      .prepare(`SELECT "sys_class_name" AS c, count(*) AS n FROM "${table.physical}" GROUP BY "sys_class_name"`)
      .all() as { c: string; n: number }[];
    counts = new Map(rows.map((r) => [r.c, r.n]));
    cache.counts.set(table.physical, counts);
  }
  let all = 0;
  let mine = 0;
  for (const [name, n] of counts) {
    all += n;
    if (table.classes.includes(name)) mine += n;
  }
  return mine * 2 > all;
}

/** The class restriction of a logical table within its hierarchy (table names are [a-z0-9_]). */
function classFilter(table: ResolvedTable, hint: boolean): string | undefined {
  if (table.physical === table.name || !table.fields.has('sys_class_name')) return undefined;
  return `${hint ? '+' : ''}t."sys_class_name" IN (${table.classes.map((c) => `'${c}'`).join(',')})`;
}

/** Reads a sys_properties value (admin-only table, read internally without ACLs). */
export function propertyValue(ctx: EmulatorContext, name: string): string | undefined {
  return ctx.store.findBy('sys_properties', 'name', name)?.value;
}

/**
 * Builds the list query: sysparm_query through the encoded-query compiler, else name=value filters on
 * fields of the table (display values accepted for choice and reference fields, reference §1.3). Default
 * order is insertion order (rowid), a documented choice; rowid also breaks ties for stable paging.
 */
export function planQuery(
  ctx: EmulatorContext,
  caller: Caller,
  table: ResolvedTable,
  query: string | undefined,
  filters: readonly (readonly [string, string])[],
  shuffleTies = false,
): QueryPlan {
  const wheres: string[] = [];
  const params: unknown[] = [];
  let order: string[] = [];
  let empty = false;
  if (query !== undefined) {
    const compiled = compileEncodedQuery(query, {
      schema: ctx.schema,
      table: table.name,
      now: ctx.clock(),
      userId: caller.sysId,
      timeZone: caller.zone.timeZone,
    });
    if (compiled.where !== '1=1') wheres.push(`(${unwrap(compiled.where)})`);
    params.push(...compiled.params);
    order = compiled.orderBy.map((o) => `${unwrap(o.sql)}${o.desc ? ' DESC' : ''}`);
    if (compiled.invalidTerms.length > 0 && propertyValue(ctx, 'glide.invalid_query.returns_no_rows') === 'true')
      empty = true;
  } else {
    for (const [name, raw] of filters) {
      const field = table.fields.get(name);
      if (!field || field.type === 'password') continue;
      let value = raw;
      if (field.choice === true)
        value =
          ctx.choices.label(table.name, name, raw) !== undefined
            ? raw
            : (ctx.choices.valueOf(table.name, name, raw) ?? raw);
      if (field.type === 'reference' && field.reference !== undefined && raw !== '' && !isSysId(raw)) {
        const target = ctx.schema.table(field.reference);
        const display = target?.displayField;
        if (display !== undefined) value = ctx.store.findBy(field.reference, display, raw)?.sys_id ?? raw;
      }
      wheres.push(`t."${name}" = ?`);
      params.push(value);
    }
  }
  // sys_id is unique, so ordering on it needs no tie-breaker (and keeps keyset paging on the index).
  // The 'shuffle-ties' fault breaks ties at random instead, as a real database may on every request.
  if (!order.some((o) => o === 't."sys_id"' || o === 't."sys_id" DESC'))
    order.push(shuffleTies ? 'random()' : 't.rowid');
  const majority = table.physical !== table.name && table.fields.has('sys_class_name') && isMajority(ctx, table);
  const build = (hint: boolean): string => {
    const all = [classFilter(table, hint), ...wheres].filter((w): w is string => w !== undefined);
    return all.length > 0 ? all.join(' AND ') : '1=1';
  };
  // Counting by class alone (or class + sys_id range) is cheapest on the covering (class, sys_id) index.
  const countHint = majority && wheres.length > 0 && !wheres.some((w) => w.includes('t."sys_id"'));
  return { selectWhere: build(majority), countWhere: build(countHint), params, orderBy: order.join(', '), empty };
}
