import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';

/** The demo scripted REST API: /api/x_demo/ops (namespace x_demo, API id ops). */
export const DEMO_API_ID = fixedId('sys_ws_definition:x_demo/ops');

const OPERATIONS = [
  {
    name: 'Service status',
    http_method: 'GET',
    relative_path: '/status',
    emulator_response: JSON.stringify({ result: { status: 'ok', version: '1.4.2', maintenance: false } }),
  },
  {
    name: 'Open incidents by priority',
    http_method: 'GET',
    relative_path: '/incidents/{priority}',
    emulator_table: 'incident',
    emulator_query: 'active=true^priority={priority}',
  },
  {
    name: 'Submit order',
    http_method: 'POST',
    relative_path: '/orders',
    emulator_status: '201',
    emulator_response: JSON.stringify({ result: { accepted: true, order: 'ORD0001001' } }),
  },
] as const;

/** Seeds the demo scripted REST API unless present. */
export function seedScriptedRest(ctx: EmulatorContext): void {
  const definitions = ctx.schema.table('sys_ws_definition');
  const operations = ctx.schema.table('sys_ws_operation');
  if (!definitions || !operations) return;
  const now = ctx.clock();
  ctx.db.transaction(() => {
    if (!ctx.store.byId(definitions.physical, DEMO_API_ID)) {
      ctx.store.insert(definitions.physical, {
        ...newRowDefaults(definitions, DEMO_API_ID, 'admin', now),
        name: 'Demo operations API',
        namespace: 'x_demo',
        service_id: 'ops',
        base_uri: '/api/x_demo/ops',
        short_description: 'A scripted REST API defined as data, to try `nowrest api` on',
      });
    }
    for (const op of OPERATIONS) {
      const id = fixedId(`sys_ws_operation:x_demo/ops:${op.http_method}:${op.relative_path}`);
      if (ctx.store.byId(operations.physical, id)) continue;
      ctx.store.insert(operations.physical, {
        ...newRowDefaults(operations, id, 'admin', now),
        web_service_definition: DEMO_API_ID,
        ...op,
      });
    }
  })();
}
