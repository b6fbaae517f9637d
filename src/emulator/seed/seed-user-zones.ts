import type { EmulatorContext } from '../context.js';
import { SYSTEM_ZONE } from '../auth/user-zone.js';

/**
 * The demo logins' time zones, set explicitly as a developer instance shows them (the system zone, Pacific);
 * every other user has none and so follows the system zone (glide.sys.default.tz, else America/Los_Angeles).
 * Runs after every seed, by user_name, so it holds whatever sys_ids the user seed gives.
 */
export const DEMO_USER_ZONES: Readonly<Record<string, string>> = {
  admin: SYSTEM_ZONE.timeZone,
  'itil.user': SYSTEM_ZONE.timeZone,
  'readonly.user': SYSTEM_ZONE.timeZone,
};

export function seedUserZones(ctx: EmulatorContext): void {
  const update = ctx.store.prepare(`UPDATE "sys_user" SET "time_zone" = ? WHERE "user_name" = ? AND "time_zone" = ''`);
  for (const [userName, zone] of Object.entries(DEMO_USER_ZONES)) update.run(zone, userName);
}
