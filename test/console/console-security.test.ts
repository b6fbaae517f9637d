import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../../src/console/server.js';

/** A raw HTTP GET with a chosen Host header (fetch does not let callers set Host). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

void describe('console security', () => {
  let server: RunningConsole;
  let dir: string;
  let cookie: string;
  let csrf: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nowrest-console-sec-'));
    server = await startConsole({ configDir: dir, masterKey: 'console-security-test-key' });
    const res = await fetch(server.url, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/');
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    cookie = setCookie.split(';')[0] ?? '';
    const home = await fetch(`${server.origin}/`, { headers: { cookie } });
    const page = await home.text();
    csrf = /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '';
    assert.notEqual(csrf, '');
  });

  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  void test('binds to 127.0.0.1 and puts a session token in the URL', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    assert.equal(server.origin, `http://127.0.0.1:${server.port}`);
  });

  void test('a request without the session cookie gets the 401 page pointing at the terminal URL', async () => {
    const res = await fetch(`${server.origin}/`);
    assert.equal(res.status, 401);
    assert.match(await res.text(), /URL printed in the terminal/);
  });

  void test('a wrong token does not open a session', async () => {
    const res = await fetch(`${server.origin}/?token=not-the-token`, { redirect: 'manual' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
  });

  void test('pages carry the security headers', async () => {
    const res = await fetch(`${server.origin}/`, { headers: { cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /unsafe-inline/);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.doesNotMatch(await res.text(), /<script>/);
  });

  void test('a foreign Host header is refused even with a valid session token', async () => {
    const evil = await getWithHost(server.url, 'evil.example');
    assert.equal(evil.status, 421);
    const wrongPort = await getWithHost(server.url, `127.0.0.1:${server.port + 1}`);
    assert.equal(wrongPort.status, 421);
    const localhost = await getWithHost(`${server.origin}/static/console.css`, `localhost:${server.port}`);
    assert.equal(localhost.status, 200);
  });

  const form = (fields: Record<string, string>): URLSearchParams =>
    new URLSearchParams({
      name: 'sec',
      baseUrl: 'http://127.0.0.1:9/api/now/v2',
      auth: 'basic',
      username: 'u',
      ...fields,
    });

  void test('a state-changing request without the CSRF token is refused', async () => {
    const res = await fetch(`${server.origin}/connections`, { method: 'POST', headers: { cookie }, body: form({}) });
    assert.equal(res.status, 403);
    assert.match(await res.text(), /CSRF/);
    const list = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
    assert.doesNotMatch(list, /data-connection="sec"/);
  });

  void test('a wrong CSRF token or a foreign Origin is refused', async () => {
    const wrong = await fetch(`${server.origin}/connections`, {
      method: 'POST',
      headers: { cookie },
      body: form({ _csrf: `${csrf}x` }),
    });
    assert.equal(wrong.status, 403);
    const foreign = await fetch(`${server.origin}/connections`, {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.example' },
      body: form({ _csrf: csrf }),
    });
    assert.equal(foreign.status, 403);
    const crossSite = await fetch(`${server.origin}/connections`, {
      method: 'POST',
      headers: { cookie, origin: 'null', 'sec-fetch-site': 'cross-site' },
      body: form({ _csrf: csrf }),
    });
    assert.equal(crossSite.status, 403);
  });

  void test('a state-changing request without the session cookie is refused before anything else', async () => {
    const res = await fetch(`${server.origin}/connections`, { method: 'POST', body: form({ _csrf: csrf }) });
    assert.equal(res.status, 401);
  });

  void test('with session and CSRF token a connection is saved, and its password never comes back', async () => {
    const password = 'pw-canary-7f3a9c';
    const res = await fetch(`${server.origin}/connections`, {
      method: 'POST',
      headers: { cookie, origin: server.origin },
      body: form({ _csrf: csrf, password }),
      redirect: 'manual',
    });
    assert.equal(res.status, 303);
    const edit = await fetch(new URL(res.headers.get('location') ?? '', server.origin), { headers: { cookie } });
    const page = await edit.text();
    assert.equal(edit.status, 200);
    assert.match(page, /Connection sec/);
    assert.doesNotMatch(page, new RegExp(password));
  });
});
