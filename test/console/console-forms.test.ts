import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builderSnippet, encodedQuery, readOperationsRequest } from '../../src/console/operations-query.js';
import { readConnectionForm, validateConnectionForm, withOAuthDefaults } from '../../src/console/connection-form.js';
import { cliCommand } from '../../src/console/routes/operations.js';
import { createOAuthFlows } from '../../src/console/oauth-flows.js';

function request(query: string) {
  const params = new URLSearchParams(query);
  return readOperationsRequest(
    (n) => params.get(n) ?? undefined,
    (n) => params.getAll(n),
  );
}

void test('filter rows become an encoded query through the library builder, values escaped', () => {
  const req = request(
    'table=incident&run=1&join=and&f_field=active&f_op=is&f_value=true&join=or&f_field=short_description&f_op=contains&f_value=a^b' +
      '&join=and&f_field=priority&f_op=in&f_value=1, 2&join=and&f_field=&f_op=is&f_value=&sort=number&dir=desc',
  );
  assert.equal(req.filters.length, 3, 'the empty row is ignored');
  assert.equal(encodedQuery(req), 'active=true^ORshort_descriptionLIKEa^^b^priorityIN1,2^ORDERBYDESCnumber');
  assert.equal(
    builderSnippet(req),
    'query().where("active").is("true").or("short_description").contains("a^b").and("priority").in(["1","2"]).orderByDesc("number")',
  );
});

void test('a typed encoded query replaces the rows and keeps the sort; bad paging input falls back', () => {
  const req = request(
    'table=incident&encoded=active=true^priority<=2&f_field=state&f_op=is&f_value=1&sort=number&page=-3&size=abc',
  );
  assert.equal(encodedQuery(req), 'active=true^priority<=2^ORDERBYnumber');
  assert.equal(req.page, 1);
  assert.equal(req.pageSize, 20);
});

void test('an invalid field name is refused by the builder instead of being sent', () => {
  const req = request('table=incident&f_field=active^ORDERBYx&f_op=is&f_value=1');
  assert.throws(
    () => encodedQuery(req),
    (err: Error & { code?: string }) => err.code === 'SN_CONFIG',
  );
});

void test('the CLI command quotes for the shell', () => {
  const req = request(
    "table=incident&fields=number&display=all&size=10&page=2&f_field=short_description&f_op=is&f_value=it's",
  );
  const q = encodedQuery(req);
  assert.equal(
    cliCommand({ name: 'dev', baseUrl: 'https://x.service-now.com', auth: 'basic' }, req, q),
    `nowrest query incident -c dev --query 'short_description=it'\\''s' --fields number --display-value all --page-size 10 --max 20`,
  );
});

void test('validation follows the auth type and uses the library messages', () => {
  const basic = readConnectionForm({ name: 'dev', baseUrl: 'dev1.service-now.com', auth: 'basic', username: '' });
  const errors = validateConnectionForm(basic, { password: false, clientSecret: false });
  assert.match(errors.baseUrl ?? '', /The base URL has no scheme\. Start it with https:\/\//);
  assert.match(errors.username ?? '', /user name is empty/);
  assert.match(errors.password ?? '', /password is missing/);
  assert.equal(errors.clientId, undefined);

  const stored = validateConnectionForm(
    readConnectionForm({ name: 'dev', baseUrl: 'https://dev1.service-now.com', auth: 'basic', username: 'admin' }),
    { password: true, clientSecret: false },
  );
  assert.deepEqual(stored, {}, 'a stored password satisfies the requirement');

  const oauth = withOAuthDefaults(
    readConnectionForm({ name: 'bad name!', baseUrl: 'https://dev1.service-now.com/api/now/v2', auth: 'oauth2' }),
  );
  assert.equal(oauth.authUrl, 'https://dev1.service-now.com/oauth_auth.do');
  assert.equal(oauth.tokenUrl, 'https://dev1.service-now.com/oauth_token.do');
  const oauthErrors = validateConnectionForm(oauth, { password: false, clientSecret: false });
  assert.deepEqual(Object.keys(oauthErrors).sort(), ['clientId', 'clientSecret', 'name']);
});

void test('an OAuth flow can be found by its state only until it expires', () => {
  let now = 1_000;
  const flows = createOAuthFlows(() => now);
  const flow = flows.begin({
    connection: 'dev',
    state: 's1',
    codeVerifier: 'v',
    redirectUri: 'http://127.0.0.1:1/oauth/callback',
  });
  assert.equal(flows.byState('s1')?.id, flow.id);
  assert.equal(flows.byState('s2'), undefined);
  now += 11 * 60 * 1000;
  assert.equal(flows.byState('s1'), undefined);
  assert.equal(flows.byId(flow.id), undefined);
});
