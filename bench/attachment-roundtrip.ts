/**
 * A 200 MB attachment round trip (upload then download) through the library's streamed API, with the emulator
 * in its own child process and the client in another, so the client's peak RSS is its own. Target: client peak
 * RSS under 100 MB. Baselines in the same run: the same bytes through plain undici `request` (no library), an
 * idle client child (modules loaded, no transfer) and the library with a tenth of the bytes (memory must not
 * grow with the file). The children run through tsx, which alone adds ~35 MB over compiled JS; compare the
 * growth over the idle child. Size: BENCH_ATTACHMENT_MB (default 200).
 *
 * This file is also the client child: `tsx bench/attachment-roundtrip.ts --client <mode> <url> <file> <sha256>`.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { createClient } from '../src/lib/index.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, mb, report } from './support/stats.js';

const SCRIPT = 'bench/attachment-roundtrip.ts';
const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const SIZE_MB = Number(process.env['BENCH_ATTACHMENT_MB'] ?? '200');

type Mode = 'lib' | 'undici' | 'idle';

interface ClientResult {
  readonly mode: Mode;
  readonly uploadSeconds: number;
  readonly downloadSeconds: number;
  readonly bytes: number;
  readonly verified: boolean;
  readonly peakRssBytes: number;
}

/** Hashes what flows through, to check the downloaded bytes without a second read of the file. */
function hashing(hash: ReturnType<typeof createHash>) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  };
}

/** Uploads and downloads one file with the library (streams both ways). */
async function viaLibrary(url: string, file: string, size: number, out: string): Promise<[number, number, string]> {
  const sn = createClient({
    name: 'bench',
    baseUrl: url,
    auth: { type: 'basic', username: 'admin', password: 'admin' },
  });
  try {
    const record = (await sn.table('incident').list({ pageSize: 1, fields: ['sys_id'] })).records[0];
    const t0 = performance.now();
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: typeof record?.sys_id === 'string' ? record.sys_id : '',
      fileName: 'bench.bin',
      body: createReadStream(file),
      size,
    });
    const t1 = performance.now();
    const hash = createHash('sha256');
    const { stream } = await sn.attachments.download(meta.sysId);
    await pipeline(stream, hashing(hash), createWriteStream(out));
    const t2 = performance.now();
    await sn.attachments.delete(meta.sysId);
    return [(t1 - t0) / 1000, (t2 - t1) / 1000, hash.digest('hex')];
  } finally {
    await sn.close();
  }
}

