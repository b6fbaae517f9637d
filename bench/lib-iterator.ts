/**
 * Bulk read through the library iterator (`for await` over `table('incident').list()`, keyset paging) against a
 * raw undici loop making the same requests (same URL, page size and headers) and JSON.parse. One emulator child
 * serves both; the runs alternate so drift and noise hit both sides alike. Target: library >= 0.9x raw.
 */
import { Agent, request } from 'undici';
import { BASIC_AUTH, emulatorClient, envInt, median } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, report } from './support/stats.js';

const N = envInt('BENCH_ITERATOR_RECORDS', 100_000);
const PAGE = envInt('BENCH_PAGE_SIZE', 1000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);

/** The raw loop: keyset paging by hand, exactly the requests the library sends. */
async function rawRead(agent: Agent, url: string): Promise<number> {
  const base = `${url}/api/now/v2/table/incident`;
  let last = '';
  let total = 0;
  for (;;) {
    const query = last ? `sys_id>${last}^ORDERBYsys_id` : 'ORDERBYsys_id';
    const params = new URLSearchParams({ sysparm_query: query, sysparm_limit: String(PAGE) });
    const res = await request(`${base}?${params.toString()}`, {
      dispatcher: agent,
      headers: { authorization: BASIC_AUTH, accept: 'application/json' },
    });
    const body = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`raw loop: HTTP ${res.statusCode}: ${body.slice(0, 200)}`);
    const records = (JSON.parse(body) as { result: Array<{ sys_id: string }> }).result;
    if (records.length === 0) return total;
    total += records.length;
    last = records[records.length - 1]!.sys_id;
  }
}

async function libraryRead(url: string): Promise<number> {
  const sn = emulatorClient(url);
  try {
    let total = 0;
    for await (const record of sn.table('incident').list({ pageSize: PAGE })) {
      if (record.sys_id !== undefined) total += 1;
    }
    return total;
  } finally {
    await sn.close();
  }
}

async function timed(read: () => Promise<number>): Promise<{ records: number; rate: number }> {
  const started = performance.now();
  const records = await read();
  return { records, rate: records / ((performance.now() - started) / 1000) };
}

export async function runLibIterator(): Promise<void> {
  const emu = await startChild('bench/support/serve-emulator.ts', [String(N)]);
  const agent = new Agent({ connections: 1 });
  try {
    // One warm-up pass of each (JIT, SQLite page cache), not counted.
    await rawRead(agent, emu.line);
    await libraryRead(emu.line);
    const raw: number[] = [];
    const lib: number[] = [];
    let records = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const r = await timed(() => rawRead(agent, emu.line));
      const l = await timed(() => libraryRead(emu.line));
      if (r.records !== l.records) throw new Error(`raw read ${r.records} records, library ${l.records}`);
      records = l.records;
      raw.push(r.rate);
      lib.push(l.rate);
    }
    const libRate = median(lib);
    const rawRate = median(raw);
    report(`lib-iterator: ${fmt(records)} incidents, page size ${PAGE}, keyset paging, median of ${ROUNDS} runs`, [
      ['library for await', `${fmt(libRate)} records/s (runs: ${lib.map((x) => fmt(x)).join(', ')})`],
      ['baseline (raw undici + JSON.parse)', `${fmt(rawRate)} records/s (runs: ${raw.map((x) => fmt(x)).join(', ')})`],
      ['ratio (target >= 0.9)', fmt(libRate / rawRate, 2)],
    ]);
  } finally {
    await agent.close();
    await stopChild(emu.child);
  }
}
