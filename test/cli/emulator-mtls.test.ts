import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { CLI_MAIN, TSX_LOADER, createSandbox, type CliSandbox } from './cli-harness.js';

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;

void describe('nowrest emulator --tls --require-client-cert', () => {
  let sb: CliSandbox;
  before(async () => {
    sb = await createSandbox();
  });
  after(() => sb.cleanup());

  void it('prints the client certificate it demands; only a connection presenting it gets an answer', async () => {
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, CLI_MAIN, 'emulator', '--tls', '--require-client-cert'],
      {
        cwd: sb.dir,
        env: { PATH: process.env['PATH'], ...sb.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const agents: Agent[] = [];
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
        child.once('exit', () => reject(new Error(`emulator exited: ${stderr}`)));
      });
      while (!stderr.includes('Press Ctrl-C')) await new Promise((r) => setTimeout(r, 20));
      const ca = /TLS CA certificate: (\S+)/.exec(stderr)?.[1];
      const paths = /Client certificate required: (\S+), key (\S+)/.exec(stderr);
      assert.ok(ca && paths, stderr);
      const [caPem, cert, key] = await Promise.all([ca, paths[1]!, paths[2]!].map((p) => readFile(p, 'utf8')));
      const get = (agent: Agent) =>
        request(`${url}/api/now/table/incident?sysparm_limit=1`, {
          headers: { authorization: ADMIN },
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
      child.kill('SIGINT');
      await exited;
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
