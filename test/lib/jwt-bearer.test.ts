import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  ConfigError,
  OAuthError,
  createClient,
  createJwtBearerAuth,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { registerJwtKey } from '../helpers/emulator.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

const CLIENT_ID = 'nowrest-demo';
const CLIENT_SECRET = 'nowrest-demo-secret';
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const registered = rsa();
const unregistered = rsa();
const pem = (k: ReturnType<typeof rsa>) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let emu: LibEmulator;
const clients: ServiceNowClient[] = [];

async function registerKey(): Promise<void> {
  await registerJwtKey(emu.url, {
    client_id: CLIENT_ID,
    kid: 'nowrest-key',
    public_key: registered.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
}

function client(privateKey: string, subject = 'itil.user'): ServiceNowClient {
  const auth = createJwtBearerAuth({
    connectionName: 'jwt',
    tokenUrl: `${emu.url}/oauth_token.do`,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    subject,
    privateKey,
    keyId: 'nowrest-key',
  });
  const sn = createClient({ name: 'jwt', baseUrl: emu.url, auth: { type: 'oauth2', clientId: CLIENT_ID } }, { auth });
  clients.push(sn);
  return sn;
}

const tokenRequests = async () => (await emu.requests()).filter((r) => r.path === '/oauth_token.do');

void describe('createJwtBearerAuth against the emulator', () => {
  before(async () => {
    emu = await startLibEmulator();
  });
  beforeEach(async () => {
    await emu.reset();
    await registerKey();
    await emu.clearRequests();
  });
  after(async () => {
    for (const sn of clients) await sn.close();
    await emu.close();
  });

  void it('signs an assertion, gets one token for parallel calls, and acts as the subject', async () => {
    const sn = client(pem(registered));
    const pages = await Promise.all(
      Array.from({ length: 5 }, () => sn.table('incident').list({ pageSize: 1, fields: ['number'] })),
    );
    assert.ok(pages.every((p) => p.records.length === 1));
    assert.equal((await tokenRequests()).length, 1, 'single-flight: one token request');
    // The subject's roles apply: itil.user cannot read the dictionary tables an admin can.
    const denied = await sn
      .table('sys_db_object')
      .list({ pageSize: 1 })
      .then(
        () => 'read',
        (e: unknown) => (e as { status?: number }).status,
      );
    assert.equal(denied, 403);
  });

  void it('after the access token is revoked on the server, a 401 makes it sign a new assertion once', async () => {
    const sn = client(pem(registered));
    await sn.table('incident').list({ pageSize: 1 });
    const expired = await fetch(`${emu.url}/__emulator/oauth/expire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'access' }),
    });
    assert.equal(expired.status, 200);
    const page = await sn.table('incident').list({ pageSize: 1 });
    assert.equal(page.records.length, 1);
    assert.equal((await tokenRequests()).length, 2);
  });

  void it('an unregistered key or unknown subject fails with an OAuthError that holds no secret', async () => {
    for (const sn of [client(pem(unregistered)), client(pem(registered), 'no.such.user')]) {
      const error = await sn
        .table('incident')
        .list({ pageSize: 1 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      assert.ok(error instanceof OAuthError, String(error));
      const shown = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
      for (const secret of [CLIENT_SECRET, pem(registered), pem(unregistered)]) assert.ok(!shown.includes(secret));
    }
  });

  void it("a connection with auth type 'jwt' builds the strategy itself", async () => {
    const sn = createClient({
      name: 'jwt-config',
      baseUrl: emu.url,
      auth: {
        type: 'jwt',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        subject: 'itil.user',
        privateKey: pem(registered),
        keyId: 'nowrest-key',
      },
    });
    clients.push(sn);
    assert.equal((await sn.table('incident').list({ pageSize: 1 })).records.length, 1);
    assert.equal((await tokenRequests()).length, 1);
    const missing = { type: 'jwt', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, privateKey: pem(registered) };
    assert.throws(
      () => createClient({ name: 'bad', baseUrl: emu.url, auth: { ...missing, subject: ' ' } as never }),
      (e: unknown) => e instanceof ConfigError && /JWT subject is empty/.test(e.message) && !e.message.includes('KEY'),
    );
  });

  void it('refuses unusable keys and missing options up front', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const base = {
      connectionName: 'x',
      tokenUrl: 'http://127.0.0.1:9/oauth_token.do',
      clientId: 'c',
      clientSecret: 's',
      subject: 'u',
    };
    assert.throws(() => createJwtBearerAuth({ ...base, privateKey: ec.toString() }), /not an RSA private key/);
    assert.throws(() => createJwtBearerAuth({ ...base, privateKey: 'not a key' }), ConfigError);
    assert.throws(
      () => createJwtBearerAuth({ ...base, privateKey: pem(registered).replace(/[A-Z]/, '') }),
      (e: unknown) => e instanceof ConfigError && !e.message.includes('PRIVATE KEY'),
    );
    assert.throws(() => createJwtBearerAuth({ ...base, subject: '', privateKey: pem(registered) }), /needs subject/);
  });
});
