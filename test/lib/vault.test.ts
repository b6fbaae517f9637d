import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TokenStoreError } from '../../src/lib/errors/index.js';
import { MemoryTokenStore } from '../../src/lib/auth/token-store.js';
import { openVault } from '../../src/lib/auth/vault.js';

const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
const SECRET = `cs-${randomBytes(8).toString('hex')}`;
const tokens = {
  accessToken: `at-${randomBytes(8).toString('hex')}`,
  refreshToken: 'rt-x',
  expiresAt: 1_900_000_000_000,
  tokenType: 'Bearer',
};

let root: string;
let n = 0;
const freshDir = (): string => join(root, `v${++n}`);

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'nowrest-vault-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

void describe('MemoryTokenStore', () => {
  void it('saves, loads copies and clears per connection', async () => {
    const store = new MemoryTokenStore();
    assert.equal(await store.load('a'), undefined);
    await store.save('a', tokens);
    const loaded = await store.load('a');
    assert.deepEqual(loaded, tokens);
    assert.notEqual(loaded, tokens);
    assert.equal(await store.load('b'), undefined);
    await store.clear('a');
    assert.equal(await store.load('a'), undefined);
  });
});

void describe('vault', () => {
  void it('round-trips and merges secrets, files are private and hold no plaintext', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    assert.deepEqual(await vault.get('dev'), {});
    await vault.set('dev', { password: PASSWORD });
    await vault.set('dev', { clientSecret: SECRET });
    await vault.tokenStore().save('dev', tokens);
    assert.deepEqual(await vault.get('dev'), { password: PASSWORD, clientSecret: SECRET, tokens });
    assert.deepEqual(await vault.tokenStore().load('dev'), tokens);

    const raw = await readFile(join(dir, 'dev.vault'), 'utf8');
    for (const s of [PASSWORD, SECRET, tokens.accessToken]) assert.ok(!raw.includes(s));
    const env = JSON.parse(raw);
    assert.equal(env.v, 1);
    assert.equal(env.alg, 'A256GCM');
    assert.deepEqual(Object.keys(env).sort(), ['alg', 'data', 'iv', 'tag', 'v']);
    assert.equal((await stat(join(dir, 'dev.vault'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(dir, 'master.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    // No temp or lock files left behind.
    assert.deepEqual((await readdir(dir)).sort(), ['dev.vault', 'master.key']);

    // A second opening (another process) reads with the same generated key.
    const again = await openVault({ dir });
    assert.equal((await again.get('dev')).password, PASSWORD);
  });

  void it('sweeps temp files that killed writes left behind: of dead writers at once, others when stale', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    await vault.set('dev', { password: PASSWORD });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const deadWriter = join(dir, `.dev.vault.${deadPid}-0123456789ab.tmp`);
    const deadLockWriter = join(dir, `.dev.vault.lock.${deadPid}-0123456789ab.tmp`);
    const liveWriter = join(dir, `.dev.vault.${process.pid}-ba9876543210.tmp`);
    const staleOldName = join(dir, '.prod.vault.0123456789ab.tmp');
    const freshOldName = join(dir, '.dev.vault.ba9876543210.tmp');
    const notOurs = join(dir, '.dev.vault.notes.tmp');
    const files = [deadWriter, deadLockWriter, liveWriter, staleOldName, freshOldName, notOurs];
    for (const file of files) await writeFile(file, 'x', { mode: 0o600 });
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    for (const file of [staleOldName, notOurs]) await utimes(file, hourAgo, hourAgo);

    await openVault({ dir });
    const names = await readdir(dir);
    for (const gone of [deadWriter, deadLockWriter, staleOldName]) {
      assert.ok(!names.includes(basename(gone)), `${gone} is removed by the next open`);
    }
    // A write in progress (a live pid, or a fresh file without one) and names we did not make are left alone.
    for (const kept of [liveWriter, freshOldName, notOurs]) assert.ok(names.includes(basename(kept)), kept);
    assert.deepEqual(await vault.get('dev'), { password: PASSWORD });
  });

  void it('clears single entries, all entries and removes files', async () => {
    const vault = await openVault({ dir: freshDir() });
    await vault.set('dev', { password: PASSWORD, clientSecret: SECRET, tokens });
    await vault.tokenStore().clear('dev');
    assert.deepEqual(await vault.get('dev'), { password: PASSWORD, clientSecret: SECRET });
    await vault.clear('dev', ['password']);
    assert.deepEqual(await vault.get('dev'), { clientSecret: SECRET });
    await vault.clear('dev');
    assert.deepEqual(await vault.get('dev'), {});
    await vault.set('x', { password: 'p' });
    await vault.remove('x');
    assert.deepEqual(await vault.get('x'), {});
  });

  void it('keeps odd connection names inside the directory', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    await vault.set('../../etc/evil name', { password: 'p' });
    const files = await readdir(dir);
    assert.ok(files.every((f) => !f.includes('/') && !f.includes('..')));
    assert.equal((await vault.get('../../etc/evil name')).password, 'p');
  });

  void it('serialises concurrent read-modify-write in one process', async () => {
    const vault = await openVault({ dir: freshDir() });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        vault.set('dev', i % 2 === 0 ? { password: `p${i}` } : { clientSecret: `c${i}` }),
      ),
    );
    const got = await vault.get('dev');
    assert.match(got.password ?? '', /^p\d+$/);
    assert.match(got.clientSecret ?? '', /^c\d+$/);
  });

  void it('rejects a tampered file, saying what to do', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    await vault.set('dev', { password: PASSWORD });
    const path = join(dir, 'dev.vault');
    const env = JSON.parse(await readFile(path, 'utf8'));
    const data = Buffer.from(env.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    await writeFile(path, JSON.stringify({ ...env, data: data.toString('base64') }), { mode: 0o600 });
    const err = await vault.get('dev').then(
      () => assert.fail('expected a TokenStoreError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TokenStoreError);
    assert.equal(err.code, 'SN_TOKEN_STORE');
    assert.match(err.message, /was modified/);
    assert.match(err.message, /nowrest oauth reset dev/);
    assert.ok(!JSON.stringify(err).includes(PASSWORD));
  });

  void it('rejects a truncated file', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    await vault.set('dev', { password: PASSWORD });
    const path = join(dir, 'dev.vault');
    const raw = await readFile(path, 'utf8');
    await writeFile(path, raw.slice(0, Math.floor(raw.length / 2)));
    await assert.rejects(vault.get('dev'), (e: unknown) => e instanceof TokenStoreError && /truncated/.test(e.message));
  });

  void it('rejects a wrong master key and a file moved to another connection name', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir, masterKey: 'correct horse battery staple' });
    await vault.set('dev', { password: PASSWORD });
    const wrong = await openVault({ dir, masterKey: randomBytes(32).toString('base64') });
    await assert.rejects(
      wrong.get('dev'),
      (e: unknown) => e instanceof TokenStoreError && /master key changed/.test(e.message),
    );
    const same = await openVault({ dir, masterKey: 'correct horse battery staple' });
    assert.equal((await same.get('dev')).password, PASSWORD);
    // AAD binds the file to its connection name.
    await writeFile(join(dir, 'prod.vault'), await readFile(join(dir, 'dev.vault')), { mode: 0o600 });
    await assert.rejects(same.get('prod'), TokenStoreError);
  });

  void it('refuses vault and key files readable by others, naming the chmod', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir });
    await vault.set('dev', { password: PASSWORD });
    const file = join(dir, 'dev.vault');
    await chmod(file, 0o644);
    await assert.rejects(
      vault.get('dev'),
      (e: unknown) => e instanceof TokenStoreError && e.message.includes(`chmod 600 ${file}`),
    );
    await chmod(file, 0o600);
    const key = join(dir, 'master.key');
    await chmod(key, 0o640);
    await assert.rejects(
      openVault({ dir }),
      (e: unknown) => e instanceof TokenStoreError && e.message.includes(`chmod 600 ${key}`),
    );
  });

  void it('takes over a lock left by a dead process and times out on a live one', async () => {
    const dir = freshDir();
    const vault = await openVault({ dir, lock: { timeoutMs: 300 } });
    // A child that has already exited: its pid names no live process.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    await writeFile(join(dir, 'dev.vault.lock'), `${deadPid} ${Date.now()} dead`, { mode: 0o600 });
    await vault.set('dev', { password: 'after-stale' });
    assert.equal((await vault.get('dev')).password, 'after-stale');

    // The parent of this test process is alive and the lock is fresh: wait, then fail clearly.
    await writeFile(join(dir, 'dev.vault.lock'), `${process.ppid} ${Date.now()} live`, { mode: 0o600 });
    await assert.rejects(
      vault.set('dev', { password: 'x' }),
      (e: unknown) => e instanceof TokenStoreError && /locked by another process/.test(e.message),
    );
    // An old lock is stale even when its pid is alive (pid reuse, hung process).
    await writeFile(join(dir, 'dev.vault.lock'), `${process.ppid} ${Date.now() - 120_000} old`, { mode: 0o600 });
    await vault.set('dev', { password: 'after-old' });
    assert.equal((await vault.get('dev')).password, 'after-old');
  });

  void it('exclusive() is re-entrant for saves inside it', async () => {
    const store = (await openVault({ dir: freshDir() })).tokenStore();
    const result = await store.exclusive!('dev', async () => {
      await store.save('dev', tokens);
      return store.load('dev');
    });
    assert.deepEqual(result, tokens);
  });
});
