/**
 * A 200 MB attachment round trip (upload then download) through the library's streamed API. The emulator runs
 * in its own child and every client runs in a fresh plain-node child on the compiled library (dist/, built first
 * when missing), so each peak RSS is that client's own, as users would see it. Target: client peak RSS under
 * 100 MB. Baselines in the same run:
 * - the same bytes through plain undici `request` (no library code), and through plain `node:http` (Node's native
 *   parser, no undici), which is what a second, undici-free HTTP stack for attachments would start from;
 * - floors: bare node; bare node reading and hashing the file from disk with no network (V8 frees the 64 KB
 *   chunk buffers only every few tens of MB, so streaming 200 MB costs ~40 MB in any Node process); the library loaded with one request made (no transfer); and the same process left idle
 *   for 3 s, during which V8 tiers up undici's llhttp WebAssembly parser in the background (a one-off ~35 MB
 *   peak that every undici-based client pays, found with heaptrack; `node --liftoff-only` avoids it);
 * - the library with a tenth of the bytes (memory must not grow with the file).
 * Rounds alternate library and undici runs. Size: BENCH_ATTACHMENT_MB (default 200); BENCH_ROUNDS (default 2).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { envInt } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, mb, report } from './support/stats.js';

const SIZE_MB = envInt('BENCH_ATTACHMENT_MB', 200);
const ROUNDS = envInt('BENCH_ROUNDS', 2);

type Mode = 'bare' | 'disk' | 'loaded' | 'idle' | 'lib' | 'undici' | 'nodehttp';

interface ClientResult {
  readonly uploadSeconds: number;
  readonly downloadSeconds: number;
  readonly bytes: number;
  readonly verified: boolean;
  readonly peakRssBytes: number;
}

/** Shared head of every client child: arguments, hashing pass-through, the result line. */
const PRELUDE = `
  import { createHash } from 'node:crypto';
  import { createReadStream, createWriteStream } from 'node:fs';
  import { rm, stat } from 'node:fs/promises';
  import { pipeline } from 'node:stream/promises';
  const [url, file, sha] = process.argv.slice(1);
  const size = (await stat(file)).size;
  const out = file + '.' + process.pid + '.out';
  const hash = createHash('sha256');
  const hashing = async function* (src) { for await (const c of src) { hash.update(c); yield c; } };
  const done = (t0, t1, t2) => process.stdout.write(JSON.stringify({ uploadSeconds: (t1 - t0) / 1000,
    downloadSeconds: (t2 - t1) / 1000, bytes: size, verified: t2 === 0 || hash.digest('hex') === sha,
    peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\\n');
`;

