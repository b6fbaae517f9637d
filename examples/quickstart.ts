/**
 * The README's library example in full. Run it against the demo (`npm start` in another terminal):
 *   SN_BASE_URL=http://127.0.0.1:8787/api/now/v2 SN_PASSWORD=admin npx tsx examples/quickstart.ts
 */
import { createClient, query } from '../src/lib/index.js';

const baseUrl = process.env.SN_BASE_URL ?? 'http://127.0.0.1:8787/api/now/v2';
const password = process.env.SN_PASSWORD;
if (!password) {
  console.error('Set SN_PASSWORD (the demo admin password is "admin").');
  process.exit(2);
}

const sn = createClient({ name: 'demo', baseUrl, auth: { type: 'basic', username: 'admin', password } });
try {
  const report = await sn.testConnection();
  console.log(`test connection: ${report.ok ? 'ok' : 'failed'}`);
  if (!report.ok) process.exitCode = 1;

  const incidents = sn.table('incident');
  const q = query().where('active').is(true).and('priority').lessThanOrEqual(2);
  let count = 0;
  for await (const record of incidents.list({ query: q, fields: ['number', 'short_description'] })) {
    count += 1;
    if (count <= 3) console.log(`${String(record.number)}  ${String(record.short_description)}`);
  }
  console.log(`active incidents with priority 1 or 2: ${count}`);

  const created = await incidents.create({ short_description: 'Printer on fire' });
  console.log(`created ${String(created.number)}`);
  const upserted = await incidents.upsert({ number: 'INC0000001', urgency: '1' }, { keys: ['number'] });
  console.log(`upsert of INC0000001: ${upserted.action}`);
  await incidents.delete(created.sys_id as string);
  console.log(`deleted ${String(created.number)}`);
} finally {
  await sn.close();
}
