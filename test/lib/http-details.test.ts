import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ResponseError, TimeoutError, VERSION, createClient, type Logger } from '../../src/lib/index.js';

// A plain node:http server stands in for cases the emulator does not produce (gzip, HTML, a silent server).
let server: Server;
let base: string;
let seen: IncomingMessage[] = [];
let inFlight = 0;
let peak = 0;
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/api/now/v2/table/gz': (_req, res) => {
    const body = gzipSync(JSON.stringify({ result: [{ sys_id: 'a'.repeat(32), n: 'é'.repeat(2000) }] }));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'content-length': body.length,
    });
    res.end(body);
  },
  '/api/now/v2/table/html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>Instance hibernating</html>');
  },
  '/api/now/v2/table/slow': (_req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"result":{"ok":"1"}}');
    }, 20);
  },
  '/api/now/v2/table/silent': () => undefined,
};

void describe('HTTP details', () => {
  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/[0-9a-f]{32}$/, '');
      const route = routes[path];
      if (route) route(req, res);
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"No Record found","detail":null},"status":"failure"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/now/v2`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const client = (options = {}) =>
    createClient({ name: 'h', baseUrl: base, auth: { type: 'basic', username: 'u', password: 'p' } }, options);

  void it('sends User-Agent, Accept-Encoding gzip and Basic auth, and decompresses', async () => {
    seen = [];
    const sn = client();
    const page = await sn.table('gz').list({ pageSize: 1, paging: 'offset' });
    await sn.close();
    assert.equal(page.records[0]?.n, 'é'.repeat(2000));
    const req = seen[0]!;
    assert.equal(req.headers['user-agent'], `nowrest/${VERSION}`);
    assert.match(String(req.headers['accept-encoding']), /gzip/);
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(req.headers.accept, 'application/json');
  });

  void it('an HTML page is a ResponseError, not data', async () => {
    const sn = client();
    await assert.rejects(
      sn.table('html').get('a'.repeat(32)),
      (e: unknown) => e instanceof ResponseError && /hibernating|HTML/.test(e.message),
    );
    await sn.close();
  });

  void it('maxConcurrency caps requests in flight', async () => {
    peak = 0;
    const sn = client({ maxConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, () => sn.table('slow').get('b'.repeat(32))));
    await sn.close();
    assert.ok(peak >= 1 && peak <= 2, `peak ${peak}`);
  });

  void it('a silent server times out with TimeoutError', async () => {
    const sn = client({ timeoutMs: 150, maxRetries: 0 });
    await assert.rejects(sn.table('silent').get('c'.repeat(32)), TimeoutError);
    await sn.close();
  });

  void it('rejectUnauthorized: false logs a loud warning', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m) => void warnings.push(m),
      error: () => undefined,
    };
    const sn = client({ rejectUnauthorized: false, logger });
    await sn.close();
    assert.ok(warnings.some((w) => /verification is OFF/.test(w)));
  });
});
