import type { MiddlewareHandler } from 'hono';
import { errorResponse } from './envelope.js';

/** True when an Accept header admits JSON (absent or empty admits everything). */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const type = (part.split(';', 1)[0] ?? '').trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type.endsWith('+json');
  });
}

/**
 * The 406 of every JSON-only API (Table, Aggregate, Batch) when the Accept header rules JSON out (reference §2
 * "bad Accept … 406"); undefined when JSON is acceptable. ServiceNow could answer XML; the emulator cannot.
 */
export function notAcceptable(accept: string | undefined): Response | undefined {
  return acceptsJson(accept)
    ? undefined
    : errorResponse(406, 'Not Acceptable', 'The emulator produces application/json only');
}

/** Middleware form of {@link notAcceptable}, for every route under a JSON-only API's prefix. */
export const jsonOnly: MiddlewareHandler = async (c, next) => {
  const refused = notAcceptable(c.req.header('accept'));
  if (refused) return refused;
  await next();
  return undefined;
};
