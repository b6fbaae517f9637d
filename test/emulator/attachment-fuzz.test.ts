// Fuzz of the emulator's Attachment API over real HTTP: random paths, methods, query strings, content types
// (multipart with and without boundaries) and bodies. Property: never a 5xx, never a stack trace, and every
// JSON answer parses. FUZZ_RUNS=N raises the run count.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;
let incident: string;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? '60');

before(async () => {
  emu = await startEmulator();
  const res = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
    headers: { authorization: emu.basic() },
  });
  incident = ((await res.json()) as { result: { sys_id: string }[] }).result[0]!.sys_id;
});
after(() => emu.close());

const segment = fc.oneof(
  fc.constantFrom('file', 'upload', '%E0%A4%A', '%', '..', '', 'ffffffffffffffffffffffffffffffff', '%2F'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const value = fc.oneof(
  fc.constantFrom('incident', 'no_such_table', '', '^', 'ORDERBY', '-1', '1e309', '%', 'sys_properties'),
  fc.string({ maxLength: 16 }),
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom('table_name', 'table_sys_id', 'file_name', 'sysparm_query', 'sysparm_limit', 'sysparm_offset'),
      value,
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
const contentType = fc.constantFrom(
  undefined,
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=xyz',
  'multipart/form-data; boundary="q u o t e d"',
  'application/octet-stream',
);
/** Bodies that are sometimes well-formed multipart, sometimes junk. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 }), fc.boolean())
    .map(([name, content, closed]) =>
      new TextEncoder().encode(
        `--xyz\r\nContent-Disposition: form-data; name="table_name"\r\n\r\nincident\r\n` +
          `--xyz\r\nContent-Disposition: form-data; name="table_sys_id"\r\n\r\n${incident}\r\n` +
          `--xyz\r\nContent-Disposition: form-data; name="f"; filename="${name}"\r\n\r\n${content}\r\n--xyz${closed ? '--' : ''}`,
      ),
    ),
);

void describe('attachment API fuzz', () => {
  void it('answers every request without a 5xx or a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'HEAD'),
        fc.constantFrom('/api/now/attachment', '/api/now/v1/attachment'),
        fc.array(segment, { maxLength: 3 }),
        query,
        contentType,
        body,
        async (method, root, segments, search, type, payload) => {
          const url = `${emu.url}${root}${segments.map((s) => `/${s}`).join('')}${search ? `?${search}` : ''}`;
          const headers: Record<string, string> = { authorization: emu.basic() };
          if (type !== undefined) headers['content-type'] = type;
          const hasBody = method === 'POST' || method === 'PUT';
          const res = await fetch(url, { method, headers, ...(hasBody ? { body: payload } : {}) });
          const text = method === 'HEAD' ? '' : await res.text();
          assert.ok(res.status < 500, `${method} ${url} answered ${res.status}: ${text.slice(0, 200)}`);
          assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack trace');
          if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') JSON.parse(text);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
