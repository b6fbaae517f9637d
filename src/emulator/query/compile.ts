/**
 * The encoded-query compiler: `sysparm_query` text → a SQL WHERE expression over alias `t`, its
 * parameters, and the ORDER BY terms (reference §3).
 *
 * Semantics chosen where ServiceNow is silent or unclear:
 * - NULL and '' are the same value (storage contract); every comparison reads COALESCE(col, '').
 * - Negative operators are exactly NOT of their positive form, SQL-style: `!=`, `NOT LIKE`, `!*`,
 *   `NOT IN`, `NSAMEAS` and `NOTON` also MATCH EMPTY VALUES (`state!=6` includes rows with no state).
 * - Ordering operators (`<`, `<=`, `>`, `>=`, `BETWEEN`, `RELATIVE*`, `*_FIELD`) never match empty values.
 * - String values compare case-insensitively (`COLLATE NOCASE`, `lower()` for LIKE; business-rule
 *   filters set ctx.caseSensitive: BINARY and GLOB); field names and
 *   operators are case-sensitive. Integer/decimal fields compare numerically. Booleans accept
 *   true/false/1/0 in any case. A value the field's type cannot hold (`priority=High`, `active=yes`,
 *   `opened_at>notadate`) keeps its term and matches nothing; in `IN` lists only that item matches nothing.
 *   Reference §3 drops only unknown fields and operators, and dropping would widen the filter.
 * - `=NULL` / `!=NULL` (uppercase) mean ISEMPTY / ISNOTEMPTY (reference §5: `element!=NULL`).
 * - An invalid term is dropped and reported; `^OR` partners of a dropped term keep their OR; a clause
 *   whose terms are all invalid disappears from its AND; an `^NQ` group with no valid condition left
 *   is dropped from the union rather than matching everything. If no group has a valid condition the
 *   query has no filter ('1=1'), as an empty query does.
 * - IN_HIERARCHY matches the record and its descendants through the target's `parent` reference
 *   (plain equality when there is none). VALCHANGES, CHANGESFROM and CHANGESTO are invalid (business rules
 *   only). DATEPART supports year, quarter, month, dayofweek, dayofmonth, hour and minute, of the caller's
 *   wall clock (ctx.timeZone; UTC without one).
 *   RLQUERY is a correlated COUNT (m2m is treated as a direct relation); JOIN is an EXISTS whose
 *   condition is only the text after `!` up to the next `^` (later terms belong to the main query).
 * - RELATIVExx@unit@ago|ahead@n compares with the exact instant now ∓ n units; RELATIVEEE matches the
 *   whole unit containing that instant; javascript:gs.* and RELATIVE calendar units follow ctx.timeZone too.
 * - Hostile input: at most MAX_TERMS segments and MAX_QUERY_LENGTH characters are considered; a term
 *   that would push the statement past MAX_PARAMS parameters or MAX_SQL_LENGTH characters is dropped.
 */
import type { ResolvedTable } from '../schema/types.js';
import type { RelatedListTerm, Term } from './ast.js';
import { compileCondition } from './compile-condition.js';
import { compileJoin, compileRelatedList, compileTextQuery } from './compile-related.js';
import { createAliasSource, resolvePath, valueSql } from './field-path.js';
import { parseEncodedQuery } from './parse.js';
import type { Scope } from './scope.js';
import type { SqlFragment } from './sql-fragment.js';
import { joinBalanced, TRUE_SQL } from './sql-fragment.js';
import { fieldKind } from './typed-value.js';
import type { CompileContext, CompiledOrder, CompiledQuery } from './types.js';

/** SQLite's default limit is 32,766 bound parameters per statement; stay well below it. */
export const MAX_PARAMS = 30_000;
/** SQLite's default statement limit is 1,000,000 bytes; the caller adds its own SELECT around this. */
export const MAX_SQL_LENGTH = 500_000;

/**
 * Compiles an encoded query for `ctx.table`. Never throws: unusable parts are dropped and listed in
 * `invalidTerms`, and an unknown table yields no filter with the whole query reported invalid.
 *
 * @example
 * const q = compileEncodedQuery('active=true^priorityIN1,2^ORDERBYDESCnumber', ctx);
 * db.prepare(`SELECT * FROM "task" t WHERE ${q.where} ORDER BY ...`).all(...q.params);
 */
