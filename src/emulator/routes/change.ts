import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { conflictRoute, workerRoute, type WorkerStore } from '../change/change-conflicts.js';
import {
  createChangeOfAnyType,
  createChange,
  createStandardChange,
  deleteChange,
  getChange,
  listChanges,
  templates,
  updateChange,
} from '../change/change-handlers.js';
import { abortedChange, badRequest, isChangeType, type ChangeCall, type ChangeType } from '../change/change-request.js';
import { createTask, listTasks, oneTask } from '../change/change-tasks.js';
import { seedChangeData } from '../change/seed-change.js';
import { errorResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { parseJsonObject } from '../http/json-body.js';
import { readBody, tooLargeDetail } from '../http/read-body.js';
import { BusinessRuleAbort } from '../rules/business-rules.js';

/** The Change API's detail for a body that is JSON but not an object. */
const CHANGE_BODY_NOT_OBJECT = 'The payload must be a JSON object of field names and values.';

const PREFIX = /^\/api\/sn_chg_rest\/(?:v1\/)?change(?:\/(.*?))?\/?$/;

const unsupported = (method: string): Response =>
  errorResponse(405, 'Method not Supported', `HTTP method ${method} is not supported for this resource`);

/** The Change Management API (reference more-apis §1) and its seed data. */
export function registerChangeRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  const workers: WorkerStore = new Map();
  ctx.seedHooks.push((c) => {
    workers.clear();
    seedChangeData(c);
  });
  seedChangeData(ctx);
  app.all('/api/sn_chg_rest/*', async (c) => {
    const url = new URL(c.req.url);
    const match = PREFIX.exec(url.pathname);
    if (!match) return errorResponse(400, 'Requested URI does not represent any resource', null);
    const method = c.req.method.toUpperCase();
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
      const read = await readBody(c.req.raw);
      if (!read.ok) return errorResponse(413, 'Exception while reading request', tooLargeDetail(read.tooLarge));
      const parsed = parseJsonObject(read.text, { notObject: CHANGE_BODY_NOT_OBJECT });
      if (typeof parsed === 'string') return badRequest('Exception while reading request', parsed);
      body = parsed;
    }
    const call: ChangeCall = { ctx, caller: c.get('caller'), method, url, origin: url.origin, body };
    const segments = (match[1] ?? '')
      .split('/')
      .filter((s) => s !== '')
      .map(safeDecode);
    try {
      return route(call, workers, segments);
    } catch (error) {
      if (error instanceof BusinessRuleAbort) return abortedChange(method, error.detail);
      throw error;
    }
  });
}

function route(call: ChangeCall, workers: WorkerStore, s: readonly string[]): Response {
  const { method } = call;
  const [a, b, c, d] = s;
  if (a === undefined) {
    if (method === 'GET') return listChanges(call);
    if (method === 'POST') return createChangeOfAnyType(call);
    return unsupported(method);
  }
  if (a === 'worker' && b !== undefined && c === undefined)
    return method === 'GET' ? workerRoute(call, workers, b) : unsupported(method);
  if (a === 'standard' && b === 'template' && d === undefined)
    return method === 'GET' ? templates(call, c) : unsupported(method);
  if (isChangeType(a)) return typed(call, a, b, c);
  // /change/{sys_id}[/task[/{task}] | /conflict]
  if (b === undefined) return one(call, a);
  if (b === 'task' && d === undefined) {
    if (c !== undefined)
      return ['GET', 'PATCH', 'PUT', 'DELETE'].includes(method) ? oneTask(call, a, c) : unsupported(method);
    if (method === 'GET') return listTasks(call, a);
    if (method === 'POST') return createTask(call, a);
    return unsupported(method);
  }
  if (b === 'conflict' && c === undefined)
    return ['GET', 'POST', 'DELETE'].includes(method) ? conflictRoute(call, workers, a) : unsupported(method);
  return errorResponse(400, 'Requested URI does not represent any resource', null);
}

/** /change/{type}[/{sys_id}] and /change/standard/{template} (POST). */
function typed(call: ChangeCall, type: ChangeType, id: string | undefined, extra: string | undefined): Response {
  if (extra !== undefined) return errorResponse(400, 'Requested URI does not represent any resource', null);
  if (id === undefined) {
    if (call.method === 'GET') return listChanges(call, type);
    if (call.method !== 'POST') return unsupported(call.method);
    if (type === 'standard')
      return badRequest(
        'A standard change needs a template',
        'POST /api/sn_chg_rest/change/standard/{template sys_id}',
      );
    return createChange(call, type);
  }
  if (type === 'standard' && call.method === 'POST') return createStandardChange(call, id);
  return one(call, id, type);
}

function one(call: ChangeCall, sysId: string, type?: ChangeType): Response {
  switch (call.method) {
    case 'GET':
      return getChange(call, sysId, type);
    case 'PATCH':
    case 'PUT':
      return updateChange(call, sysId, type);
    case 'DELETE':
      return deleteChange(call, sysId, type);
    default:
      return unsupported(call.method);
  }
}

/** decodeURIComponent without the throw: a malformed escape is kept as sent (and then matches nothing). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
