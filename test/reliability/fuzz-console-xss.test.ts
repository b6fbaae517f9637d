// XSS fuzz of the console: markup-bearing values go in through every form and page parameter (connection
// form, operations query, filter rows, record values stored in the emulator, unknown connections, tables and
// records in paths), and every page that comes back must show them escaped: the raw value never appears,
// and no href/src/action carries a javascript: URL.
// FUZZ_RUNS=N raises the run count.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHtml } from '../../src/console/html.js';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { fuzzRuns } from './fuzz-http.js';

const FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '" autofocus onfocus="alert(1)',
  "' onmouseover='alert(1)",
  '`;alert(1);`',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '{{constructor.constructor("alert(1)")()}}<b>',
  '&lt;script&gt;<i>',
];

/** A value that always carries markup characters (so its raw form differs from its escaped form). */
const payload = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }))
  .map(([a, fragment, b]) => `${a}${fragment}${b}`);

const JS_URL = /\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i;

void describe('console pages escape every echoed value', () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let cookie: string;
  let csrf: string;
  let pages = 0;

  before(async () => {
    emu = await startEmulator({ seed: { incidents: 3 } });
    dir = await mkdtemp(join(tmpdir(), 'nowrest-xss-'));
    server = await startConsole({ configDir: dir, masterKey: 'xss-fuzz-key' });
    const opened = await fetch(server.url, { redirect: 'manual' });
    cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const home = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
    csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? '';
    const saved = await post('/connections', {
      name: 'emu',
      baseUrl: emu.url,
      auth: 'basic',
      username: 'admin',
      password: 'admin',
    });
    assert.equal(saved.status, 303, await saved.text());
  });
  after(async () => {
    await server.close();
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  function post(path: string, fields: Record<string, string>): Promise<Response> {
    return fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { cookie, origin: server.origin },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
      redirect: 'manual',
    });
  }
  const get = (path: string): Promise<Response> =>
    fetch(`${server.origin}${path}`, { headers: { cookie }, redirect: 'manual' });

  async function assertEscaped(label: string, res: Response, value: string): Promise<string> {
    const body = await res.text();
    pages++;
    assert.ok(res.status < 500, `${label}: HTTP ${res.status}`);
    assert.ok(!body.includes(value), `${label}: the value appears unescaped: ${JSON.stringify(value)}`);
    assert.doesNotMatch(body, JS_URL, `${label}: a javascript: URL in an attribute`);
    return body;
  }

  void it('connection form: every field echoed on validation and after saving', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom('basic', 'oauth2'), async (value, auth) => {
        const invalid = await post('/connections', {
          name: value,
          baseUrl: value,
          auth,
          username: value,
          clientId: value,
          authUrl: value,
          tokenUrl: value,
        });
        await assertEscaped('invalid connection form', invalid, value);
        const saved = await post('/connections', {
          name: 'xss',
          baseUrl: emu.url,
          auth: 'basic',
          username: value,
          password: 'admin',
        });
        await assertEscaped('saved connection', saved, value);
        await assertEscaped('edit page', await get('/connections/xss/edit'), value);
        await assertEscaped('home', await get('/'), value);
        await assertEscaped('test connection', await post('/connections/xss/test', {}), value);
        await assertEscaped('delete', await post('/connections/xss/delete', {}), value);
      }),
      { numRuns: fuzzRuns(25) },
    );
  });

  void it('operations page: table, encoded query, fields, filter rows and sort', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.constantFrom('incident', 'payload'), async (value, tableChoice) => {
        const table = tableChoice === 'incident' ? 'incident' : value;
        const params = new URLSearchParams({
          table,
          encoded: value,
          fields: `number,${value}`,
          sort: value,
          display: value,
          run: '1',
        });
        params.append('join', 'and');
        params.append('f_field', value);
        params.append('f_op', value);
        params.append('f_value', value);
        params.append('join', 'or');
        params.append('f_field', 'short_description');
        params.append('f_op', 'contains');
        params.append('f_value', value);
        await assertEscaped('operations', await get(`/connections/emu/operations?${params.toString()}`), value);
        const rowsOnly = new URLSearchParams({
          table: 'incident',
          run: '1',
          f_field: 'short_description',
          f_op: 'is',
          f_value: value,
        });
        await assertEscaped(
          'operations filter row',
          await get(`/connections/emu/operations?${rowsOnly.toString()}`),
          value,
        );
      }),
      { numRuns: fuzzRuns(40) },
    );
  });

  void it('records: values stored in the instance, in lists and on the record page', async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (value) => {
        const created = await fetch(`${emu.baseUrl()}/incident`, {
          method: 'POST',
          headers: { authorization: emu.basic(), 'content-type': 'application/json' },
          body: JSON.stringify({ short_description: value, description: value, work_notes: value }),
        });
        assert.equal(created.status, 201);
        const sysId = ((await created.json()) as { result: { sys_id: string } }).result.sys_id;
        const list = new URLSearchParams({
          table: 'incident',
          encoded: `sys_id=${sysId}`,
          fields: 'number,short_description,description',
          run: '1',
        });
        await assertEscaped('record list', await get(`/connections/emu/operations?${list.toString()}`), value);
        const page = await assertEscaped(
          'record page',
          await get(`/connections/emu/tables/incident/records/${sysId}`),
          value,
        );
        // The value is really on the page, escaped (so the property above is not vacuous).
        assert.ok(page.includes(escapeHtml(value)), 'the record page shows the value escaped');
        await assertEscaped(
          'record page, display values',
          await get(`/connections/emu/tables/incident/records/${sysId}?display=all`),
          value,
        );
        const enc = encodeURIComponent(value);
        await assertEscaped('unknown record', await get(`/connections/emu/tables/incident/records/${enc}`), value);
        await assertEscaped('unknown table', await get(`/connections/emu/tables/${enc}/records/${sysId}`), value);
        await assertEscaped('new record form', await get(`/connections/emu/tables/${enc}/new`), value);
        await assertEscaped('unknown connection', await get(`/connections/${enc}/edit`), value);
        await assertEscaped('unknown page', await get(`/${enc}`), value);
        const update = await post(`/connections/emu/tables/incident/records/${sysId}`, {
          short_description: `${value}!`,
          [value]: value,
        });
        await assertEscaped('record update', update, value);
      }),
      { numRuns: fuzzRuns(25) },
    );
    assert.ok(pages > 0);
  });
});
