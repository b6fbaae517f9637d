import type { QueryPlan } from './query-plan.js';

/** The ordered, paged row source of a list over alias `t` (named parameters @limit and @offset). */
export function pageSource(physical: string, plan: QueryPlan): string {
  return `FROM "${physical}" t WHERE ${plan.selectWhere} ORDER BY ${plan.orderBy} LIMIT @limit OFFSET @offset`;
}

/**
 * One statement that returns the page's row count `n`, its greatest sys_id `last` (the keyset cursor of the
 * next page when the list is ordered by sys_id) and its whole response body `body` as bytes, built
 * in SQLite from the serializer's json_object() expression: no per-row JavaScript strings and no UTF-16 to
 * UTF-8 re-encoding on the way to the socket. The ordered, limited subquery runs as a co-routine, so
 * group_concat receives the rows in page order (test/emulator/list-fast-path.test.ts pins this).
 */
export function pageBodySql(physical: string, plan: QueryPlan, sqlObject: string): string {
  return (
    `SELECT count(*) AS n, max(id) AS last, CAST('{"result":[' || coalesce(group_concat(j, ','), '') || ']}' AS BLOB) AS body ` +
    `FROM (SELECT t."sys_id" AS id, ${sqlObject} AS j ${pageSource(physical, plan)})`
  );
}

/** The X-Total-Count query of a list. */
export function countSql(physical: string, plan: QueryPlan): string {
  return `SELECT count(*) FROM "${physical}" t WHERE ${plan.countWhere}`;
}
