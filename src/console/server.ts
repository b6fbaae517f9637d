import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Hono } from 'hono';
import { randomToken } from './security/tokens.js';
import { allowedOrigins, isAllowedHost } from './security/host-check.js';
import { SECURITY_HEADERS } from './security/headers.js';
import { sessionMiddleware } from './security/session.js';
import { csrfMiddleware } from './security/csrf.js';
import { createConsoleContext, type ConsoleLogger } from './context.js';
import { registerStaticRoutes } from './routes/static-files.js';
import { registerConnectionRoutes } from './routes/connections.js';
import { registerOAuthRoutes } from './routes/oauth.js';
import { registerTestRoutes } from './routes/test-connection.js';
import { registerOperationRoutes } from './routes/operations.js';
import { registerRecordRoutes } from './routes/records.js';
import { OAUTH_CALLBACK_PATH } from './oauth-flows.js';
import { errorPage } from './pages/error-page.js';

/** Options for {@link startConsole}. */
export interface ConsoleOptions {
  /** Directory holding `connections.json` and the encrypted vault (shared with the CLI). */
  readonly configDir: string;
  /** Vault master key; without it the vault uses (or creates) its 0600 key file in `configDir`. */
  readonly masterKey?: string;
  /** TCP port; 0 (the default) picks a free one. The host is always 127.0.0.1. */
  readonly port?: number;
  readonly logger?: ConsoleLogger;
  /** Called with the session URL once listening, e.g. to open a browser. */
  readonly openBrowser?: (url: string) => void | Promise<void>;
}

/** A running console. */
export interface RunningConsole {
  /** The one URL that grants a session: it carries `?token=<per-launch session token>`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, without the token. */
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

const PUBLIC_PATHS = ['/static/', OAUTH_CALLBACK_PATH];

/**
 * Starts the connection console on 127.0.0.1. Every page needs the per-launch session (see
 * {@link RunningConsole.url}); every state-changing request needs the CSRF token and a same Origin.
 *
 * @example
 * const consoleServer = await startConsole({ configDir });
 * console.log(`Open ${consoleServer.url}`);
 */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  let port = 0;
  const ctx = createConsoleContext({
    configDir: options.configDir,
    masterKey: options.masterKey,
    logger: options.logger,
    csrfToken,
    origin: () => `http://127.0.0.1:${port}`,
  });

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  app.use('*', async (c, next) => {
    if (!isAllowedHost(c.req.header('host'), port)) {
      return c.text('Misdirected request: this console only answers to 127.0.0.1 and localhost.', 421);
    }
    return next();
  });
  app.use(
    '*',
    sessionMiddleware({ sessionToken, cookieName: () => `nowrest_console_${port}`, publicPaths: PUBLIC_PATHS }),
  );
  app.use('*', csrfMiddleware({ csrfToken, allowedOrigins: () => allowedOrigins(port) }));
  registerStaticRoutes(app);
  registerConnectionRoutes(app, ctx);
  registerTestRoutes(app, ctx);
  registerOAuthRoutes(app, ctx);
  registerOperationRoutes(app, ctx);
  registerRecordRoutes(app, ctx);
  app.notFound((c) => c.html(errorPage(ctx, 'Not found', 'There is no page at this address.').toString(), 404));
  app.onError((err, c) => {
    ctx.logger.error(`console: ${c.req.method} ${c.req.path} failed: ${err.message}`);
    return c.html(errorPage(ctx, 'Something went wrong', ctx.describeError(err)).toString(), 500);
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0, overrideGlobalObjects: false },
      () => resolve(s),
    ) as Server;
    s.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const url = `${origin}/?token=${sessionToken}`;
  if (options.openBrowser) await options.openBrowser(url);
  return {
    url,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
