import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { matchOperation } from '../scripted/match-operation.js';
import { runOperation } from '../scripted/run-operation.js';
import { seedScriptedRest } from '../scripted/seed-scripted-rest.js';

/**
 * Scripted REST APIs defined as sys_ws_definition / sys_ws_operation rows, served under
 * /api/{namespace}/{service_id}[/v{n}]/…. Paths no definition claims fall through to the other routes.
 */
export function registerScriptedRestRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  ctx.seedHooks.push(seedScriptedRest);
  seedScriptedRest(ctx);
  app.all('/api/*', async (c, next) => {
    const url = new URL(c.req.url);
    const method = c.req.method.toUpperCase();
    const match = matchOperation(ctx, url.pathname, method);
    if (match.kind === 'none') return next();
    if (match.kind === 'wrong-method') {
      return errorResponse(405, 'Method not Supported', `HTTP method ${method} is not supported for this resource`, {
        Allow: match.allowed.join(', '),
      });
    }
    return runOperation(ctx, c.get('caller'), url, match.operation, match.params);
  });
}
