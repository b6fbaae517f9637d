import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor } from '../../src/lib/internal/redact.js';

void describe('redaction', () => {
  const r = createRedactor(() => ['s3cr3t-pass', 'tok.abc']);

  void it('masks sensitive headers by name', () => {
    const h = r.headers(new Headers({ Authorization: 'Basic abc', 'X-Total-Count': '5', Cookie: 'JSESSIONID=1' }));
    assert.equal(h.authorization, '[REDACTED]');
    assert.equal(h.cookie, '[REDACTED]');
    assert.equal(h['x-total-count'], '5');
  });

  void it('masks token and password parameters in URLs and text', () => {
    const url = r.url(
      'https://u:p@x.service-now.com/api?access_token=abc&sysparm_limit=1&refresh_token=r&client_secret=c',
    );
    assert.ok(!url.includes('abc') && !url.includes('=r&') && !url.includes('=c'), url);
    assert.ok(!url.includes('u:p'), url);
    assert.ok(url.includes('sysparm_limit=1'));
    assert.equal(r.text('{"password":"x","user":"y"}'), '{"password":"[REDACTED]","user":"y"}');
    assert.equal(r.text('grant_type=password&password=hunter2'), 'grant_type=password&password=[REDACTED]');
  });

  void it('masks every string the auth strategy reports, also URL-encoded', () => {
    assert.equal(r.text('failed with s3cr3t-pass and tok.abc'), 'failed with [REDACTED] and [REDACTED]');
    const enc = createRedactor(() => ['a b&c']);
    assert.equal(enc.text('x=a%20b%26c'), 'x=[REDACTED]');
  });

  void it('reads secrets lazily, so a refreshed token is masked too', () => {
    let token = 'first-token';
    const lazy = createRedactor(() => [token]);
    token = 'second-token';
    assert.equal(lazy.text('second-token'), '[REDACTED]');
  });
});
