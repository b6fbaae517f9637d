import type { ResolvedField } from '../schema/types.js';
import type { JoinTerm, RelatedListTerm, Term, TextQueryTerm } from './ast.js';
import { quoteIdentifier } from './sql-fragment.js';
import type { SqlFragment } from './sql-fragment.js';
import { escapeLike, FALSE_SQL, fragment, TRUE_SQL } from './sql-fragment.js';
import type { Scope } from './scope.js';

/** Password fields never take part in a query (they are write-only). */
function queryable(field: ResolvedField | undefined): ResolvedField | undefined {
  return field?.type === 'password' ? undefined : field;
}

/** Field types whose text `123TEXTQUERY321` searches (password fields never). */
const SEARCHABLE = new Set(['string', 'email', 'url']);

/**
 * `123TEXTQUERY321=<term>`: a case-insensitive substring match on every string field of the scope's
 * table, OR-ed. The pattern is bound once and shared through a one-row derived table, so a table
 * with many string fields still costs a single parameter. (ServiceNow uses a word index; this is a
 * plain substring search.)
 */
export function compileTextQuery(term: TextQueryTerm, scope: Scope): SqlFragment | undefined {
  if (term.value === '') return TRUE_SQL;
  if (term.value.length > 10_000) return undefined;
  const columns = [...scope.table.fields.values()]
    .filter((f) => SEARCHABLE.has(f.type))
    .flatMap((f) => {
      const column = quoteIdentifier(f.name);
      return column ? [`lower(COALESCE(${scope.alias}.${column}, '')) LIKE q.p ESCAPE '\\'`] : [];
    });
  if (columns.length === 0) return FALSE_SQL;
  return fragment(
    `EXISTS (SELECT 1 FROM (SELECT lower(?) AS p) q WHERE ${columns.join(' OR ')})`,
    `%${escapeLike(term.value)}%`,
  );
}

/**
 * `RLQUERY<table>.<field>,<op><n>^<conditions>^ENDRLQUERY`: counts rows of `<table>` whose `<field>`
 * references the current row and that satisfy the conditions, and compares the count with n.
 * `,m2m` is accepted and treated like a direct relation. `compileClauses` compiles the inner
 * conditions against the related table (it is passed in to keep this file free of a cycle).
 */
export function compileRelatedList(
  term: RelatedListTerm,
  scope: Scope,
  compileClauses: (clauses: RelatedListTerm['clauses'], inner: Scope) => SqlFragment,
): SqlFragment | undefined {
  const related = scope.schema.table(term.table);
  const field = queryable(related?.fields.get(term.field));
  const physical = quoteIdentifier(related?.physical ?? '');
  const column = quoteIdentifier(field?.name ?? '');
  if (!related || !field || !physical || !column) return undefined;
  const alias = scope.aliases.next('q');
  const inner: Scope = { ...scope, table: related, alias };
  const parts: string[] = [`${alias}.${column} = ${scope.alias}."sys_id"`];
  const params: unknown[] = [];
  // A child table shares its root's physical table: keep only its own classes.
  if (related.name !== related.physical && related.fields.has('sys_class_name')) {
    parts.push(`${alias}."sys_class_name" IN (${related.classes.map(() => '?').join(', ')})`);
    params.push(...related.classes);
  }
  const conditions = compileClauses(term.clauses, inner);
  parts.push(`(${conditions.sql})`);
  params.push(...conditions.params, term.count);
  return {
    sql: `(SELECT COUNT(*) FROM ${physical} ${alias} WHERE ${parts.join(' AND ')}) ${term.comparison} ?`,
    params,
  };
}

/**
 * `JOIN<t>.<f>=<t2>.<f2>!<condition>`: keeps rows for which some `<t2>` row has `<f2>` equal to this
 * row's `<f>` and satisfies the condition. `<t>` must be the queried table or one of its ancestors.
 * An invalid inner condition is dropped and reported like any other term.
 */
export function compileJoin(
  term: JoinTerm,
  scope: Scope,
  compileInner: (term: Term, inner: Scope) => SqlFragment | undefined,
): SqlFragment | undefined {
  const joined = scope.schema.table(term.joinTable);
  const localColumn = quoteIdentifier(queryable(scope.table.fields.get(term.field))?.name ?? '');
  const joinColumn = quoteIdentifier(queryable(joined?.fields.get(term.joinField))?.name ?? '');
  const physical = quoteIdentifier(joined?.physical ?? '');
  if (!scope.table.chain.includes(term.table) || !joined || !localColumn || !joinColumn || !physical) return undefined;
  const alias = scope.aliases.next('j');
  const parts: string[] = [`${alias}.${joinColumn} = ${scope.alias}.${localColumn}`];
  const params: unknown[] = [];
  if (joined.name !== joined.physical && joined.fields.has('sys_class_name')) {
    parts.push(`${alias}."sys_class_name" IN (${joined.classes.map(() => '?').join(', ')})`);
    params.push(...joined.classes);
  }
  const condition = term.condition ? compileInner(term.condition, { ...scope, table: joined, alias }) : undefined;
  if (condition) {
    parts.push(`(${condition.sql})`);
    params.push(...condition.params);
  }
  return { sql: `EXISTS (SELECT 1 FROM ${physical} ${alias} WHERE ${parts.join(' AND ')})`, params };
}
