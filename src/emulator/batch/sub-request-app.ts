import { Hono } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse, unauthenticated } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { registerStatsRoutes } from '../routes/stats.js';
import { handleTable } from '../routes/table.js';

/**
 * The app batch items are dispatched to, in-process: authentication, the Aggregate API and the Table API,
 * without the fault middleware and request log (faults act on real HTTP exchanges, and the batch itself
 * is one). A batch inside a batch, OAuth and the control plane are not reachable from here.
 */
export function createSubRequestApp(
  ctx: EmulatorContext,
  register: ((app: Hono<EmulatorEnv>) => void)[] = [],
): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.onError((error) => {
    ctx.logger.error(`internal error in a batch item: ${error instanceof Error ? error.message : String(error)}`);
    return errorResponse(500, 'Internal server error', 'The emulator failed to process the request');
  });
  app.notFound(() => errorResponse(400, 'Requested URI does not represent any resource', null));
  app.use('/api/*', async (c, next) => {
    const result = authenticate(ctx, c.req.header('authorization'), new URL(c.req.url));
    if ('failure' in result) return unauthenticated(result.failure);
    c.set('caller', result.caller);
    await next();
  });
  registerStatsRoutes(app, ctx);
  for (const add of register) add(app);
  app.all(
    '/api/now/*',
    async (c) =>
      (await handleTable(ctx, c)) ?? errorResponse(400, 'Requested URI does not represent any resource', null),
  );
  return app;
}
