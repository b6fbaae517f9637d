import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  createClient,
  ConfigError,
  NotFoundError,
  PermissionDeniedError,
  ServiceNowError,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
let incident: string;

const client = (username = 'admin', password = 'admin'): ServiceNowClient =>
  createClient(
    { name: 'emu', baseUrl: emu.baseUrl(), auth: { type: 'basic', username, password } },
    { sleep: () => Promise.resolve() },
  );

/** A deterministic pseudo-random stream of `size` bytes produced in 64 KB pieces, and its SHA-256. */
function generated(size: number, seed: number): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const pieces: Buffer[] = [];
  let state = seed;
  for (let made = 0; made < size;) {
    const n = Math.min(65_536, size - made);
    const piece = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      piece[i] = state >>> 24;
    }
    hash.update(piece);
    pieces.push(piece);
    made += n;
  }
  return { stream: Readable.from(pieces), sha256: hash.digest('hex') };
}

async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

void describe('attachments against the emulator', () => {
  before(async () => {
    emu = await startLibEmulator();
    sn = client();
  });
  beforeEach(async () => {
    await emu.reset();
    const page = await sn.table('incident').list({ pageSize: 1, fields: ['sys_id'] });
    incident = String(page.records[0]!.sys_id);
  });
  after(async () => {
    await sn.close();
    await emu.close();
  });

  void it('streams a 5 MB upload and download; the checksums match', async () => {
    const size = 5 * 1024 * 1024 + 123;
    const source = generated(size, 7);
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'big.bin',
      contentType: 'application/octet-stream',
      body: source.stream,
      size,
    });
    assert.equal(meta.sizeBytes, size);
    assert.equal(meta.hash, source.sha256, 'the emulator saw the same bytes');
    assert.equal(meta.tableSysId, incident);
    const download = await sn.attachments.download(meta.sysId);
    assert.equal(download.metadata.fileName, 'big.bin');
    assert.equal(download.metadata.sizeBytes, size);
    const got = await sha256Of(download.stream);
    assert.deepEqual(got, { sha256: source.sha256, bytes: size });
  });

  void it('uploads a stream of unknown length (chunked) and a Buffer', async () => {
    const source = generated(300_000, 3);
    const streamed = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'chunked.bin',
      body: source.stream,
    });
    assert.equal(streamed.hash, source.sha256);
    assert.equal(streamed.contentType, 'application/octet-stream');
    const buffered = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'note.txt',
      contentType: 'text/plain',
      body: Buffer.from('hello attachment'),
    });
    const { stream } = await sn.attachments.download(buffered.sysId);
    const text = Buffer.concat(await stream.toArray()).toString('utf8');
    assert.equal(text, 'hello attachment');
  });

  void it('lists by record and query, gets metadata, deletes', async () => {
    for (const name of ['a.txt', 'b.log'])
      await sn.attachments.upload({
        tableName: 'incident',
        tableSysId: incident,
        fileName: name,
        body: Buffer.from(name),
      });
    const all = await sn.attachments.list({ tableName: 'incident', tableSysId: incident, query: 'ORDERBYfile_name' });
    assert.deepEqual(
      all.map((m) => m.fileName),
      ['a.txt', 'b.log'],
    );
    const logs = await sn.attachments.list({ tableSysId: incident, query: 'file_nameENDSWITH.log' });
    assert.deepEqual(
      logs.map((m) => m.fileName),
      ['b.log'],
    );
    assert.equal((await sn.attachments.list({ tableSysId: incident, limit: 1 })).length, 1);
    for (const name of ['c.txt', 'd.txt', 'e.txt'])
      await sn.attachments.upload({
        tableName: 'incident',
        tableSysId: incident,
        fileName: name,
        body: Buffer.from(name),
      });
    const iterated: string[] = [];
    for await (const a of sn.attachments.list({ tableSysId: incident, query: 'ORDERBYfile_name', limit: 2 }))
      iterated.push(a.fileName);
    assert.deepEqual(iterated, ['a.txt', 'b.log', 'c.txt', 'd.txt', 'e.txt'], 'every page, in order');
    const skipped: string[] = [];
    for await (const a of sn.attachments.list({ tableSysId: incident, query: 'ORDERBYfile_name', limit: 2, offset: 3 }))
      skipped.push(a.fileName);
    assert.deepEqual(skipped, ['d.txt', 'e.txt']);
    const one = await sn.attachments.get(logs[0]!.sysId);
    assert.equal(one.raw.file_name, 'b.log');
    assert.equal(one.downloadLink, `${emu.url}/api/now/attachment/${one.sysId}/file`);
    await sn.attachments.delete(one.sysId);
    await assert.rejects(sn.attachments.get(one.sysId), NotFoundError);
    await assert.rejects(sn.attachments.download(one.sysId), NotFoundError);
  });

  void it('typed errors: unknown record, no write access, bad input', async () => {
    await assert.rejects(
      sn.attachments.upload({
        tableName: 'incident',
        tableSysId: 'f'.repeat(32),
        fileName: 'x',
        body: Buffer.from('x'),
      }),
      NotFoundError,
    );
    const readonly = client('readonly.user', 'readonly');
    try {
      await assert.rejects(
        readonly.attachments.upload({
          tableName: 'incident',
          tableSysId: incident,
          fileName: 'x',
          body: Readable.from([Buffer.from('x')]),
        }),
        PermissionDeniedError,
      );
    } finally {
      await readonly.close();
    }
    await assert.rejects(async () => await sn.attachments.list({ limit: 5000 }), ConfigError);
    await assert.rejects(sn.attachments.get('../table/incident'), ConfigError);
    await assert.rejects(
      sn.attachments.upload({ tableName: 'incident', tableSysId: incident, fileName: ' ', body: Buffer.from('x') }),
      ConfigError,
    );
  });

  void it('a Buffer upload is retried after a 503; a stream upload is attempted once', async () => {
    await emu.faults({ kind: 'status503', count: 1, path: '/api/now/attachment/file' });
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'retried.txt',
      body: Buffer.from('retried'),
    });
    assert.equal(meta.fileName, 'retried.txt');
    await emu.clearRequests();
    await emu.faults({ kind: 'status503', count: 1, path: '/api/now/attachment/file' });
    const error = await sn.attachments
      .upload({
        tableName: 'incident',
        tableSysId: incident,
        fileName: 'once.txt',
        body: Readable.from([Buffer.from('once')]),
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof ServiceNowError);
    assert.equal((error as ServiceNowError & { status?: number }).status, 503);
    const posts = (await emu.requests()).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'the stream body was not replayed');
  });

  void it('a download cut short raises a truncated error instead of ending quietly', async () => {
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'cut.bin',
      body: randomBytes(2_000_000),
    });
    await emu.faults({ kind: 'truncate', count: 1, path: `/api/now/attachment/${meta.sysId}/file` });
    const { stream } = await sn.attachments.download(meta.sysId, { maxRetries: 0 });
    await assert.rejects(
      sha256Of(stream),
      (e: unknown) => e instanceof ServiceNowError && e.code === 'SN_BAD_RESPONSE',
    );
  });

  void it('a stream upload that meets a redirect (SSO page) fails with a clear error, not a hang', async () => {
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: 'https://sso.example.com/login' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const sso = createClient({
      name: 'sso',
      baseUrl: `http://127.0.0.1:${port}/api/now/v2`,
      auth: { type: 'basic', username: 'admin', password: 'admin' },
    });
    try {
      await assert.rejects(
        sso.attachments.upload({
          tableName: 'incident',
          tableSysId: incident,
          fileName: 'x.bin',
          body: Readable.from([Buffer.from('x')]),
        }),
        (e: unknown) => e instanceof ServiceNowError && e.code === 'SN_BAD_RESPONSE' && /Redirected/.test(e.message),
      );
    } finally {
      await sso.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  void it('a streamed upload times out on a stall, not on its total duration', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // 20 chunks 100 ms apart: about 2 s in all, longer than the 1.5 s timeout, but never idle for long.
    async function* steady(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 20; i++) {
        await pause(100);
        yield Buffer.alloc(1024, i);
      }
    }
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName: 'steady.bin',
      body: steady(),
      timeoutMs: 1500,
    });
    assert.equal(meta.sizeBytes, 20 * 1024);
    // One chunk, then silence far beyond the timeout.
    async function* stalled(): AsyncGenerator<Buffer> {
      yield Buffer.from('first');
      await pause(5000);
      yield Buffer.from('never');
    }
    await assert.rejects(
      sn.attachments.upload({
        tableName: 'incident',
        tableSysId: incident,
        fileName: 'stalled.bin',
        body: stalled(),
        timeoutMs: 300,
      }),
      (e: unknown) => e instanceof ServiceNowError && e.code === 'SN_TIMEOUT',
    );
  });

  void it('download reads the non-ASCII file name of X-Attachment-Metadata (raw UTF-8) correctly', async () => {
    const fileName = "rapport d'été <1>.txt";
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName,
      contentType: 'text/plain',
      body: Buffer.from('bonjour'),
    });
    assert.equal(meta.fileName, fileName);
    const download = await sn.attachments.download(meta.sysId);
    assert.equal(download.metadata.fileName, fileName);
    assert.equal((await sha256Of(download.stream)).bytes, 7);
  });

  void it('a header of raw UTF-8 bytes, from a plain HTTP server, is decoded as UTF-8', async () => {
    const fileName = 'отчёт 日本 été.txt';
    const json = JSON.stringify({ sys_id: 'a'.repeat(32), file_name: fileName, size_bytes: '2' });
    const server = createServer((req, res) => {
      req.resume();
      // The exact bytes ServiceNow puts on the wire: UTF-8, not escaped.
      res.writeHead(200, {
        'content-type': 'text/plain',
        'x-attachment-metadata': Buffer.from(json).toString('latin1'),
      });
      res.end(Buffer.from('hi'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const plain = createClient({
      name: 'plain',
      baseUrl: `http://127.0.0.1:${port}/api/now/v2`,
      auth: { type: 'basic', username: 'admin', password: 'admin' },
    });
    try {
      const download = await plain.attachments.download('a'.repeat(32));
      assert.equal(download.metadata.fileName, fileName);
      await sha256Of(download.stream);
    } finally {
      await plain.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
