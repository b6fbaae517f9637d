import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createClient } from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

// A minimal CONNECT proxy (what corporate proxies speak for tunnelled traffic), counting the tunnels it opens.
let proxy: Server;
let proxyUrl: string;
let tunnels: string[] = [];
const sockets = new Set<Socket>();
let emu: LibEmulator;

void describe('proxy option', () => {
  before(async () => {
    emu = await startLibEmulator();
    proxy = createServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.on('connect', (req, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    proxy.close();
    await emu.close();
  });

  void it('tunnels requests through the proxy', async () => {
    tunnels = [];
    const sn = createClient(
      { name: 'p', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'admin' } },
      { proxy: proxyUrl },
    );
    try {
      const page = await sn.table('incident').list({ pageSize: 2 });
      assert.equal(page.records.length, 2);
    } finally {
      await sn.close();
    }
    const target = new URL(emu.url).host;
    assert.ok(tunnels.length >= 1 && tunnels.every((t) => t === target), tunnels.join(','));
  });

  void it('goes straight to a host listed in noProxy (host:port, or a list with other entries)', async () => {
    const { host } = new URL(emu.url);
    for (const noProxy of [host, `other.example, ${host}`]) {
      tunnels = [];
      const sn = createClient(
        { name: 'p', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'admin' } },
        { proxy: proxyUrl, noProxy },
      );
      try {
        assert.equal((await sn.table('incident').list({ pageSize: 2 })).records.length, 2);
      } finally {
        await sn.close();
      }
      assert.deepEqual(tunnels, [], noProxy);
    }
    // An entry for another host leaves the proxy in use.
    const sn = createClient(
      { name: 'p', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'admin' } },
      { proxy: proxyUrl, noProxy: 'other.example' },
    );
    try {
      await sn.table('incident').list({ pageSize: 1 });
    } finally {
      await sn.close();
    }
    assert.ok(tunnels.length >= 1);
  });
});
