/**
 * Bulk read through the library iterator (`for await` over `table('incident').list()`, keyset paging) against a
 * raw undici loop making the same requests (same URLs and page size) and JSON.parse. Runs alternate so drift and
 * noise hit both sides alike. Two servers: the emulator (bound by the emulator's own serving cost), and a
 * pre-serialised page server (bound by client work, where a library overhead would show). Client CPU per record is
 * printed too: on a shared machine it is steadier than wall-clock rates. Target (issue 16): against the page server,
 * library >= 0.95x raw records/s and <= 1.1x its CPU per record.
 * Sizes: BENCH_ITERATOR_RECORDS (default 100k), BENCH_PAGE_SIZE (1000), BENCH_ROUNDS (3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { BASIC_AUTH, emulatorClient, envInt, median } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, report } from './support/stats.js';

const N = envInt('BENCH_ITERATOR_RECORDS', 100_000);
const PAGE = envInt('BENCH_PAGE_SIZE', 1000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);

/** One keyset page, as the library requests it; returns the body text. */
async function getPage(agent: Agent, url: string, last: string): Promise<string> {
  const query = last ? `sys_id>${last}^ORDERBYsys_id` : 'ORDERBYsys_id';
  const params = new URLSearchParams({ sysparm_query: query, sysparm_limit: String(PAGE) });
  // As the library does: only the first page asks for X-Total-Count.
  if (last) params.set('sysparm_no_count', 'true');
  const res = await request(`${url}/api/now/v2/table/incident?${params.toString()}`, {
    dispatcher: agent,
    headers: { authorization: BASIC_AUTH, accept: 'application/json' },
  });
  const body = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`raw loop: HTTP ${res.statusCode}: ${body.slice(0, 200)}`);
  return body;
}

/** The raw loop: keyset paging by hand, exactly the requests the library sends. */
async function rawRead(agent: Agent, url: string): Promise<number> {
  let last = '';
  let total = 0;
  for (;;) {
    const body = await getPage(agent, url, last);
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

interface Run {
  readonly records: number;
  readonly rate: number;
  /** Client CPU (user + system) per record, microseconds. */
  readonly cpuUs: number;
}

async function timed(read: () => Promise<number>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const records = await read();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { records, rate: records / seconds, cpuUs: (used.user + used.system) / records };
}

/** Warm-up pass of each, then ROUNDS alternating pairs; medians of each side. */
async function compare(agent: Agent, url: string): Promise<{ records: number; lib: Run[]; raw: Run[] }> {
  await rawRead(agent, url);
  await libraryRead(url);
  const raw: Run[] = [];
  const lib: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    raw.push(await timed(() => rawRead(agent, url)));
    lib.push(await timed(() => libraryRead(url)));
    if (raw.at(-1)!.records !== lib.at(-1)!.records) {
      throw new Error(`raw loop read ${raw.at(-1)!.records} records, library ${lib.at(-1)!.records}`);
    }
  }
  return { records: lib[0]!.records, lib, raw };
}

function rows(server: string, result: { lib: Run[]; raw: Run[] }): Array<[string, string]> {
  const rate = (runs: Run[]): number => median(runs.map((r) => r.rate));
  const cpu = (runs: Run[]): number => median(runs.map((r) => r.cpuUs));
  const line = (runs: Run[]): string =>
    `${fmt(rate(runs))} records/s, ${fmt(cpu(runs), 1)} us CPU/record (runs: ${runs.map((r) => fmt(r.rate)).join(', ')})`;
  return [
    [`${server}: library for await`, line(result.lib)],
    [`${server}: baseline raw undici + JSON.parse`, line(result.raw)],
    [`${server}: ratio (target >= 0.95)`, fmt(rate(result.lib) / rate(result.raw), 2)],
    [`${server}: CPU per record, library/raw (target <= 1.1)`, fmt(cpu(result.lib) / cpu(result.raw), 2)],
  ];
}

export async function runLibIterator(): Promise<void> {
  const agent = new Agent({ connections: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'nowrest-bench-'));
  let server: Awaited<ReturnType<typeof startChild>> | undefined;
  try {
    server = await startChild('bench/support/serve-emulator.ts', [String(N)]);
    const onEmulator = await compare(agent, server.line);
    const template = join(dir, 'page.json');
    writeFileSync(template, await getPage(agent, server.line, ''));
    await stopChild(server.child);
    server = await startChild('bench/support/serve-pages.ts', [template, String(onEmulator.records)]);
    const onPages = await compare(agent, server.line);
    report(
      `lib-iterator: ${fmt(onEmulator.records)} incidents, page size ${PAGE}, keyset paging, median of ${ROUNDS}`,
      [...rows('emulator', onEmulator), ...rows('page server (client-bound)', onPages)],
    );
  } finally {
    await agent.close();
    if (server) await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
