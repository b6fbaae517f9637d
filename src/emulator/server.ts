import { Hono } from 'hono';
import { sessionAuth, sessionGate } from './auth/session-middleware.js';
import type { EmulatorContext } from './context.js';
import { faultMiddleware } from './faults/fault-middleware.js';
import { errorResponse } from './http/envelope.js';
import type { EmulatorEnv } from './http/hono-env.js';
import { registerAttachmentRoutes } from './routes/attachment.js';
import { registerBatchRoutes } from './routes/batch.js';
import { registerCatalogRoutes } from './routes/catalog.js';
import { registerCmdbInstanceRoutes } from './routes/cmdb-instance.js';
import { registerChangeRoutes } from './routes/change.js';
import { registerControlRoutes } from './routes/control.js';
import { registerDocRoutes } from './routes/doc.js';
import { registerIdentifyReconcileRoutes } from './routes/identify-reconcile.js';
import { registerImportRoutes } from './routes/import.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerScriptedRestRoutes } from './routes/scripted-rest.js';
import { registerStatsRoutes } from './routes/stats.js';
import { handleTable } from './routes/table.js';
import { abortedWriteResponse, BusinessRuleAbort } from './rules/business-rules.js';

/**
 * Builds the emulator's Hono app: control plane, request log and faults, authentication of /api/*, the
 * schema doc routes, the Table API and the OAuth routes. A write a before business rule aborted answers as
 * the Table API does (403); every other handler error becomes the ServiceNow envelope (500) without a stack
 * trace, and the logger gets the details.
 */
export function createApp(ctx: EmulatorContext, reset: () => void): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.onError((error) => {
    if (error instanceof BusinessRuleAbort) return abortedWriteResponse(error);
    ctx.logger.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    return errorResponse(500, 'Internal server error', 'The emulator failed to process the request');
  });
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? errorResponse(400, 'Requested URI does not represent any resource', null)
      : errorResponse(404, 'Not Found', `No resource at ${c.req.path}`),
  );
  registerControlRoutes(app, ctx, reset);
  app.use('/api/*', sessionGate(ctx));
  app.use('*', faultMiddleware(ctx));
  app.use('/api/*', sessionAuth(ctx));
  registerDocRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);
  registerStatsRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerCatalogRoutes(app, ctx);
  registerCmdbInstanceRoutes(app, ctx);
  registerIdentifyReconcileRoutes(app, ctx);
  registerChangeRoutes(app, ctx);
  registerScriptedRestRoutes(app, ctx);
  registerBatchRoutes(app, ctx, [(inner) => registerImportRoutes(inner, ctx)]);
  app.all(
    '/api/now/*',
    async (c) =>
      (await handleTable(ctx, c)) ?? errorResponse(400, 'Requested URI does not represent any resource', null),
  );
  registerOAuthRoutes(app, ctx);
  return app;
}
