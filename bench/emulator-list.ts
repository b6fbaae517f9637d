/**
 * Emulator list throughput on a 100k-incident table, page size 1000, against the ceiling: a bare node:http server
 * sending the same pre-serialised page. Both servers run in child processes at the same time and the walk
 * alternates between them page by page; the client work per page (read, one JSON.parse) is identical. The
 * emulator reads the next keyset page ahead while the client parses (ADR 0006), so the server CPU per page is
 * reported too: the ratio is what a client sees, the CPU what the emulator spends.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startChild, stopChild } from './support/child.js';
import { fmt, percentile, report } from './support/stats.js';

const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const N = Number(process.env.BENCH_INCIDENTS ?? '100000');
const PAGE = 1000;

/** CPU time (user + system, ms) a child process has used so far, from /proc on Linux; NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s ticks
  } catch {
    return Number.NaN;
  }
}

/** One GET, read and parsed once: the identical client work for the emulator and the ceiling. */
async function getPage(agent: Agent, url: string): Promise<{ body: string; records: number; lastSysId: string }> {
  const res = await request(url, { dispatcher: agent, headers: { authorization: AUTH, accept: 'application/json' } });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${body.slice(0, 200)}`);
  const parsed = JSON.parse(body) as { result: Array<{ sys_id: string }> };
  return { body, records: parsed.result.length, lastSysId: parsed.result.at(-1)?.sys_id ?? '' };
}

export async function runEmulatorList(): Promise<void> {
  const emu = await startChild('bench/support/serve-emulator.ts', [String(N)]);
  let raw: Awaited<ReturnType<typeof startChild>> | undefined;
  const agent = new Agent({ connections: 1, pipelining: 1 });
  try {
    const base = `${emu.line}/api/now/v2/table/incident`;
    const pageUrl = (last: string): string => {
      const q = encodeURIComponent(last ? `sys_id>${last}^ORDERBYsys_id` : 'ORDERBYsys_id');
      return `${base}?sysparm_query=${q}&sysparm_limit=${PAGE}&sysparm_fields=`;
    };
    // The ceiling serves the emulator's own first page, byte for byte.
    const dir = mkdtempSync(join(tmpdir(), 'nowrest-bench-'));
    const bodyFile = join(dir, 'page.json');
    writeFileSync(bodyFile, (await getPage(agent, pageUrl(''))).body);
    raw = await startChild('bench/support/serve-raw.ts', [bodyFile]);

    // Walk the whole table with keyset paging, as the library does. Each emulator page is followed by one
    // ceiling page, so both see the same machine load (the CPU may be shared) and the ratio stays fair.
    let last = '';
    let pages = 0;
    const cpu0 = [cpuMs(emu.child.pid), cpuMs(raw.child.pid)];
    let total = 0;
    let rawTotal = 0;
    let emulatorMs = 0;
    let rawMs = 0;
    const rawPageMs: number[] = [];
    for (;;) {
      let t0 = performance.now();
      const page = await getPage(agent, pageUrl(last));
      emulatorMs += performance.now() - t0;
      if (page.records === 0) break;
      pages++;
      total += page.records;
      last = page.lastSysId;
      t0 = performance.now();
      rawTotal += (await getPage(agent, raw.line)).records;
      rawPageMs.push(performance.now() - t0);
      rawMs += performance.now() - t0;
    }

    const cpuPerPage = (i: 0 | 1, pid: number | undefined): string => fmt((cpuMs(pid) - (cpu0[i] ?? 0)) / pages, 1);
    const serverCpu = `${cpuPerPage(0, emu.child.pid)} ms emulator, ${cpuPerPage(1, raw.child.pid)} ms ceiling`;

    // First-page latency filtered on an indexed field: the first request (nothing cached for this query),
    // then the median of repeats (the X-Total-Count is then served from the count cache).
    const latencies: number[] = [];
    for (let i = 0; i < 31; i++) {
      const t0 = performance.now();
      await getPage(agent, `${base}?sysparm_query=priority%3D1&sysparm_limit=${PAGE}`);
      latencies.push(performance.now() - t0);
    }
    const cold = latencies.shift() ?? Number.NaN;

    const emulatorRate = total / (emulatorMs / 1000);
    const rawRate = rawTotal / (rawMs / 1000);
    report(`emulator-list: ${fmt(total)} incidents, page size ${PAGE}, keyset paging`, [
      ['emulator', `${fmt(emulatorRate)} records/s`],
      ['baseline (node:http, same JSON)', `${fmt(rawRate)} records/s`],
      ['ratio (target >= 0.8)', fmt(emulatorRate / rawRate, 2)],
      ['server CPU per page (walk)', serverCpu],
      ['first page priority=1, first request', `${fmt(cold, 1)} ms`],
      [
        'first page priority=1, median',
        `${fmt(percentile(latencies, 50), 1)} ms (p90 ${fmt(percentile(latencies, 90), 1)} ms)`,
      ],
      ['ceiling 1000-record page, median', `${fmt(percentile(rawPageMs, 50), 1)} ms (same size, for scale)`],
    ]);
  } finally {
    await agent.close();
    await stopChild(emu.child);
    if (raw) await stopChild(raw.child);
  }
}
