import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { Agent } from 'undici';
import { ConnectionError, createClient, type ClientOptions } from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

const ADMIN = { type: 'basic', username: 'admin', password: 'admin' } as const;

/** A CA and a client certificate it signed. */
async function clientPki(cn: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = await generate([{ name: 'commonName', value: `${cn} CA` }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: cn }], {
    keySize: 2048,
    algorithm: 'sha256',
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { ca: ca.cert, cert: leaf.cert, key: leaf.private };
}

void describe('mutual TLS against the emulator', () => {
  let generated: LibEmulator;
  let serverCa: string;
  let cert: string;
  let key: string;
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    generated = await startLibEmulator({ tls: { requireClientCert: true } });
    const e = generated.emulator;
    assert.ok(e.caPath && e.clientCertPath && e.clientKeyPath);
    [serverCa, cert, key] = await Promise.all([
      readFile(e.caPath, 'utf8'),
      readFile(e.clientCertPath, 'utf8'),
      readFile(e.clientKeyPath, 'utf8'),
    ]);
  });
  after(async () => {
    for (const close of closers) await close();
    await generated.close();
  });

  const list = async (url: string, options: ClientOptions) => {
    const sn = createClient({ name: 'mtls', baseUrl: url, auth: ADMIN }, { maxRetries: 0, ...options });
    closers.push(() => sn.close());
    return sn.table('incident').list({ pageSize: 2, fields: ['number'] });
  };

  void it('the client certificate from the cert/key options opens the connection', async () => {
    const page = await list(generated.url, { ca: serverCa, cert, key });
    assert.equal(page.records.length, 2);
  });

  void it('without a client certificate, or with one from another CA, no request gets through', async () => {
    await assert.rejects(list(generated.url, { ca: serverCa }), ConnectionError);
    const stranger = await clientPki('stranger');
    await assert.rejects(
      list(generated.url, { ca: serverCa, cert: stranger.cert, key: stranger.key }),
      ConnectionError,
    );
  });

  void it('trusts a caller-supplied clientCa and nothing else', async () => {
    const mine = await clientPki('mine');
    const emu = await startLibEmulator({ tls: { requireClientCert: true, clientCa: mine.ca } });
    closers.push(() => emu.close());
    assert.equal(emu.emulator.clientCertPath, undefined, 'no generated client certificate');
    const ca = await readFile(emu.emulator.caPath!, 'utf8');
    assert.equal((await list(emu.url, { ca, cert: mine.cert, key: mine.key })).records.length, 2);
    await assert.rejects(list(emu.url, { ca, cert, key }), ConnectionError);
  });

  void it('a jwt connection gets its token over the same mutual-TLS connection pool', async () => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dispatcher = new Agent({ connect: { ca: serverCa, cert, key } });
    closers.push(() => dispatcher.close());
    const reg = await fetch(`${generated.url}/api/now/table/jwt_verifier_map`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        client_id: 'nowrest-demo',
        kid: 'k',
        public_key: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }),
      dispatcher,
    } as RequestInit);
    assert.equal(reg.status, 201);
    // A 'jwt' connection: its token requests go through the client's own pool, client certificate included.
    const sn = createClient(
      {
        name: 'mtls-jwt',
        baseUrl: generated.url,
        auth: {
          type: 'jwt',
          clientId: 'nowrest-demo',
          clientSecret: 'nowrest-demo-secret',
          subject: 'itil.user',
          privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          keyId: 'k',
        },
      },
      { ca: serverCa, cert, key },
    );
    closers.push(() => sn.close());
    const page = await sn.table('incident').list({ pageSize: 1 });
    assert.equal(page.records.length, 1);
  });
});
