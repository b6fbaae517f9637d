/** A piece of SQL with its positional parameters, in textual order. */
export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export const TRUE_SQL: SqlFragment = { sql: '1=1', params: [] };
export const FALSE_SQL: SqlFragment = { sql: '1=0', params: [] };

const IDENTIFIER = /^[a-z0-9_]+$/;

/**
 * Double-quotes a schema identifier. Only names that come from the schema reach this, and they are
 * re-checked against `[a-z0-9_]` so that no user text can ever become SQL text.
 */
export function quoteIdentifier(name: string): string | undefined {
  return IDENTIFIER.test(name) ? `"${name}"` : undefined;
}

/** Escapes `%`, `_` and the escape character itself for `LIKE ? ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export function fragment(sql: string, ...params: unknown[]): SqlFragment {
  return { sql, params };
}

/**
 * Negation that treats an unknown (NULL) inner result as false, so `NOT` never turns a row that the
 * positive form could not judge into a silent non-match.
 */
export function not(inner: SqlFragment): SqlFragment {
  return { sql: `NOT COALESCE((${inner.sql}), 0)`, params: inner.params };
}

/**
 * Joins fragments with AND/OR as a balanced tree of parentheses. SQLite limits expression depth to
 * 1000 and a flat `a OR b OR …` chain nests one level per term, so a long flat chain would fail to
 * prepare; a balanced tree needs only log2(n) levels.
 */
export function joinBalanced(parts: readonly SqlFragment[], op: 'AND' | 'OR'): SqlFragment {
  if (parts.length === 0) return op === 'AND' ? TRUE_SQL : FALSE_SQL;
  if (parts.length === 1) return parts[0] as SqlFragment;
  const mid = Math.ceil(parts.length / 2);
  const left = joinBalanced(parts.slice(0, mid), op);
  const right = joinBalanced(parts.slice(mid), op);
  return { sql: `(${left.sql}) ${op} (${right.sql})`, params: [...left.params, ...right.params] };
}
