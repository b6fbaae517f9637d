import type { ResolvedTable } from '../schema/types.js';
import type { Caller } from './caller.js';

/**
 * Tables whose read ACL, when it denies, answers 403 on the list instead of filtering rows. A divergence
 * (see docs/emulator-divergences.md): the product's Test Connection relies on itil.user getting 403 here.
 */
const FORBIDDEN_WHEN_UNREADABLE = new Set(['sys_db_object', 'sys_number', 'sys_number_counter']);

const hasAny = (caller: Caller, roles: readonly string[] | undefined): boolean =>
  caller.roles.has('admin') || roles === undefined || roles.some((r) => caller.roles.has(r));

/** True if the caller may read rows of the table (admin always may). */
export function canRead(caller: Caller, table: ResolvedTable): boolean {
  return hasAny(caller, table.def.readRoles);
}

/** True if the caller may insert, update or delete rows of the table. */
export function canWrite(caller: Caller, table: ResolvedTable): boolean {
  return hasAny(caller, table.def.writeRoles ?? table.def.readRoles) && canRead(caller, table);
}

/** True when an unreadable table answers 403 rather than an empty list. */
export function readDenialIsForbidden(table: ResolvedTable): boolean {
  return FORBIDDEN_WHEN_UNREADABLE.has(table.name);
}
