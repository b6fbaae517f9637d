import type { Row, Store } from '../store/store.js';
import { zoneOfUser, type UserZone } from './user-zone.js';

/** The authenticated user a request acts as. */
export interface Caller {
  readonly sysId: string;
  readonly userName: string;
  readonly name: string;
  readonly roles: ReadonlySet<string>;
  /** The time zone and formats of the user's display values. */
  readonly zone: UserZone;
}

/** Builds a Caller from a sys_user row: its active sys_user_has_role roles plus its groups' roles. */
export function callerFromUser(store: Store, user: Row): Caller {
  const roles = store
    .prepare(
      `SELECT r."name" AS name FROM "sys_user_has_role" h JOIN "sys_user_role" r ON r."sys_id" = h."role"
       WHERE h."user" = ? AND (h."state" = 'active' OR h."state" = '' OR h."state" IS NULL)
       UNION SELECT r."name" FROM "sys_user_grmember" m JOIN "sys_group_has_role" g ON g."group" = m."group"
       JOIN "sys_user_role" r ON r."sys_id" = g."role" WHERE m."user" = ?`,
    )
    .all(user.sys_id, user.sys_id) as { name: string }[];
  return {
    sysId: user.sys_id ?? '',
    userName: user.user_name ?? '',
    name: user.name ?? '',
    roles: new Set(roles.map((r) => r.name)),
    zone: zoneOfUser(store, user),
  };
}

/** True if the user row may log in at all (active and not locked out). */
export function canLogIn(user: Row): boolean {
  return user.active !== 'false' && user.locked_out !== 'true';
}
