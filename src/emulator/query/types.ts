import type { SchemaRegistry } from '../schema/types.js';

/** What the encoded-query compiler needs to know. */
export interface CompileContext {
  readonly schema: SchemaRegistry;
  /** The table named in the request URL (not the physical table). */
  readonly table: string;
  /** The emulator's clock, for javascript:gs.* date functions (UTC). */
  readonly now: Date;
  /** sys_id of the calling user, for javascript:gs.getUserID() and DYNAMIC "Me". */
  readonly userId: string;
  /** The calling user's time zone: calendar boundaries (today, this month, …) fall on its midnights. UTC if absent. */
  readonly timeZone?: string;
  /** Match text case-sensitively, as business-rule filter conditions do (part 2 §7.2); lists ignore case. */
  readonly caseSensitive?: boolean;
}

export interface CompiledOrder {
  /** SQL expression over alias `t` (may be a dot-walk subquery). */
  readonly sql: string;
  readonly desc: boolean;
}

export interface CompiledQuery {
  /** SQL boolean expression over alias `t`; '1=1' for no filter. Values only ever travel in `params`. */
  readonly where: string;
  readonly params: unknown[];
  /** ORDERBY / ORDERBYDESC terms in order of appearance (GROUPBY becomes an ascending order). */
  readonly orderBy: readonly CompiledOrder[];
  /** Terms that were dropped as invalid (unknown field, unknown operator, bad value), verbatim. */
  readonly invalidTerms: readonly string[];
}
