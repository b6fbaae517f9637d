import type { EmulatorContext } from '../context.js';

/**
 * Runs `seed` after every (re)seed, and at once when the database already holds seeded data: a database kept
 * from an older emulator (the demo's) was seeded before this data existed.
 */
export function addSeedHook(ctx: EmulatorContext, seed: (ctx: EmulatorContext) => void): void {
  ctx.seedHooks.push(seed);
  if (ctx.store.prepare(`SELECT 1 FROM "sys_user" LIMIT 1`).get() !== undefined) seed(ctx);
}
