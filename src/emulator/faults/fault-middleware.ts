import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { hideRows } from './hide-rows.js';

/** Tells @hono/node-server that the response was already handled on the raw socket. */
const alreadySent = (): Response => {
  const res = new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
  // @hono/node-server writes its lightweight "cached" Response without looking at the marker (and so writes
  // headers a second time); reading .body turns it into a full Response, whose marker it honours.
  void res.body;
  return res;
};

/** Sets c.res without Hono merging the old response's headers (a stale Content-Length) into the new one. */
const replaceResponse = (c: Context<EmulatorEnv>, res: Response): void => {
  c.res = undefined;
  c.res = res;
};

/** Sends half of the handler's answer, announcing its full length, then drops the connection. */
async function truncate(c: Context<EmulatorEnv>): Promise<void> {
  const body = Buffer.from(await c.res.arrayBuffer());
  const headers: Record<string, string> = {};
  c.res.headers.forEach((value, key) => (headers[key] = value));
  headers['content-length'] = String(body.length);
  const out = c.env.outgoing;
  out.writeHead(c.res.status, headers);
  out.write(body.subarray(0, Math.floor(body.length / 2)), () => c.env.incoming.socket.destroy());
  replaceResponse(c, alreadySent());
}

/** True when the answer carries one of the oversized rows with more than its sys_id (sysparm_fields=sys_id passes). */
async function carriesOversizedRow(c: Context<EmulatorEnv>, url: URL, oversized: readonly string[]): Promise<boolean> {
  if (oversized.length === 0 || url.searchParams.get('sysparm_fields') === 'sys_id') return false;
  const text = await c.res.clone().text();
  return oversized.some((id) => text.includes(id));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Logs every non-control request and applies the fault rules (latency, 429, 503, transaction timeout,
 * connection reset before or after the handler, truncated body, rows hidden from lists, ties in random order). Faults act on the raw Node socket only
 * here, through c.env.
 */
export function faultMiddleware(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.startsWith('/__emulator/')) return next();
    let status = 0;
    const started = ctx.requestLog.tick();
    try {
      const decision = ctx.faults.decide(url.pathname);
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      const fault = decision.fault;
      if (decision.shuffleTies) c.set('shuffleTies', true);
      switch (fault?.kind) {
        case undefined:
        case 'latency':
        case 'hide-rows':
        case 'shuffle-ties':
        case 'oversized-row':
          await next();
          status = c.res.status;
          if (decision.hideFraction > 0) replaceResponse(c, await hideRows(c.res, decision.hideFraction));
          if (await carriesOversizedRow(c, url, decision.oversized)) await truncate(c);
          return;
        case 'status429': {
          const retryAfter = fault.retryAfter ?? 1;
          status = 429;
          return errorResponse(
            429,
            'Rate limit exceeded',
            'Rate limit of 100 requests per hour for Table API exceeded',
            {
              'Retry-After': String(retryAfter),
              'X-RateLimit-Limit': '100',
              'X-RateLimit-Reset': String(Math.floor(ctx.clock().getTime() / 1000) + retryAfter),
              'X-RateLimit-Rule': '4d3c2b1a0f9e8d7c6b5a493827160514',
            },
          );
        }
        case 'status503':
          status = 503;
          return errorResponse(503, 'Service Unavailable', 'The instance is temporarily unavailable. Try again later.');
        case 'transaction-timeout':
          // The reference leaves the status open (5xx?); the emulator answers 500 with the documented text.
          status = 500;
          return errorResponse(
            500,
            'Transaction cancelled: maximum execution time exceeded',
            'Transaction cancelled: maximum execution time exceeded. Check the transaction quota rules.',
          );
        case 'reset':
          c.env.incoming.socket.destroy();
          return alreadySent();
        case 'reset-after':
          await next();
          status = c.res.status;
          c.env.incoming.socket.destroy();
          // After next() Hono ignores a returned Response, so the handled marker must replace c.res.
          replaceResponse(c, alreadySent());
          return;
        case 'truncate':
          await next();
          status = c.res.status;
          await truncate(c);
          return;
      }
    } finally {
      const search = url.search.slice(1);
      ctx.requestLog.add({
        method: c.req.method,
        path: url.pathname,
        query: search,
        status,
        at: ctx.clock().toISOString(),
        started,
        finished: ctx.requestLog.tick(),
      });
    }
  };
}
