import type { MiddlewareHandler } from 'hono';
import type { EmulatorContext } from '../context.js';
import { unauthenticated } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { authenticate } from './authenticate.js';
import { sessionCookies } from './sessions.js';

/**
 * First on /api/*: a request whose JSESSIONID names a live session waits for that session's earlier requests
 * (faults, authentication and the handler all run inside the session's turn), as on an instance.
 */
export function sessionGate(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const session = ctx.sessions.find(c.req.header('cookie'), ctx.clock().getTime());
    if (!session) return next();
    c.set('session', session);
    const queued = performance.now();
    await ctx.sessions.serialise(session, () => {
      c.set('sessionWaitMs', Math.round(performance.now() - queued));
      return next();
    });
  };
}

/**
 * Authenticates an /api/* request: on its session when the cookie named one (no credentials needed, as on an
 * instance), else by Basic or Bearer credentials, opening a new session whose cookies the answer sets.
 */
export function sessionAuth(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    let session = c.get('session');
    if (!session) {
      const result = authenticate(ctx, c.req.header('authorization'), new URL(c.req.url));
      if ('failure' in result) return unauthenticated(result.failure);
      session = ctx.sessions.open(result.caller, ctx.clock().getTime());
    }
    c.set('caller', session.caller);
    await next();
    const secure = c.req.url.startsWith('https:');
    const timing = `sem_wait;dur=0, sesh_wait;dur=${c.get('sessionWaitMs') ?? 0}`;
    const cookies = sessionCookies(session, secure, ctx.clock().getTime());
    // On the raw Node response when there is one: reading c.res.headers would turn @hono/node-server's
    // lightweight Response (a body string written directly) into a full one, which costs list pages.
    const outgoing = (c.env as Partial<EmulatorEnv['Bindings']> | undefined)?.outgoing;
    if (outgoing && !outgoing.headersSent) {
      // An instance reports the time spent waiting for the session lock (sesh_wait) on every answer.
      outgoing.setHeader('Server-Timing', timing);
      outgoing.setHeader('Set-Cookie', cookies);
      return;
    }
    c.res.headers.set('Server-Timing', timing);
    for (const cookie of cookies) c.res.headers.append('Set-Cookie', cookie);
  };
}
