import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { basicHeader } from '../helpers/emulator.js';
import { createSandbox, type CliSandbox } from './cli-harness.js';
import { startMtlsEmulatorProcess } from './emulator-process.js';

void describe('nowrest emulator --tls --require-client-cert', () => {
  let sb: CliSandbox;
  before(async () => {
    sb = await createSandbox();
  });
  after(() => sb.cleanup());

  void it('prints the client certificate it demands; only a connection presenting it gets an answer', async () => {
    const emulator = await startMtlsEmulatorProcess(sb);
    const agents: Agent[] = [];
    try {
      const [caPem, cert, key] = await Promise.all(
        [emulator.caPath, emulator.certPath, emulator.keyPath].map((p) => readFile(p, 'utf8')),
      );
      const get = (agent: Agent) =>
        request(`${emulator.url}/api/now/table/incident?sysparm_limit=1`, {
          headers: { authorization: basicHeader() },
          dispatcher: agent,
        });
      const withCert = new Agent({ connect: { ca: caPem, cert, key } });
      const without = new Agent({ connect: { ca: caPem } });
      agents.push(withCert, without);
      const ok = await get(withCert);
      assert.equal(ok.statusCode, 200);
      await ok.body.dump();
      await assert.rejects(get(without));
    } finally {
      await emulator.stop();
      for (const a of agents) await a.close();
    }
  });

  void it('--require-client-cert without --tls is a usage error naming the fix', async () => {
    const r = await sb.run(['emulator', '--require-client-cert']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--require-client-cert needs --tls/);
    assert.match(r.stderr, /add --tls/);
  });
});