/** The client child's code for one mode; `lib` is the compiled library's entry file URL. */
function childCode(mode: Mode, lib: string): string {
  const libClient = `
    const { createClient } = await import(${JSON.stringify(lib)});
    const sn = createClient({ name: 'bench', baseUrl: url, auth: { type: 'basic', username: 'admin', password: 'admin' } });
    const record = (await sn.table('incident').list({ pageSize: 1, fields: ['sys_id'] })).records[0];
  `;
  switch (mode) {
    case 'bare':
      return `${PRELUDE} done(0, 0, 0);`;
    case 'disk':
      // No network at all: the same bytes read from disk and hashed, as every mode here does on download.
      return `${PRELUDE} await pipeline(createReadStream(file), hashing, async function* (s) { for await (const _ of s); });
        process.stdout.write(JSON.stringify({ uploadSeconds: 0, downloadSeconds: 0, bytes: size,
          verified: hash.digest('hex') === sha, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\\n');`;
    case 'loaded':
      return `${PRELUDE} ${libClient} await sn.close(); done(0, 0, 0);`;
    case 'idle':
      // Waits out undici's background TurboFan compile of its llhttp WebAssembly parser, which starts after the
      // first request and peaks ~35 MB above the process: every undici client pays it once.
      return `${PRELUDE} ${libClient} await new Promise((r) => setTimeout(r, 3000)); await sn.close(); done(0, 0, 0);`;
    case 'lib':
      return `${PRELUDE} ${libClient}
        const t0 = performance.now();
        const meta = await sn.attachments.upload({ tableName: 'incident', tableSysId: record.sys_id,
          fileName: 'bench.bin', body: createReadStream(file), size });
        const t1 = performance.now();
        const { stream } = await sn.attachments.download(meta.sysId);
        await pipeline(stream, hashing, createWriteStream(out));
        const t2 = performance.now();
        await sn.attachments.delete(meta.sysId);
        await sn.close();
        await rm(out, { force: true });
        done(t0, t1, t2);`;
    case 'undici':
      return `${PRELUDE}
        const { request } = await import('undici');
        const headers = { authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') };
        const list = await request(url + '/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id', { headers });
        const record = (await list.body.json()).result[0].sys_id;
        const t0 = performance.now();
        const q = new URLSearchParams({ table_name: 'incident', table_sys_id: record, file_name: 'bench.bin' });
        const up = await request(url + '/api/now/attachment/file?' + q, { method: 'POST', body: createReadStream(file),
          headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(size) } });
        const id = (await up.body.json()).result.sys_id;
        const t1 = performance.now();
        const down = await request(url + '/api/now/attachment/' + id + '/file', { headers });
        await pipeline(down.body, hashing, createWriteStream(out));
        const t2 = performance.now();
        await (await request(url + '/api/now/attachment/' + id, { method: 'DELETE', headers })).body.dump();
        await rm(out, { force: true });
        done(t0, t1, t2);`;
    case 'nodehttp':
      // Node's own HTTP client (native llhttp, no WebAssembly): what a second HTTP stack would start from.
      return `${PRELUDE}
        const http = await import('node:http');
        const agent = new http.Agent({ keepAlive: true });
        const headers = { authorization: 'Basic ' + Buffer.from('admin:admin').toString('base64') };
        const call = (path, options, body) => new Promise((ok, ko) => {
          const req = http.request(url + path, { agent, headers, ...options }, ok).on('error', ko);
          if (body) pipeline(body, req).catch(ko); else req.end();
        });
        const text = async (res) => { let t = ''; for await (const c of res) t += c; return t; };
        const list = await call('/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id', {});
        const record = JSON.parse(await text(list)).result[0].sys_id;
        const t0 = performance.now();
        const q = new URLSearchParams({ table_name: 'incident', table_sys_id: record, file_name: 'bench.bin' });
        const up = await call('/api/now/attachment/file?' + q, { method: 'POST', headers: { ...headers,
          'content-type': 'application/octet-stream', 'content-length': String(size) } }, createReadStream(file));
        const id = JSON.parse(await text(up)).result.sys_id;
        const t1 = performance.now();
        await pipeline(await call('/api/now/attachment/' + id + '/file', {}), hashing, createWriteStream(out));
        const t2 = performance.now();
        await text(await call('/api/now/attachment/' + id, { method: 'DELETE' }));
        agent.destroy();
        await rm(out, { force: true });
        done(t0, t1, t2);`;
  }
}

/** Runs one client child with plain node and returns its result line. */
async function runClient(mode: Mode, lib: string, url: string, file: string, sha: string): Promise<ClientResult> {
  const args = ['--input-type=module', '-e', childCode(mode, lib), url, file, sha];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const status = await new Promise<number | null>((done) => child.once('close', done));
  if (status !== 0) throw new Error(`attachment client (${mode}) exited with ${status}`);
  return JSON.parse(out) as ClientResult;
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

/** The compiled library's entry: BENCH_DIST or dist/, built with `npm run build` when missing. */
function compiledLibrary(): string {
  const dist = resolve(process.env['BENCH_DIST'] ?? 'dist', 'lib/index.js');
  if (!existsSync(dist)) {
    process.stdout.write('attachment-roundtrip: building dist/ (npm run build) to measure the compiled library\n');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  }
  return pathToFileURL(dist).href;
}

const range = (values: number[], show: (v: number) => string): string => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? show(lo) : `${show(lo)}–${show(hi)}`;
};