/** The baseline: the same exchange with undici's `request` and no library code. */
async function viaUndici(url: string, file: string, size: number, out: string): Promise<[number, number, string]> {
  const list = await request(`${url}/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
    headers: { authorization: ADMIN },
  });
  const record = ((await list.body.json()) as { result: { sys_id: string }[] }).result[0]?.sys_id ?? '';
  const t0 = performance.now();
  const q = new URLSearchParams({ table_name: 'incident', table_sys_id: record, file_name: 'bench.bin' });
  const up = await request(`${url}/api/now/attachment/file?${q}`, {
    method: 'POST',
    headers: { authorization: ADMIN, 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: createReadStream(file),
  });
  const id = ((await up.body.json()) as { result: { sys_id: string } }).result.sys_id;
  const t1 = performance.now();
  const hash = createHash('sha256');
  const down = await request(`${url}/api/now/attachment/${id}/file`, { headers: { authorization: ADMIN } });
  await pipeline(down.body as Readable, hashing(hash), createWriteStream(out));
  const t2 = performance.now();
  await (
    await request(`${url}/api/now/attachment/${id}`, { method: 'DELETE', headers: { authorization: ADMIN } })
  ).body.dump();
  return [(t1 - t0) / 1000, (t2 - t1) / 1000, hash.digest('hex')];
}

/** Client child: runs one mode and prints its result as one JSON line. */
async function clientMain(mode: Mode, url: string, file: string, expected: string): Promise<void> {
  const size = (await stat(file)).size;
  const out = `${file}.${mode}.out`;
  let timings: [number, number, string] = [0, 0, expected];
  try {
    if (mode === 'lib') timings = await viaLibrary(url, file, size, out);
    if (mode === 'undici') timings = await viaUndici(url, file, size, out);
  } finally {
    await rm(out, { force: true });
  }
  const result: ClientResult = {
    mode,
    uploadSeconds: timings[0],
    downloadSeconds: timings[1],
    bytes: size,
    verified: timings[2] === expected,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Writes `megabytes` of random data and returns its SHA-256. */
async function makeFile(path: string, megabytes: number): Promise<string> {
  const hash = createHash('sha256');
  function* chunks(): Generator<Buffer> {
    for (let i = 0; i < megabytes; i++) {
      const chunk = randomBytes(1024 * 1024);
      hash.update(chunk);
      yield chunk;
    }
  }
  await pipeline(chunks(), createWriteStream(path));
  return hash.digest('hex');
}

/**
 * The library round trip as users run it: plain node on the compiled library (dist/, from `npm run build`),
 * without the tsx loader (BENCH_DIST names another build directory). Returns undefined without a build.
 */
async function compiledChild(url: string, file: string, sha: string): Promise<ClientResult | undefined> {
  const dist = resolve(process.env['BENCH_DIST'] ?? 'dist', 'lib/index.js');
  if (!existsSync(dist)) return undefined;
  const code = `
    import { createHash } from 'node:crypto';
    import { createReadStream, createWriteStream } from 'node:fs';
    import { rm, stat } from 'node:fs/promises';
    import { pipeline } from 'node:stream/promises';
    import { createClient } from ${JSON.stringify(pathToFileURL(dist).href)};
    const [url, file, sha] = process.argv.slice(1);
    const size = (await stat(file)).size;
    const sn = createClient({ name: 'bench', baseUrl: url, auth: { type: 'basic', username: 'admin', password: 'admin' } });
    const record = (await sn.table('incident').list({ pageSize: 1, fields: ['sys_id'] })).records[0];
    const t0 = performance.now();
    const meta = await sn.attachments.upload({ tableName: 'incident', tableSysId: record.sys_id, fileName: 'bench.bin',
      body: createReadStream(file), size });
    const t1 = performance.now();
    const hash = createHash('sha256');
    const { stream } = await sn.attachments.download(meta.sysId);
    await pipeline(stream, async function* (src) { for await (const c of src) { hash.update(c); yield c; } },
      createWriteStream(file + '.dist.out'));
    const t2 = performance.now();
    await sn.attachments.delete(meta.sysId);
    await sn.close();
    await rm(file + '.dist.out', { force: true });
    process.stdout.write(JSON.stringify({ mode: 'lib', uploadSeconds: (t1 - t0) / 1000, downloadSeconds: (t2 - t1) / 1000,
      bytes: size, verified: hash.digest('hex') === sha, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\\n');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code, url, file, sha], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const status = await new Promise<number | null>((done) => child.once('close', done));
  if (status !== 0) throw new Error(`compiled client exited with ${status}`);
  return JSON.parse(out) as ClientResult;
}

async function inChild(mode: Mode, url: string, file: string, sha: string): Promise<ClientResult> {
  const { line, child } = await startChild(SCRIPT, ['--client', mode, url, file, sha]);
  await stopChild(child);
  return JSON.parse(line) as ClientResult;
}

export async function runAttachmentRoundtrip(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'nowrest-bench-attachment-'));
  const emu = await startChild('bench/support/serve-emulator.ts', ['60']);
  try {
    const file = join(dir, 'source.bin');
    const sha = await makeFile(file, SIZE_MB);
    const smallFile = join(dir, 'small.bin');
    const smallSha = await makeFile(smallFile, Math.max(1, Math.round(SIZE_MB / 10)));
    const idle = await inChild('idle', emu.line, file, sha);
    const lib = await inChild('lib', emu.line, file, sha);
    const raw = await inChild('undici', emu.line, file, sha);
    const small = await inChild('lib', emu.line, smallFile, smallSha);
    const compiled = await compiledChild(emu.line, file, sha);
    const rate = (r: ClientResult, seconds: number): string => `${fmt(r.bytes / 1024 / 1024 / seconds, 1)} MB/s`;
    const row = (r: ClientResult): string =>
      `peak RSS ${mb(r.peakRssBytes)}; upload ${rate(r, r.uploadSeconds)}, download ${rate(r, r.downloadSeconds)}; ` +
      `checksum ${r.verified ? 'ok' : 'MISMATCH'}`;
    report(`attachment-roundtrip: ${SIZE_MB} MB upload + download, emulator and client in separate children`, [
      ['library (sn.attachments, streams)', row(lib)],
      ['baseline: plain undici request', row(raw)],
      [`baseline: library with ${fmt(small.bytes / 1024 / 1024)} MB`, row(small)],
      ['idle client child (modules loaded)', `peak RSS ${mb(idle.peakRssBytes)}`],
      [
        'growth over idle: library / undici',
        `${mb(lib.peakRssBytes - idle.peakRssBytes)} / ${mb(raw.peakRssBytes - idle.peakRssBytes)}`,
      ],
      ['ratio full size / tenth (target ~1.0: flat)', fmt(lib.peakRssBytes / small.peakRssBytes, 2)],
      ['library, compiled (plain node on dist/)', compiled ? row(compiled) : 'skipped: run `npm run build` first'],
      [
        'target',
        `client peak RSS < 100 MB (this run: ${(compiled ?? lib).peakRssBytes < 100 * 1024 * 1024 ? 'met' : 'NOT met'})`,
      ],
    ]);
  } finally {
    await stopChild(emu.child);
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--client' && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [, , , mode, url, file, sha] = process.argv;
  await clientMain(mode as Mode, url ?? '', file ?? '', sha ?? '');
}
