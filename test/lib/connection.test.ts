import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, normalizeBaseUrl, normalizeConnection } from '../../src/lib/index.js';

void describe('base URL normalisation', () => {
  const ok: [string, string, string, string][] = [
    [
      'https://dev8954.service-now.com/api/now/v2',
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com/api/now/v2',
      'v2',
    ],
    [
      'https://dev8954.service-now.com/api/now/v2/',
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com/api/now/v2',
      'v2',
    ],
    [
      'https://dev8954.service-now.com/api/now/v1',
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com/api/now/v1',
      'v1',
    ],
    [
      'https://dev8954.service-now.com/api/now',
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com/api/now',
      'latest',
    ],
    [
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com',
      'https://dev8954.service-now.com/api/now/v2',
      'v2',
    ],
    ['  https://itsm.example.org/  ', 'https://itsm.example.org', 'https://itsm.example.org/api/now/v2', 'v2'],
    [
      'https://gw.example.org:8443/sn/api/now/v2',
      'https://gw.example.org:8443/sn',
      'https://gw.example.org:8443/sn/api/now/v2',
      'v2',
    ],
    ['http://127.0.0.1:5050/api/now/v2', 'http://127.0.0.1:5050', 'http://127.0.0.1:5050/api/now/v2', 'v2'],
  ];
  for (const [input, instanceUrl, apiBase, version] of ok) {
    void it(`accepts ${input.trim()}`, () => {
      const n = normalizeBaseUrl(input);
      assert.deepEqual([n.instanceUrl, n.apiBase, n.version], [instanceUrl, apiBase, version]);
    });
  }

  void it('says so when it adds the API path', () => {
    assert.match(normalizeBaseUrl('https://dev1.service-now.com').notes.join(' '), /api\/now\/v2/);
    assert.match(normalizeBaseUrl('http://sn.example.org').notes.join(' '), /plain http/);
    assert.deepEqual(normalizeBaseUrl('http://localhost:1/api/now/v2').notes, []);
  });

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['dev8954.service-now.com/api/now/v2', /https:\/\/dev8954\.service-now\.com/],
    ['ftp://dev8954.service-now.com', /https/],
    ['https://dev8954.service-now.com/now/nav/ui', /instance root/],
    ['https://dev8954.service-now.com/api/now/v2?x=1', /query string/],
    ['https://dev8954.service-now.com/api/now/v2#top', /fragment/],
    ['https://dev8954.service-now.com/api/now/v3', /v3/],
    ['https://', /valid URL/],
  ];
  for (const [input, message] of bad) {
    void it(`rejects ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => normalizeBaseUrl(input),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      );
    });
  }

  void it('rejects embedded credentials without echoing the password', () => {
    assert.throws(
      () => normalizeBaseUrl('https://admin:Sup3rS3cret@dev1.service-now.com/api/now/v2'),
      (e: unknown) =>
        e instanceof ConfigError &&
        /password field|password in their own/.test(e.message) &&
        !e.message.includes('Sup3rS3cret'),
    );
  });
});

void describe('connection validation', () => {
  const baseUrl = 'https://dev1.service-now.com/api/now/v2';
  void it('requires a user name and password for basic', () => {
    assert.throws(
      () => normalizeConnection({ name: 'x', baseUrl, auth: { type: 'basic', username: ' ', password: 'p' } }),
      /user name/,
    );
    assert.throws(
      () => normalizeConnection({ name: 'x', baseUrl, auth: { type: 'basic', username: 'u', password: '' } }),
      /password/,
    );
  });
  void it('requires a client id for oauth2', () => {
    assert.throws(
      () => normalizeConnection({ name: 'x', baseUrl, auth: { type: 'oauth2', clientId: '' } }),
      /client ID/,
    );
  });
  void it('normalises a good connection', () => {
    const c = normalizeConnection({ name: 'dev', baseUrl, auth: { type: 'basic', username: 'u', password: 'p' } });
    assert.equal(c.name, 'dev');
    assert.equal(c.apiBase, baseUrl);
  });
});
