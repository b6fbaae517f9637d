// Issue 7, item 6, as properties over generated inputs (the fixed cases live in test/emulator/oauth.test.ts,
// test/lib/oauth-integration.test.ts and test/console/console-security.test.ts):
// - the emulator's demo apps (confidential and public) never accept a non-loopback redirect_uri;
// - a replayed authorization code and a wrong PKCE verifier are refused for the public demo app;
// - the console refuses every foreign Host header and every state-changing request without its CSRF token.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { signInWithBrowser } from '../lib/oauth-browser.js';
import { fuzzRuns, rawRequest } from './fuzz-http.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** redirect_uri candidates: loopback ones, look-alikes, and arbitrary URLs and strings. */
const redirectUri = fc.oneof(
  fc.constantFrom(
    'https://evil.example/callback',
    'http://127.0.0.1.evil.example/cb',
    'http://127.0.0.1@evil.example/cb',
    'http://evil.example@127.0.0.1/cb',
    'http://localhost.evil.example/',
    'http://evil.example/http://127.0.0.1/',
    'https://evil.example/?r=http://127.0.0.1/',
    '//evil.example/cb',
    '/relative/cb',
    'javascript:alert(1)//http://127.0.0.1/',
    'data:text/html,<script>alert(1)</script>',
    'http://127.0.0.1:1/cb#http://evil.example',
    'http://2130706433/cb',
    'http://0x7f.0.0.1/cb',
    'http://127.1/cb',
    'http://[::ffff:127.0.0.1]/cb',
    'HTTP://127.0.0.1/cb',
    'http://127.0.0.1\\@evil.example/',
    'http://127.0.0.1%2f@evil.example/',
    'http://127.0.0.1:45678/callback',
    'http://localhost:65000/cb/deep?q=1',
  ),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'HTTP://', ''),
      fc.constantFrom('127.0.0.1', 'localhost', 'LocalHost', '127.0.0.1.', 'evil.example'),
      fc.string({ maxLength: 15 }),
    )
    .map(([scheme, host, rest]) => `${scheme}${host}${rest}`),
);

/** True when a browser sent to `uri` would land on this machine's loopback interface over http. */
function landsOnLoopback(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.username === '' && url.password === '';
}

