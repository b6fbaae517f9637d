// Fuzz of the emulator's Table API over real HTTP: every sysparm_* parameter, name=value filters, the
// headers the API reads, random JSON and broken bodies, random paths, tables, sys_ids and methods.
// Property: no answer is a 5xx, no body carries a stack trace, and every JSON answer parses.
// FUZZ_RUNS=N raises the run count (npm run soak uses large values).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { fuzzRuns, rawRequest, STACK_FRAME, type RawRequest } from './fuzz-http.js';

const TABLES = [
  'incident',
  'task',
  'problem',
  'change_request',
  'sys_user',
  'sys_user_group',
  'cmn_department',
  'cmdb_ci',
  'sys_db_object',
  'sys_dictionary',
  'sys_choice',
  'sys_journal_field',
  'oauth_entity',
  'oauth_credential',
  'sys_properties',
  'no_such_table',
];
const FIELDS = ['number', 'short_description', 'state', 'priority', 'active', 'caller_id', 'caller_id.name', 'sys_id'];

/** Values with a meaning to some parameter, plus the classic junk. */
const junk = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'true',
    'TRUE',
    'False',
    'all',
    'ALL',
    '0',
    '-1',
    '1',
    '10',
    '1.5',
    '1e3',
    '1e309',
    '-1e309',
    'Infinity',
    'NaN',
    '0x10',
    '99999999999999999999999',
    '9007199254740993',
    '-9223372036854775809',
    'null',
    'undefined',
    '%',
    '%00',
    '\u0000',
    '\uFFFF',
    '\uD800',
    "'; DROP TABLE task; --",
    'number,short_description',
    ',,,',
    'caller_id.department.name',
    'desktop',
    'mobile',
    'active=true^ORDERBYnumber',
    '^ORDERBYDESCsys_created_on',
    'javascript:gs.daysAgo(3)',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
);

const SYSPARMS = [
  'sysparm_query',
  'sysparm_fields',
  'sysparm_limit',
  'sysparm_offset',
  'sysparm_display_value',
  'sysparm_exclude_reference_link',
  'sysparm_suppress_pagination_header',
  'sysparm_view',
  'sysparm_query_category',
  'sysparm_query_no_domain',
  'sysparm_no_count',
  'sysparm_input_display_value',
  'sysparm_unknown',
];

/** A query string: sysparm_* (possibly repeated), name=value filters, raw broken escapes. */
const queryString = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...SYSPARMS), junk).map(([k, v]) => `${k}=${encodeURIComponent(safe(v))}`),
      fc
        .tuple(fc.constantFrom(...FIELDS, 'access_token', 'x'), junk)
        .map(([k, v]) => `${k}=${encodeURIComponent(safe(v))}`),
      fc.constantFrom(
        'sysparm_limit=%',
        'sysparm_query=%E0%A4%A',
        'sysparm_fields=%ZZ',
        '=',
        '&&',
        'sysparm_query',
        '%FF=%FE',
      ),
    ),
    { maxLength: 8 },
  )
  .map((parts) => (parts.length === 0 ? '' : `?${parts.join('&')}`));

/** encodeURIComponent throws on lone surrogates; replace them so the generator never throws. */
function safe(value: string): string {
  return value.replace(/[\uD800-\uDFFF]/g, '\uFFFD');
}

const pathSegment = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => encodeURIComponent(safe(s)) || 'x') },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%00', '..', '%2F', '%2e%2e', 'a%20b', '%C0%AF') },
  );

const AUTH = ['admin', 'itil.user', 'readonly.user', 'none', 'garbage', 'bearer', 'wrong'] as const;

const headerValue = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json;charset=UTF-8',
    '*/*',
    'text/html',
    'application/xml',
    'text/plain',
    'application/x-www-form-urlencoded',
    '',
    'true',
    'TRUE',
    'false',
    'GET',
    'DELETE',
    'PATCH',
    'BREW',
  ),
  // Header values must be visible ASCII (node:http refuses others before sending).
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
);

