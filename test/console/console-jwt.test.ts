import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openVault } from '../../src/lib/auth/vault.js';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { registerJwtKey, startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';

const CLIENT_ID = 'nowrest-jwt-console';
const KID = 'console-key';
const MASTER_KEY = CANARIES.masterKey;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
/** Every base64 line of both keys: none may ever appear in a page. */
const fragments = [pem, ecPem].flatMap((k) => k.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')));

void describe('console editor: JWT bearer connections', () => {
  let emulator: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let cookie: string;
  let csrf: string;
  const pages: string[] = [];

  const page = async (path: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${server.origin}${path}`, { headers: { cookie } });
    const text = await res.text();
    pages.push(text);
    return { status: res.status, text };
  };
  const post = async (path: string, fields: Record<string, string>): Promise<Response> => {
    const res = await fetch(`${server.origin}${path}`, {
      method: 'POST',
      headers: { cookie, origin: server.origin },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
      redirect: 'manual',
    });
    return res;
  };
  const jwtForm = (fields: Record<string, string> = {}) => ({
    name: 'cj',
    baseUrl: emulator.url,
    auth: 'jwt',
    clientId: CLIENT_ID,
    clientSecret: CANARIES.clientSecret,
    subject: 'admin',
    keyId: KID,
    privateKey: pem,
    ...fields,
  });

  before(async () => {
    emulator = await startEmulator();
    await emulator.control('oauth/apps', { client_id: CLIENT_ID, client_secret: CANARIES.clientSecret });
    const publicKey = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await registerJwtKey(emulator.url, { client_id: CLIENT_ID, kid: KID, public_key: publicKey });

    dir = await mkdtemp(join(tmpdir(), 'nowrest-console-jwt-'));
    server = await startConsole({ configDir: dir, masterKey: MASTER_KEY });
    const res = await fetch(server.url, { redirect: 'manual' });
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const home = await page('/');
    csrf = /name="csrf-token" content="([^"]+)"/.exec(home.text)?.[1] ?? '';
    assert.notEqual(csrf, '');
  });
  after(async () => {
    await server.close();
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('the editor offers JWT bearer with subject, key id and a private-key dialog', async () => {
    const { status, text } = await page('/connections/new');
    assert.equal(status, 200);
    assert.match(text, /<option value="jwt"\s*>JWT bearer<\/option>/);
    assert.match(text, /id="tab-jwt"/);
    assert.match(text, /<input[^>]*id="subject"[^>]*data-required-for="jwt"/s);
    assert.match(text, /<textarea[^>]*id="privateKey"/s);
    assert.match(text, /data-secret-state="privateKey"[^>]*>not set</);
  });

  void it('saves a JWT connection: key and secret go to the vault only, and Test Connection passes', async () => {
    const saved = await post('/connections', jwtForm());
    assert.equal(saved.status, 303, await saved.text());
    assert.match(saved.headers.get('location') ?? '', /\/connections\/cj\/edit\?notice=created/);
    const edit = await page('/connections/cj/edit');
    assert.equal(edit.status, 200);
    assert.match(edit.text, /<option value="jwt"\s+selected>/);
    assert.match(edit.text, /data-secret-state="privateKey"[^>]*>set</);
    assert.match(edit.text, /id="subject"[^>]*value="admin"/s);

    const stored = await openVault({ dir: join(dir, 'vault'), masterKey: MASTER_KEY });
    const secrets = await stored.get('cj');
    assert.equal(secrets.privateKey?.trim(), pem.trim());
    assert.equal(secrets.clientSecret, CANARIES.clientSecret);
    const profiles = await readFile(join(dir, 'connections.json'), 'utf8');
    assert.deepEqual(JSON.parse(profiles).connections.cj, {
      baseUrl: emulator.url,
      auth: 'jwt',
      clientId: CLIENT_ID,
      tokenUrl: `${emulator.url}/oauth_token.do`,
      subject: 'admin',
      keyId: KID,
    });

    const tested = await post('/connections/cj/test', {});
    assert.equal(tested.status, 303);
    const result = await page('/connections/cj/edit');
    assert.match(result.text, /Test Connection:\s*<span class="status-ok">✓ passed/);
    const list = await page('/');
    assert.match(list.text, /<td>JWT bearer<\/td>/);
  });

  void it('an edit without a new key keeps the stored one; the subject changes', async () => {
    const { privateKey: _key, clientSecret: _secret, ...rest } = jwtForm({ subject: 'itil.user' });
    const saved = await post('/connections/cj', rest);
    assert.equal(saved.status, 303, await saved.text());
    const secrets = await (await openVault({ dir: join(dir, 'vault'), masterKey: MASTER_KEY })).get('cj');
    assert.equal(secrets.privateKey?.trim(), pem.trim());
    assert.equal(JSON.parse(await readFile(join(dir, 'connections.json'), 'utf8')).connections.cj.subject, 'itil.user');
  });

  void it('refuses a key that is not an RSA private key, and a missing subject, without echoing the key', async () => {
    const junk = `junk-${randomBytes(8).toString('hex')}`;
    const cases: [Record<string, string>, RegExp][] = [
      [{ name: 'bad1', privateKey: junk }, /not a readable private key/],
      [{ name: 'bad2', privateKey: ecPem }, /not an RSA private key/],
      [{ name: 'bad3', subject: '' }, /JWT subject is empty/],
      [{ name: 'bad4', privateKey: '' }, /private key is not set/],
    ];
    for (const [fields, message] of cases) {
      const res = await post('/connections', jwtForm(fields));
      const text = await res.text();
      pages.push(text);
      assert.equal(res.status, 400, `${fields['name']}`);
      assert.match(text, message);
      assert.ok(!text.includes(junk), 'the rejected value is not echoed');
      assert.match(text, /aria-selected="true"[^>]*>\s*JWT bearer|id="tab-jwt"[^>]*aria-selected="true"/s);
    }
    const list = await page('/');
    assert.doesNotMatch(list.text, /bad[1-4]/);
  });

  void it('no page holds the client secret or a fragment of a key', () => {
    assert.ok(pages.length >= 8);
    for (const text of pages) {
      assert.ok(!text.includes(CANARIES.clientSecret));
      for (const fragment of fragments) assert.ok(!text.includes(fragment));
    }
  });
});
