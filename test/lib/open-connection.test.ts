import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openConnection, openVault, tokenCondition, type ConnectionProfile } from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

void describe('openConnection: a saved profile becomes a client', () => {
  let emu: LibEmulator;
  let dir: string;
  before(async () => {
    emu = await startLibEmulator();
    dir = await mkdtemp(join(tmpdir(), 'nowrest-open-'));
  });
  after(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('reads the password from the vault, and an override takes its place for this client only', async () => {
    const vault = await openVault({ dir });
    const profile: ConnectionProfile = { name: 'dev', baseUrl: emu.baseUrl(), auth: 'basic', username: 'admin' };
    await vault.set('dev', { password: 'admin' });
    const sn = await openConnection(profile, { vault });
    try {
      const page = await sn.table('sys_db_object').list({ pageSize: 1 });
      assert.equal(page.records.length, 1);
    } finally {
      await sn.close();
    }
    const wrong = await openConnection(profile, { vault, overrides: { password: 'not-the-password' } });
    try {
      await assert.rejects(
        async () => {
          await wrong.table('sys_db_object').list({ pageSize: 1 });
        },
        { status: 401 },
      );
    } finally {
      await wrong.close();
    }
  });

  void it('names the unreadable TLS file with a stable code', async () => {
    const profile: ConnectionProfile = {
      name: 'tls',
      baseUrl: emu.baseUrl(),
      auth: 'basic',
      username: 'admin',
      caFile: join(dir, 'missing-ca.pem'),
    };
    await assert.rejects(openConnection(profile, { secrets: { password: 'admin' } }), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'SN_FILE_UNREADABLE');
      assert.match(err.message, /Cannot read the CA file .*missing-ca\.pem of connection "tls" \(ENOENT\)/);
      return true;
    });
  });
});

void describe('tokenCondition: one set of token-state rules', () => {
  const now = 1_000_000;
  const tokens = { accessToken: 'a', tokenType: 'Bearer', expiresAt: now - 1 };
  void it('expired tokens renew on their own for the grants that need no person, or with a live refresh token', () => {
    assert.deepEqual(tokenCondition(tokens, { now }), { state: 'expired', at: now - 1, renewal: 'sign-in' });
    assert.equal(tokenCondition(tokens, { now, selfRenewing: true }).state, 'expired');
    assert.deepEqual(tokenCondition({ ...tokens, refreshToken: 'r' }, { now }), {
      state: 'expired',
      at: now - 1,
      renewal: 'automatic',
    });
    assert.deepEqual(tokenCondition({ ...tokens, refreshToken: 'r', refreshExpiresAt: now - 5 }, { now }), {
      state: 'expired',
      at: now - 1,
      renewal: 'sign-in',
    });
  });
  void it('no tokens, and valid ones', () => {
    assert.deepEqual(tokenCondition(undefined, { now, selfRenewing: true }), { state: 'none', renewal: 'automatic' });
    assert.deepEqual(
      tokenCondition({ accessToken: 'a', tokenType: 'Bearer', expiresAt: now + 10, expiryEstimated: true }, { now }),
      {
        state: 'valid',
        until: now + 10,
        estimated: true,
      },
    );
  });
});