const body = fc.option(
  fc.oneof(
    fc.json().map((j) => Buffer.from(j)),
    fc
      .dictionary(
        fc.constantFrom(...FIELDS, 'impact', 'urgency', 'comments', 'work_notes', 'sys_created_by', 'password', 'x'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map((o) => Buffer.from(JSON.stringify(o))),
    fc
      .array(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), { maxLength: 3 })
      .map((a) => Buffer.from(JSON.stringify(a))),
    fc.string().map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    fc.constantFrom('{', '[', 'null', '"x"', '{"short_description":"\uD800"}', '\uFEFF{}').map((s) => Buffer.from(s)),
  ),
  { nil: undefined },
);

void describe('Table API fuzz (real emulator over HTTP)', () => {
  let emu: TestEmulator;
  let incidentId = '';
  const internalErrors: string[] = [];
  before(async () => {
    emu = await startEmulator({
      seed: { incidents: 40 },
      logger: { warn: () => undefined, error: (m) => void internalErrors.push(m) },
    });
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
      headers: { authorization: emu.basic() },
    });
    incidentId = ((await res.json()) as { result: { sys_id: string }[] }).result[0]?.sys_id ?? '';
    assert.match(incidentId, /^[0-9a-f]{32}$/);
  });
  after(() => emu.close());

  const authHeader = (who: (typeof AUTH)[number]): Record<string, string> => {
    switch (who) {
      case 'none':
        return {};
      case 'garbage':
        return { authorization: 'Basic %%%not-base64' };
      case 'bearer':
        return { authorization: 'Bearer not-a-token' };
      case 'wrong':
        return { authorization: emu.basic('admin', 'nope') };
      case 'admin':
      case 'itil.user':
      case 'readonly.user':
        return { authorization: emu.basic(who) };
    }
  };

  const requestArb = (): fc.Arbitrary<RawRequest> =>
    fc
      .record({
        method: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE') },
          { weight: 1, arbitrary: fc.constantFrom('OPTIONS', 'TRACE', 'BREW', 'PROPFIND', 'get') },
        ),
        version: fc.constantFrom('', 'v1/', 'v2/', 'v3/'),
        table: pathSegment(TABLES),
        sysId: fc.option(pathSegment([incidentId, 'f'.repeat(32), '0', '-1', '']), { nil: undefined }),
        trailingSlash: fc.boolean(),
        query: queryString,
        auth: fc.constantFrom(...AUTH),
        accept: fc.option(headerValue, { nil: undefined }),
        contentType: fc.option(headerValue, { nil: undefined }),
        noBody: fc.option(headerValue, { nil: undefined }),
        override: fc.option(headerValue, { freq: 8, nil: undefined }),
        body,
      })
      .map((r) => {
        const headers: Record<string, string> = { ...authHeader(r.auth) };
        if (r.accept !== undefined) headers['accept'] = r.accept;
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.noBody !== undefined) headers['x-no-response-body'] = r.noBody;
        if (r.override !== undefined) headers['x-http-method-override'] = r.override;
        const path =
          `/api/now/${r.version}table/${r.table}` +
          (r.sysId === undefined ? '' : `/${r.sysId}`) +
          (r.trailingSlash ? '/' : '') +
          r.query;
        // HEAD and TRACE must not carry a body on the wire (node:http would not send it correctly).
        const sendBody = r.body !== undefined && r.method !== 'HEAD' && r.method !== 'TRACE';
        const raw: RawRequest = { method: r.method, path, headers };
        return sendBody && r.body !== undefined ? { ...raw, body: r.body } : raw;
      });

  void it('huge limit/offset and malformed percent escapes are not 500s', async () => {
    const get = (path: string) => rawRequest(emu.url, { method: 'GET', path, headers: { authorization: emu.basic() } });
    for (const q of [
      'sysparm_limit=9223372036854776000',
      'sysparm_offset=1e300',
      'sysparm_offset=9223372036854775807',
    ]) {
      const res = await get(`/api/now/table/incident?${q}`);
      assert.equal(res.status, 200, `${q}: ${res.body.slice(0, 200)}`);
    }
    const huge = JSON.parse((await get('/api/now/table/incident?sysparm_offset=1e300')).body) as { result: unknown[] };
    assert.deepEqual(huge.result, [], 'an offset past the end is an empty page');
    assert.equal((await get('/api/now/table/incident/%')).status, 404);
    assert.equal((await get('/api/now/table/%E0%A4%A')).status, 400);
    assert.deepEqual(internalErrors, []);
  });

  void it('no request gets a 5xx, a stack trace or a malformed JSON body', async () => {
    const runs = fuzzRuns(400);
    let served = 0;
    await fc.assert(
      fc.asyncProperty(requestArb(), async (req) => {
        const res = await rawRequest(emu.url, req);
        served++;
        assert.ok(res.status < 500, `${res.status} for ${req.method} ${req.path}: ${res.body.slice(0, 300)}`);
        assert.doesNotMatch(res.body, STACK_FRAME, `stack trace for ${req.method} ${req.path}`);
        const type = String(res.headers['content-type'] ?? '');
        if (res.body !== '' && type.includes('json')) assert.doesNotThrow(() => JSON.parse(res.body), req.path);
      }),
      { numRuns: runs },
    );
    assert.equal(served, runs);
    assert.deepEqual(internalErrors, [], 'the emulator logged internal errors');
  });

  void it('the other surfaces (stats, attachments, batch, import sets, schema doc, OAuth): no 5xx either', async () => {
    const aggregateParams = [
      'sysparm_count',
      'sysparm_group_by',
      'sysparm_having',
      'sysparm_order_by',
      'sysparm_avg_fields',
      'sysparm_min_fields',
      'sysparm_max_fields',
      'sysparm_sum_fields',
      'sysparm_display_value',
      'sysparm_query',
      'sysparm_limit',
      'sysparm_offset',
      'table_name',
      'table_sys_id',
      'file_name',
      'grant_type',
      'client_id',
      'redirect_uri',
      'response_type',
      'state',
      'code_challenge',
      'token',
    ];
    const path = fc
      .tuple(
        fc.constantFrom(
          '/api/now/stats/{t}',
          '/api/now/v1/stats/{t}',
          '/api/now/attachment',
          '/api/now/attachment/{id}',
          '/api/now/attachment/{id}/file',
          '/api/now/attachment/file',
          '/api/now/attachment/upload',
          '/api/now/batch',
          '/api/now/v1/batch',
          '/api/now/import/{t}',
          '/api/now/import/{t}/insertMultiple',
          '/api/now/import/{t}/{id}',
          '/api/now/doc/table/schema',
          '/api/now/doc/table/schema/{t}',
          '/oauth_token.do',
          '/oauth_auth.do',
          '/login.do',
          '/oauth_revoke_token.do',
        ),
        pathSegment(TABLES),
        pathSegment([incidentId, 'f'.repeat(32), '']),
      )
      .map(([template, t, id]) => template.replace('{t}', t).replace('{id}', id));
    const query = fc
      .array(fc.tuple(fc.constantFrom(...aggregateParams), junk), { maxLength: 6 })
      .map((pairs) =>
        pairs.length === 0 ? '' : `?${new URLSearchParams(pairs.map(([k, v]) => [k, safe(v)])).toString()}`,
      );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        path,
        query,
        fc.constantFrom(...AUTH),
        fc.option(headerValue, { nil: undefined }),
        body,
        async (method, p, q, who, contentType, payload) => {
          const headers: Record<string, string> = { ...authHeader(who) };
          if (contentType !== undefined) headers['content-type'] = contentType;
          const req: RawRequest = { method, path: `${p}${q}`, headers };
          const res = await rawRequest(emu.url, payload !== undefined ? { ...req, body: payload } : req);
          assert.ok(res.status < 500, `${res.status} for ${method} ${p}${q}: ${res.body.slice(0, 300)}`);
          assert.doesNotMatch(res.body, STACK_FRAME);
        },
      ),
      { numRuns: fuzzRuns(400) },
    );
    assert.deepEqual(internalErrors, []);
  });

  void it('every parameter on a valid list request: 200 with a JSON result array (or v1 404), never a 5xx', async () => {
    const params = fc.dictionary(fc.constantFrom(...SYSPARMS), junk, { maxKeys: SYSPARMS.length });
    await fc.assert(
      fc.asyncProperty(params, fc.constantFrom('', 'v1/', 'v2/'), async (dict, version) => {
        const search = new URLSearchParams(Object.entries(dict).map(([k, v]) => [k, safe(v)]));
        const path = `/api/now/${version}table/incident?${search.toString()}`;
        const res = await rawRequest(emu.url, { method: 'GET', path, headers: { authorization: emu.basic() } });
        assert.ok(
          res.status === 200 || (version === 'v1/' && res.status === 404),
          `${res.status} ${path}: ${res.body.slice(0, 300)}`,
        );
        const parsed = JSON.parse(res.body) as { result?: unknown };
        if (res.status === 200) assert.ok(Array.isArray(parsed.result), path);
      }),
      { numRuns: fuzzRuns(300) },
    );
    assert.deepEqual(internalErrors, []);
  });
});
