import type { Context, Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { parseFaultSpec } from '../faults/fault-store.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { insertIncidents } from '../seed/generate.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';

const json = (status: number, value: unknown): Response =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json;charset=UTF-8' } });

async function readJson(c: Context<EmulatorEnv>): Promise<unknown> {
  try {
    const text = await c.req.text();
    return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * The control plane under /__emulator/ (outside the ServiceNow surface, like moto's and LocalStack's): reset,
 * request log, fault rules, properties and the data generator. No authentication: the emulator binds to
 * loopback by default.
 */
export function registerControlRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext, reset: () => void): void {
  app.post('/__emulator/reset', () => {
    reset();
    return json(200, { status: 'reset' });
  });
  app.get('/__emulator/requests', () => json(200, ctx.requestLog.list()));
  app.delete('/__emulator/requests', () => {
    ctx.requestLog.clear();
    return new Response(null, { status: 204 });
  });
  app.get('/__emulator/faults', () => json(200, ctx.faults.list()));
  app.get('/__emulator/faults/fired', () => json(200, ctx.faults.firedCounts()));
  app.delete('/__emulator/faults', () => {
    ctx.faults.clear();
    return new Response(null, { status: 204 });
  });
  app.post('/__emulator/faults', async (c) => {
    const spec = parseFaultSpec(await readJson(c));
    if (typeof spec === 'string') return json(400, { error: spec });
    ctx.faults.add(spec);
    return json(201, spec);
  });
  app.post('/__emulator/properties', async (c) => {
    const body = (await readJson(c)) as { name?: unknown; value?: unknown } | undefined;
    if (
      typeof body?.name !== 'string' ||
      body.name === '' ||
      (typeof body.value !== 'string' && typeof body.value !== 'boolean' && typeof body.value !== 'number')
    ) {
      return json(400, { error: 'body must be {"name": string, "value": string}' });
    }
    const value = String(body.value);
    const existing = ctx.store.findBy('sys_properties', 'name', body.name);
    const table = ctx.schema.table('sys_properties');
    if (existing?.sys_id !== undefined && table) ctx.store.update(table.physical, existing.sys_id, { value });
    else {
      if (table)
        ctx.store.insert(table.physical, {
          ...newRowDefaults(table, randomId(), 'admin', ctx.clock()),
          name: body.name,
          value,
        });
    }
    return json(200, { name: body.name, value });
  });
  app.post('/__emulator/generate', async (c) => {
    const body = (await readJson(c)) as { table?: unknown; count?: unknown } | undefined;
    const count = body?.count;
    if (
      body?.table !== 'incident' ||
      typeof count !== 'number' ||
      !Number.isInteger(count) ||
      count < 0 ||
      count > 5_000_000
    ) {
      return json(400, { error: 'body must be {"table": "incident", "count": integer 0..5000000}' });
    }
    const inserted = insertIncidents(ctx.store, count, ctx.clock());
    return json(200, { table: 'incident', inserted });
  });
}
