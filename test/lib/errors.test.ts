import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InvalidTableError,
  ConfigError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  ServiceNowError,
  TimeoutError,
  TransactionTimeoutError,
  isServiceNowError,
} from '../../src/lib/index.js';
import { createRedactor } from '../../src/lib/internal/redact.js';

const envelope = (message: string, detail: string | null) =>
  JSON.stringify({ error: { message, detail }, status: 'failure' });
const from = (status: number, body: string, headers: Record<string, string> = {}) =>
  ApiError.fromResponse({
    status,
    headers: new Headers(headers),
    bodyText: body,
    method: 'GET',
    url: 'https://x.service-now.com/api/now/v2/table/incident?access_token=SECRET1',
    redactor: createRedactor(() => ['SECRET1', 'hunter2']),
    now: Date.parse('2026-01-01T00:00:00Z'),
  });

void describe('errors', () => {
  void it('maps statuses to classes and codes, parsing the envelope', () => {
    const e = from(404, envelope('No Record found', "Record doesn't exist or ACL restricts the record retrieval"));
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.code, 'SN_NOT_FOUND');
    assert.equal(e.serviceNowMessage, 'No Record found');
    assert.equal(e.detail, "Record doesn't exist or ACL restricts the record retrieval");
    const invalidTable = from(400, envelope('Invalid table x', null));
    assert.ok(invalidTable instanceof BadRequestError);
    assert.equal(invalidTable.code, 'SN_UNKNOWN_TABLE');
    assert.ok(invalidTable instanceof InvalidTableError);
    assert.equal(invalidTable.table, 'x');
    assert.equal(from(400, envelope('Invalid class cmdb_foo', null)).code, 'SN_UNKNOWN_CLASS');
    assert.equal(from(400, envelope('Invalid query', null)).code, 'SN_BAD_REQUEST');
    assert.ok(
      from(401, envelope('User Not Authenticated', 'Required to provide Auth information')) instanceof
        AuthenticationError,
    );
    assert.ok(from(403, envelope('Operation Failed', 'ACL Exception')) instanceof PermissionDeniedError);
    assert.ok(from(500, '<html>oops</html>') instanceof ServerError);
    assert.equal(from(502, '').code, 'SN_SERVER_ERROR');
    const tt = from(500, envelope('Transaction cancelled: maximum execution time exceeded', null));
    assert.ok(tt instanceof TransactionTimeoutError);
    assert.equal(tt.code, 'SN_TRANSACTION_TIMEOUT');
  });

  void it('RateLimitError carries retryAfterMs, limit and resetAt', () => {
    const e = from(429, envelope('Rate limit exceeded', 'x'), {
      'retry-after': '30',
      'x-ratelimit-limit': '100',
      'x-ratelimit-reset': '1767225700',
    });
    assert.ok(e instanceof RateLimitError);
    assert.equal(e.retryAfterMs, 30_000);
    assert.equal(e.limit, 100);
    assert.equal(e.resetAt?.getTime(), 1767225700_000);
  });

  void it('never shows secrets or the body in JSON, inspect or the message', () => {
    const body = envelope('bad hunter2', 'detail SECRET1');
    const e = from(400, body, { authorization: 'Basic Zm9vOmJhcg==' });
    const outputs = [JSON.stringify(e), inspect(e, { depth: 5 }), e.message, String(e.stack)];
    for (const out of outputs) {
      assert.ok(!out.includes('SECRET1'), out);
      assert.ok(!out.includes('hunter2'), out);
      assert.ok(!out.includes('Zm9vOmJhcg=='), out);
    }
    assert.ok(!JSON.stringify(e).includes('failure'), 'body is not serialised');
    assert.equal(typeof e.body, 'object');
    assert.ok(!Object.keys(e).includes('body'));
    assert.ok(!Object.keys(e).includes('response'));
  });

  void it('isServiceNowError works by code, across copies', () => {
    assert.ok(isServiceNowError(new ConfigError('x')));
    assert.ok(isServiceNowError(new TimeoutError('t')));
    const foreign = Object.assign(new Error('other copy'), { code: 'SN_NOT_FOUND' });
    assert.ok(isServiceNowError(foreign));
    assert.ok(!isServiceNowError(Object.assign(new Error('x'), { code: 'ENOENT' })));
    assert.ok(!isServiceNowError({ code: 'SN_X' }));
    const t = new TimeoutError('t');
    assert.ok(t instanceof ConnectionError && t instanceof ServiceNowError);
    assert.equal(t.code, 'SN_TIMEOUT');
  });

  void it('keeps the cause', () => {
    const cause = new Error('root');
    assert.equal(new ConnectionError('x', { cause }).cause, cause);
  });
});