export async function runAttachmentRoundtrip(): Promise<void> {
  const lib = compiledLibrary();
  const dir = await mkdtemp(join(tmpdir(), 'nowrest-bench-attachment-'));
  const emu = await startChild('bench/support/serve-emulator.ts', ['60']);
  try {
    const file = join(dir, 'source.bin');
    const sha = await makeFile(file, SIZE_MB);
    const smallFile = join(dir, 'small.bin');
    const smallSha = await makeFile(smallFile, Math.max(1, Math.round(SIZE_MB / 10)));
    const run = (mode: Mode, f = file, s = sha) => runClient(mode, lib, emu.line, f, s);
    const bare = await run('bare');
    const disk = await run('disk');
    const loaded = await run('loaded');
    const idle = await run('idle');
    const libRuns: ClientResult[] = [];
    const rawRuns: ClientResult[] = [];
    const nodeRuns: ClientResult[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      libRuns.push(await run('lib'));
      rawRuns.push(await run('undici'));
      nodeRuns.push(await run('nodehttp'));
    }
    const small = await run('lib', smallFile, smallSha);
    const rss = (runs: ClientResult[]) =>
      range(
        runs.map((r) => r.peakRssBytes),
        mb,
      );
    const rate = (runs: ClientResult[], key: 'uploadSeconds' | 'downloadSeconds') =>
      range(
        runs.map((r) => r.bytes / 1024 / 1024 / r[key]),
        (v) => fmt(v, 0),
      );
    const row = (runs: ClientResult[]) =>
      `peak RSS ${rss(runs)}; upload ${rate(runs, 'uploadSeconds')} MB/s, download ` +
      `${rate(runs, 'downloadSeconds')} MB/s; checksum ${runs.every((r) => r.verified) ? 'ok' : 'MISMATCH'}`;
    const growth = (runs: ClientResult[]) =>
      range(
        runs.map((r) => r.peakRssBytes - idle.peakRssBytes),
        mb,
      );
    const worst = Math.max(...libRuns.map((r) => r.peakRssBytes));
    report(`attachment-roundtrip: ${SIZE_MB} MB upload + download, plain node on the compiled library`, [
      [`library (sn.attachments, streams), ${ROUNDS} runs`, row(libRuns)],
      [`baseline: plain undici request, ${ROUNDS} runs`, row(rawRuns)],
      [`baseline: plain node:http (no undici), ${ROUNDS} runs`, row(nodeRuns)],
      [`baseline: library with ${fmt(small.bytes / 1024 / 1024)} MB`, row([small])],
      ['floor: bare node', `peak RSS ${mb(bare.peakRssBytes)}`],
      [
        'floor: bare node reading the file from disk (no network)',
        `peak RSS ${mb(disk.peakRssBytes)}; checksum ${disk.verified ? 'ok' : 'MISMATCH'}`,
      ],
      ['floor: library loaded, one request', `peak RSS ${mb(loaded.peakRssBytes)}`],
      ['floor: the same, idle 3 s (undici compiles llhttp wasm)', `peak RSS ${mb(idle.peakRssBytes)}`],
      ['growth over that floor: library / undici', `${growth(libRuns)} / ${growth(rawRuns)}`],
      [
        'ratio full size / tenth (target ~1.0: flat)',
        fmt(libRuns.reduce((a, r) => a + r.peakRssBytes, 0) / libRuns.length / small.peakRssBytes, 2),
      ],
      [
        'target',
        `client peak RSS < 100 MB (this run's worst: ${mb(worst)}, ${worst < 100 * 1024 * 1024 ? 'met' : 'NOT met'})`,
      ],
    ]);
  } finally {
    await stopChild(emu.child);
    await rm(dir, { recursive: true, force: true });
  }
}
