import type { Context } from 'hono';
import { getConnection, type ConnectionProfile } from '../../lib/config/connections.js';
import type { ConsoleContext } from '../context.js';
import { errorPage } from '../pages/error-page.js';

/** Loads the profile named by the `:name` route parameter, or returns a 404 page to send instead. */
export async function loadProfile(ctx: ConsoleContext, c: Context): Promise<ConnectionProfile | Response> {
  const name = c.req.param('name') ?? '';
  const profile = await getConnection(ctx.configDir, name);
  if (profile !== undefined) return profile;
  return c.html(errorPage(ctx, 'No such connection', `There is no connection named "${name}".`).toString(), 404);
}
