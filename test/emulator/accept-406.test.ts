// Accept negotiation: every JSON-only API (Table, Aggregate, Batch, Import Set) answers 406 in the error envelope when the
// Accept header rules JSON out, as docs/emulator-divergences.md promises, and serves JSON otherwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const BATCH = JSON.stringify({
  batch_request_id: '1',
  rest_requests: [{ id: '1', method: 'GET', url: '/api/now/table/incident?sysparm_limit=1' }],
});
const CALLS: readonly { readonly name: string; readonly path: string; readonly post?: boolean }[] = [
  { name: 'Table API', path: '/api/now/table/incident?sysparm_limit=1' },
  { name: 'Aggregate API', path: '/api/now/stats/incident?sysparm_count=true' },
  { name: 'Aggregate API v1', path: '/api/now/v1/stats/incident?sysparm_count=true' },
  { name: 'Batch API v1', path: '/api/now/v1/batch', post: true },
  { name: 'Batch API', path: '/api/now/batch', post: true },
  { name: 'Import Set API', path: '/api/now/import/imp_user/00000000000000000000000000000000' },
];

const call = (path: string, accept: string, post = false) =>
  fetch(`${emu.url}${path}`, {
    method: post ? 'POST' : 'GET',
    headers: { authorization: emu.basic(), accept, 'content-type': 'application/json' },
    ...(post ? { body: BATCH } : {}),
  });

void describe('Accept negotiation', () => {
  for (const c of CALLS) {
    void it(`${c.name}: application/xml answers 406 in the error envelope`, async () => {
      const res = await call(c.path, 'application/xml', c.post);
      assert.equal(res.status, 406);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as { status: string; error: { message: string } };
      assert.equal(body.status, 'failure');
      assert.equal(body.error.message, 'Not Acceptable');
    });

    void it(`${c.name}: application/json and */* are served`, async () => {
      for (const accept of ['application/json', 'text/html, */*;q=0.1']) {
        const res = await call(c.path, accept, c.post);
        // The import read of an unknown staging row is a JSON 404: negotiation passed.
        assert.equal(res.status, c.name === 'Import Set API' ? 404 : 200, accept);
        await res.json();
      }
    });
  }
});