void describe('emulator OAuth demo apps', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startEmulator({ seed: false });
  });
  after(() => emu.close());

  const authorize = (params: Record<string, string>) =>
    rawRequest(emu.url, {
      method: 'GET',
      path: `/oauth_auth.do?${new URLSearchParams({ response_type: 'code', state: 's', ...params }).toString()}`,
      headers: {},
    });

  void it('never accept a redirect_uri that does not land on http loopback, for either demo app', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(redirectUri, fc.constantFrom('nowrest-demo', 'nowrest-demo-public'), async (uri, clientId) => {
        const pkce =
          clientId === 'nowrest-demo-public' ? { code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' } : {};
        const res = await authorize({ client_id: clientId, redirect_uri: uri, ...pkce });
        const location = res.headers['location'];
        if (res.status === 400) {
          assert.equal(location, undefined, `${uri}: an error page, never a redirect`);
          assert.match(res.body, /Invalid redirect_uri/);
          return;
        }
        assert.equal(res.status, 200, `${uri}: ${res.status} ${res.body.slice(0, 200)}`);
        assert.ok(landsOnLoopback(uri), `${clientId} accepted a non-loopback redirect_uri ${JSON.stringify(uri)}`);
        accepted++;
      }),
      { numRuns: fuzzRuns(300) },
    );
    assert.ok(accepted > 0, 'some loopback URIs were generated and accepted');
  });

  void it('public demo app: a wrong PKCE verifier and a replayed code are refused', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirect = 'http://127.0.0.1:45678/callback';
    const signIn = async (): Promise<string> => {
      const url = `${emu.url}/oauth_auth.do?${new URLSearchParams({
        response_type: 'code',
        client_id: 'nowrest-demo-public',
        redirect_uri: redirect,
        state: 'st',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString()}`;
      const { location } = await signInWithBrowser(url);
      return new URL(location).searchParams.get('code') ?? '';
    };
    const exchange = async (code: string, codeVerifier: string) => {
      const res = await fetch(`${emu.url}/oauth_token.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirect,
          code_verifier: codeVerifier,
          client_id: 'nowrest-demo-public',
        }).toString(),
      });
      return { status: res.status, body: await res.text() };
    };
    const first = await signIn();
    for (const wrong of [`${verifier}x`, verifier.slice(1), challenge, '']) {
      const res = await exchange(first, wrong);
      assert.equal(res.status, 401, `verifier ${JSON.stringify(wrong)}`);
      assert.doesNotMatch(res.body, /access_token/);
    }
    const second = await signIn();
    const ok = await exchange(second, verifier);
    assert.equal(ok.status, 200, ok.body);
    assert.match(ok.body, /access_token/);
    const replay = await exchange(second, verifier);
    assert.equal(replay.status, 401, 'a replayed code');
    assert.doesNotMatch(replay.body, /access_token/);
  });
});

void describe('console: Host header and CSRF', () => {
  let server: RunningConsole;
  let dir: string;
  let cookie: string;
  let csrf: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nowrest-sec-rejections-'));
    server = await startConsole({ configDir: dir, masterKey: 'security-rejections-key' });
    const opened = await fetch(server.url, { redirect: 'manual' });
    cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const home = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
    csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? '';
    assert.notEqual(csrf, '');
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const hostHeader = fc.oneof(
    // No empty value: node:http then sends its own Host header.
    fc.constantFrom('evil.example', '127.0.0.1', 'localhost', '127.0.0.1:80', '[::1]', '127.0.0.1.nip.io', ' '),
    fc.domain(),
    fc
      .tuple(
        fc.constantFrom('127.0.0.1', 'localhost', 'LOCALHOST', 'evil.example', '0.0.0.0', '127.0.0.2'),
        fc.integer({ min: 0, max: 65535 }),
      )
      .map(([h, p]) => `${h}:${p}`),
  );

  void it('answers 421 to every Host header but 127.0.0.1:<port> and localhost:<port>', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        hostHeader,
        fc.constantFrom('/', '/connections/new', '/static/console.css', '/nope'),
        async (host, path) => {
          const res = await rawRequest(server.origin, { method: 'GET', path, headers: { host, cookie } });
          const allowed =
            host.toLowerCase() === `127.0.0.1:${server.port}` || host.toLowerCase() === `localhost:${server.port}`;
          if (allowed) assert.notEqual(res.status, 421, host);
          else {
            assert.equal(res.status, 421, `Host ${JSON.stringify(host)} got ${res.status}`);
            refused++;
          }
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
    assert.ok(refused > 0);
  });

  const statePaths = [
    '/connections',
    '/connections/x',
    '/connections/x/delete',
    '/connections/x/test',
    '/connections/x/oauth/start',
    '/connections/x/oauth/reset',
    '/connections/x/tables/incident/records',
    '/connections/x/tables/incident/records/0123456789abcdef0123456789abcdef',
    '/connections/x/tables/incident/records/0123456789abcdef0123456789abcdef/delete',
    '/nope',
  ];

  void it('refuses every state-changing request without the CSRF token (403), and nothing changes', async () => {
    const body = fc.dictionary(
      fc.constantFrom('name', 'baseUrl', 'auth', 'username', 'password', '_csrf', 'x'),
      fc.oneof(
        fc.constantFrom('x', 'http://127.0.0.1:9', 'basic', csrf.slice(0, -1), `${csrf}x`, ''),
        fc.string({ maxLength: 20 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.constantFrom(...statePaths),
        body,
        fc.constantFrom(undefined, server.origin, 'null', 'http://evil.example'),
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json',
          'text/plain',
        ),
        async (method, path, fields, origin, type) => {
          const headers: Record<string, string> = { cookie, 'content-type': type };
          if (origin !== undefined) headers['origin'] = origin;
          const res = await rawRequest(server.origin, {
            method,
            path,
            headers,
            body: Buffer.from(new URLSearchParams(fields).toString()),
          });
          assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(fields)}: ${res.status}`);
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
    const list = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
    assert.doesNotMatch(list, /data-connection=/, 'no connection was created');
  });
});