export function compileEncodedQuery(query: string, ctx: CompileContext): CompiledQuery {
  try {
    return compileEncodedQueryStrict(query, ctx);
  } catch {
    // Defensive only: every path is written not to throw, but a bug must not become a 500.
    return { where: '1=0', params: [], orderBy: [], invalidTerms: [query] };
  }
}

/**
 * compileEncodedQuery without the defensive catch, so the property tests can prove no path throws.
 * @throws only on a bug in this compiler.
 */
export function compileEncodedQueryStrict(query: string, ctx: CompileContext): CompiledQuery {
  const invalidTerms: string[] = [];
  const table = ctx.schema.table(ctx.table);
  if (!table) return { where: '1=1', params: [], orderBy: [], invalidTerms: query === '' ? [] : [query] };
  const parsed = parseEncodedQuery(query);
  invalidTerms.push(...parsed.dropped);
  const scope: Scope = {
    schema: ctx.schema,
    table,
    alias: 't',
    aliases: createAliasSource(),
    script: { now: ctx.now, userId: ctx.userId, ...(ctx.timeZone === undefined ? {} : { timeZone: ctx.timeZone }) },
    ...(ctx.caseSensitive === true ? { caseSensitive: true } : {}),
  };
  const budget = { params: 0, sql: 0 };

  const compileTerm = (term: Term, at: Scope): SqlFragment | undefined => {
    let compiled: SqlFragment | undefined;
    switch (term.kind) {
      case 'condition':
        compiled = compileCondition(term, at);
        break;
      case 'textquery':
        compiled = compileTextQuery(term, at);
        break;
      case 'rlquery':
        compiled = at === scope ? compileRelatedList(term, at, compileClauses) : undefined;
        break;
      case 'join':
        compiled = at === scope ? compileJoin(term, at, compileTerm) : undefined;
        break;
      case 'invalid':
        compiled = undefined;
        break;
    }
    if (compiled && fits(compiled)) return compiled;
    invalidTerms.push(term.text);
    return undefined;
  };

  const fits = (part: SqlFragment): boolean => {
    if (budget.params + part.params.length > MAX_PARAMS || budget.sql + part.sql.length > MAX_SQL_LENGTH) {
      return false;
    }
    budget.params += part.params.length;
    budget.sql += part.sql.length;
    return true;
  };

  /** AND of OR-lists; undefined when nothing valid is left. */
  const compileAnd = (clauses: RelatedListTerm['clauses'], at: Scope): SqlFragment | undefined => {
    const ands: SqlFragment[] = [];
    for (const clause of clauses) {
      const ors = clause.flatMap((term) => compileTerm(term, at) ?? []);
      if (ors.length > 0) ands.push(joinBalanced(ors, 'OR'));
    }
    return ands.length > 0 ? joinBalanced(ands, 'AND') : undefined;
  };
  function compileClauses(clauses: RelatedListTerm['clauses'], inner: Scope): SqlFragment {
    return compileAnd(clauses, inner) ?? TRUE_SQL;
  }

  const groups = parsed.groups.flatMap((group) => compileAnd(group.clauses, scope) ?? []);
  const where = groups.length > 0 ? joinBalanced(groups, 'OR') : TRUE_SQL;
  const orderBy = compileOrder(parsed.orderBy, scope, table, invalidTerms, fits);
  return { where: where.sql, params: [...where.params], orderBy, invalidTerms };
}

function compileOrder(
  terms: ReturnType<typeof parseEncodedQuery>['orderBy'],
  scope: Scope,
  table: ResolvedTable,
  invalidTerms: string[],
  fits: (part: SqlFragment) => boolean,
): CompiledOrder[] {
  const out: CompiledOrder[] = [];
  for (const term of terms) {
    const path = resolvePath(scope.schema, table, scope.alias, term.path, scope.aliases);
    // Numbers are stored as text; sort them as numbers so that 10 follows 9.
    const numeric = path !== undefined && fieldKind(path.field.type) === 'number';
    const value = path ? valueSql(path.sql) : '';
    const sql = numeric ? `CAST(NULLIF(${value}, '') AS REAL)` : value;
    if (!path || !fits({ sql, params: [] })) {
      invalidTerms.push(term.text);
      continue;
    }
    out.push({ sql, desc: term.desc });
  }
  return out;
}
