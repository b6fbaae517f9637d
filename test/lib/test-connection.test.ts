import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AUTHORIZATION_REMEDY,
  ReauthenticationRequiredError,
  testConnection,
  type AuthStrategy,
  type TestConnectionReport,
} from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let html: Server;
let htmlUrl: string;
let jsonNoResult: Server;
let jsonNoResultUrl: string;

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const statuses = (r: TestConnectionReport): string => r.stages.map((s) => `${s.stage}:${s.status}`).join(' ');
const basic = (baseUrl: string, username: string, password: string) =>
  ({ name: 't', baseUrl, auth: { type: 'basic', username, password } }) as const;

void describe('Test Connection stages', () => {
  before(async () => {
    emu = await startLibEmulator();
    html = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Your instance is hibernating. Sign in to wake it.</body></html>');
    });
    htmlUrl = await listen(html);
    jsonNoResult = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    });
    jsonNoResultUrl = await listen(jsonNoResult);
  });
  after(async () => {
    await emu.close();
    html.close();
    jsonNoResult.close();
  });

  void it('admin passes every stage', async () => {
    const r = await testConnection(basic(emu.baseUrl(), 'admin', 'admin'));
    assert.equal(r.ok, true, statuses(r));
    assert.equal(statuses(r), 'url:pass network:pass servicenow:pass authentication:pass authorization:pass');
  });

  void it('a bad URL fails stage 1 with a remedy and skips the rest', async () => {
    const r = await testConnection(basic('dev8954.service-now.com/api/now/v2', 'admin', 'admin'));
    assert.equal(
      statuses(r),
      'url:fail network:skipped servicenow:skipped authentication:skipped authorization:skipped',
    );
    assert.match(r.stages[0]?.remedy ?? '', /https:\/\//);
    const path = await testConnection(basic('https://dev8954.service-now.com/now/nav/ui', 'admin', 'admin'));
    assert.match(path.stages[0]?.remedy ?? '', /instance root/);
  });

  void it('a closed port fails the network stage', async () => {
    const probe = createServer();
    const url = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await testConnection(basic(`${url}/api/now/v2`, 'admin', 'admin'));
    assert.equal(statuses(r), 'url:pass network:fail servicenow:skipped authentication:skipped authorization:skipped');
    assert.match(r.stages[1]?.summary ?? '', /refused/);
    assert.match(r.stages[1]?.remedy ?? '', /proxy/);
  });

  void it('an HTML page fails the ServiceNow stage with "wake the instance"', async () => {
    const r = await testConnection(basic(`${htmlUrl}/api/now/v2`, 'admin', 'admin'));
    assert.equal(statuses(r), 'url:pass network:pass servicenow:fail authentication:skipped authorization:skipped');
    assert.match(r.stages[2]?.remedy ?? '', /wake the instance/);
    const j = await testConnection(basic(`${jsonNoResultUrl}/api/now/v2`, 'admin', 'admin'));
    assert.equal(j.stages[2]?.status, 'fail');
  });

  void it('a wrong password fails authentication (401)', async () => {
    const r = await testConnection(basic(emu.baseUrl(), 'admin', 'not-the-password'));
    assert.equal(statuses(r), 'url:pass network:pass servicenow:pass authentication:fail authorization:skipped');
    assert.match(r.stages[3]?.remedy ?? '', /user name and password/);
    assert.ok(!JSON.stringify(r).includes('not-the-password'));
  });

  void it('itil.user is refused sys_db_object (403) and told which roles to ask for', async () => {
    const r = await testConnection(basic(emu.baseUrl(), 'itil.user', 'itil'));
    assert.equal(statuses(r), 'url:pass network:pass servicenow:pass authentication:pass authorization:fail');
    assert.equal(r.stages[4]?.remedy, AUTHORIZATION_REMEDY);
    assert.match(AUTHORIZATION_REMEDY, /snc_platform_rest_api_access/);
  });
});

void describe('Test Connection over TLS', () => {
  void it('an untrusted certificate fails the network stage; the ca option fixes it', async () => {
    const { readFile } = await import('node:fs/promises');
    const tls = await startLibEmulator({ tls: true });
    try {
      const conn = basic(tls.baseUrl(), 'admin', 'admin');
      const r = await testConnection(conn);
      assert.equal(
        statuses(r),
        'url:pass network:fail servicenow:skipped authentication:skipped authorization:skipped',
      );
      assert.match(r.stages[1]?.summary ?? '', /certificate/);
      assert.match(r.stages[1]?.remedy ?? '', /ca option/);
      const ca = await readFile(tls.emulator.caPath!, 'utf8');
      const trusted = await testConnection(conn, { ca });
      assert.equal(trusted.ok, true, statuses(trusted));
    } finally {
      await tls.close();
    }
  });
});

void describe('Test Connection with OAuth failures', () => {
  void it('a refused refresh token fails authentication with "sign in again"', async () => {
    const emu2 = await startLibEmulator();
    try {
      const auth: AuthStrategy = {
        kind: 'oauth2',
        authorize: () =>
          Promise.reject(new ReauthenticationRequiredError('refresh token expired', { oauthError: 'server_error' })),
        secrets: () => [],
      };
      const r = await testConnection(
        { name: 'o', baseUrl: emu2.baseUrl(), auth: { type: 'oauth2', clientId: 'abc' } },
        { auth },
      );
      assert.equal(statuses(r), 'url:pass network:pass servicenow:pass authentication:fail authorization:skipped');
      assert.match(r.stages[3]?.remedy ?? '', /Sign in again: `nowrest oauth generate o`/);
    } finally {
      await emu2.close();
    }
  });
});
