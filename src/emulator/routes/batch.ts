import type { Context, Hono } from 'hono';
import { createSubRequestApp } from '../batch/sub-request-app.js';
import { parseBatchRequest } from '../batch/batch-request.js';
import { DEFAULT_BATCH_LIMITS, runBatch, type BatchLimits } from '../batch/run-batch.js';
import type { EmulatorContext } from '../context.js';
import { notAcceptable } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { readBody, tooLargeDetail } from '../http/read-body.js';
import { propertyValue } from '../table/query-plan.js';

const MAX_CONFIGURABLE_BYTES = 10 * 1024 * 1024;

/** A positive byte count from a property or header, capped at `max`; undefined when absent or unusable. */
function bytes(value: string | undefined | null, max: number): number | undefined {
  if (value === undefined || value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return n > 0 ? Math.min(n, max) : undefined;
}

/**
 * The limits of one batch: glide.rest.batch.max.inputSize / .outputSize (sys_properties, at most 10 MB) and the
 * X-BATCHREQUEST-MAX-OUTPUT-SIZE header, which may lower but not raise the output limit (Batch API docs).
 */
function limitsFor(ctx: EmulatorContext, c: Context<EmulatorEnv>): BatchLimits {
  const maxInputBytes =
    bytes(propertyValue(ctx, 'glide.rest.batch.max.inputSize'), MAX_CONFIGURABLE_BYTES) ??
    DEFAULT_BATCH_LIMITS.maxInputBytes;
  const outputCap =
    bytes(propertyValue(ctx, 'glide.rest.batch.max.outputSize'), Number.MAX_SAFE_INTEGER) ??
    DEFAULT_BATCH_LIMITS.maxOutputBytes;
  const requested = bytes(c.req.header('x-batchrequest-max-output-size'), outputCap);
  return { ...DEFAULT_BATCH_LIMITS, maxInputBytes, maxOutputBytes: requested ?? outputCap };
}

/**
 * The Batch API (reference §6, [BAT]): POST /api/now/v1/batch (and /api/now/batch). Items are dispatched
 * in-process, in order, to the Table and Aggregate APIs with the batch's own Authorization, so ACLs apply
 * per item; bodies travel base64-encoded both ways and batch_request_id is echoed as a string.
 */
export function registerBatchRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  register: ((app: Hono<EmulatorEnv>) => void)[] = [],
): void {
  const inner = createSubRequestApp(ctx, register);
  const handler = async (c: Context<EmulatorEnv>): Promise<Response> => {
    const refused = notAcceptable(c.req.header('accept'));
    if (refused) return refused;
    const read = await readBody(c.req.raw);
    if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
    const batch = parseBatchRequest(read.text);
    if (typeof batch === 'string') return errorResponse(400, 'Invalid batch request', batch);
    const url = new URL(c.req.url);
    const result = await runBatch(batch, {
      origin: `${url.protocol}//${url.host}`,
      authorization: c.req.header('authorization'),
      dispatch: async (request) => await inner.fetch(request),
      limits: limitsFor(ctx, c),
    });
    return jsonResponse(200, JSON.stringify(result));
  };
  app.post('/api/now/v1/batch', handler);
  app.post('/api/now/batch', handler);
}
