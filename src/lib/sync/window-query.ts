import { analyseQuery } from '../pagination.js';

/** A position in a (timestamp, sys_id) ordered stream. */
export interface StreamCursor {
  readonly ts: string;
  readonly sysId: string;
}

/** The slice of a stream one request reads. */
export interface WindowBounds {
  /** Timestamp field: sys_updated_on for records, sys_created_on for sys_audit_delete rows. */
  readonly tsField: string;
  /** Inclusive lower timestamp (start of the re-read window); ignored when `after` is set. */
  readonly from?: string;
  /** Strictly after this (timestamp, sys_id): the keyset position inside a run. */
  readonly after?: StreamCursor;
  /** Inclusive upper timestamp, captured when the run started. */
  readonly upTo: string;
}

/**
 * The user's query split into its `^NQ` groups, without ORDERBY terms (sync orders by timestamp, sys_id).
 * An empty query gives one empty group.
 */
export function filterGroups(query: string): string[][] {
  const { groups } = analyseQuery(query);
  return groups.length === 0 ? [[]] : groups;
}

/**
 * The encoded query for one keyset step, ordered by timestamp then sys_id.
 *
 * "After (W, S)" is `(ts > W) OR (ts = W AND sys_id > S)`. `^OR` binds only the two conditions next to it
 * (reference §3: `a^ORb^c` is (a OR b) AND c), so that disjunction cannot be written with `^OR`; it is two
 * `^NQ` queries instead, each repeating the user's filter and the upper bound. A user query that has `^NQ`
 * groups itself gives the cross product: every user group with every window group.
 */
export function windowQuery(groups: readonly (readonly string[])[], bounds: WindowBounds): string {
  const ts = bounds.tsField;
  const upper = `${ts}<=${bounds.upTo}`;
  const windows: string[][] = bounds.after
    ? [
        [`${ts}>${bounds.after.ts}`, upper],
        [`${ts}=${bounds.after.ts}`, `sys_id>${bounds.after.sysId}`, upper],
      ]
    : [[...(bounds.from === undefined ? [] : [`${ts}>=${bounds.from}`]), upper]];
  const body = groups.flatMap((g) => windows.map((w) => [...g, ...w].join('^'))).join('^NQ');
  return `${body}^ORDERBY${ts}^ORDERBYsys_id`;
}

/** The query that finds a stream's newest timestamp: the user's filter, newest first. */
export function newestQuery(groups: readonly (readonly string[])[], tsField: string): string {
  const body = groups
    .map((g) => g.join('^'))
    .filter((g) => g !== '')
    .join('^NQ');
  return [body, `ORDERBYDESC${tsField}`].filter((s) => s !== '').join('^');
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** True for ServiceNow's UTC `YYYY-MM-DD HH:mm:ss`. */
export function isStamp(value: string): boolean {
  return STAMP.test(value);
}

/** `stamp` minus `seconds`, in the same format. */
export function stampMinus(stamp: string, seconds: number): string {
  if (seconds === 0) return stamp;
  const ms = Date.parse(`${stamp.replace(' ', 'T')}Z`) - seconds * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
