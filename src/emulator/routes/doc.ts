import type { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';

/**
 * The undocumented schema endpoints clients use (reference §5): the table picker list, and a per-table
 * column list whose shape is the emulator's own (documented in docs/emulator-divergences.md).
 */
export function registerDocRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.get('/api/now/doc/table/schema', () => {
    const result = ctx.schema.tables().map((t) => ({ label: t.def.label, value: t.name }));
    return jsonResponse(200, JSON.stringify({ result }));
  });
  app.get('/api/now/doc/table/schema/:table', (c) => {
    const table = ctx.schema.table(c.req.param('table'));
    if (!table) return errorResponse(400, `Invalid table ${c.req.param('table')}`, null);
    const columns = [...table.fields.values()].map((f) => ({
      label: f.label,
      value: f.name,
      type: f.type,
      reference: f.reference ?? '',
      max_length: String(f.maxLength ?? ''),
      choice: f.choice === true ? 'true' : 'false',
      mandatory: f.mandatory === true ? 'true' : 'false',
      read_only: f.readOnly === true ? 'true' : 'false',
      display: f.name === table.displayField ? 'true' : 'false',
      defined_on: f.definedOn,
    }));
    const result = { name: table.name, label: table.def.label, super_class: table.def.superClass ?? '', columns };
    return jsonResponse(200, JSON.stringify({ result }));
  });
}
