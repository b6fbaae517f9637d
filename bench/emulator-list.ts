/**
 * Emulator list throughput on a 100k-incident table, page size 1000, against the ceiling: a bare node:http server
 * sending the same pre-serialised page. Both servers run in a child process; the client loop is identical.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startChild, stopChild } from './support/child.js';
import { fmt, percentile, report } from './support/stats.js';

const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const N = Number(process.env.BENCH_INCIDENTS ?? '100000');
const PAGE = 1000;

async function getPage(agent: Agent, url: string): Promise<{ body: string; records: number }> {
  const res = await request(url, { dispatcher: agent, headers: { authorization: AUTH, accept: 'application/json' } });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${body.slice(0, 200)}`);
  const parsed = JSON.parse(body) as { result: Array<{ sys_id: string }> };
  return { body, records: parsed.result.length };
}

export async function runEmulatorList(): Promise<void> {
  const emu = await startChild('bench/support/serve-emulator.ts', [String(N)]);
  const agent = new Agent({ connections: 1, pipelining: 1 });
  try {
    const base = `${emu.line}/api/now/v2/table/incident`;
    // Walk the whole table with keyset paging, as the library does.
    let last = '';
    let total = 0;
    let firstBody = '';
    const started = performance.now();
    for (;;) {
      const q = encodeURIComponent(last ? `sys_id>${last}^ORDERBYsys_id` : 'ORDERBYsys_id');
      const page = await getPage(agent, `${base}?sysparm_query=${q}&sysparm_limit=${PAGE}&sysparm_fields=`);
      if (page.records === 0) break;
      if (!firstBody) firstBody = page.body;
      total += page.records;
      const parsed = JSON.parse(page.body) as { result: Array<{ sys_id: string }> };
      last = parsed.result.at(-1)!.sys_id;
    }
    const emulatorSeconds = (performance.now() - started) / 1000;

    // First-page latency filtered on an indexed field.
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await getPage(agent, `${base}?sysparm_query=priority%3D1&sysparm_limit=${PAGE}`);
      latencies.push(performance.now() - t0);
    }
    await stopChild(emu.child);

    const dir = mkdtempSync(join(tmpdir(), 'nowrest-bench-'));
    const bodyFile = join(dir, 'page.json');
    writeFileSync(bodyFile, firstBody);
    const raw = await startChild('bench/support/serve-raw.ts', [bodyFile]);
    const pages = Math.ceil(total / PAGE);
    const rawStarted = performance.now();
    let rawTotal = 0;
    for (let i = 0; i < pages; i++) rawTotal += (await getPage(agent, raw.line)).records;
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    await stopChild(raw.child);

    const emulatorRate = total / emulatorSeconds;
    const rawRate = rawTotal / rawSeconds;
    report(`emulator-list: ${fmt(total)} incidents, page size ${PAGE}, keyset paging`, [
      ['emulator', `${fmt(emulatorRate)} records/s`],
      ['baseline (node:http, same JSON)', `${fmt(rawRate)} records/s`],
      ['ratio (target >= 0.5)', fmt(emulatorRate / rawRate, 2)],
      [
        'first page priority=1, median',
        `${fmt(percentile(latencies, 50), 1)} ms (p90 ${fmt(percentile(latencies, 90), 1)} ms)`,
      ],
    ]);
  } finally {
    await agent.close();
    await stopChild(emu.child);
  }
}
