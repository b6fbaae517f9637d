/**
 * Peak RSS of a library export (`for await` over every incident, NDJSON to the null device) at two table sizes, each
 * in its own child process, with the emulator in a third process so its memory is not counted. The table grows
 * between the runs through the emulator's data generator. Target: <= 200 MB at 1M records and flat in N.
 * Sizes: BENCH_RSS_SMALL (default 100k) and BENCH_RSS_LARGE (default 500k; set 1000000 for the full target).
 */
import { Agent, fetch } from 'undici';
import { transpile } from '../scripts/transpile.mjs';
import { BASIC_AUTH, envInt } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, mb, report } from './support/stats.js';

const SMALL = envInt('BENCH_RSS_SMALL', 100_000);
const LARGE = envInt('BENCH_RSS_LARGE', 500_000);
const PAGE = envInt('BENCH_PAGE_SIZE', 1000);

interface ExportResult {
  readonly records: number;
  readonly seconds: number;
  readonly peakRssBytes: number;
}

async function exportIn(childScript: string, url: string, idle = false): Promise<ExportResult> {
  const args = [url, String(PAGE), '1', ...(idle ? ['idle'] : [])];
  const { line, child } = await startChild(childScript, args);
  await stopChild(child);
  return JSON.parse(line) as ExportResult;
}

async function grow(url: string, count: number): Promise<void> {
  // Generating 900k rows can take longer than undici's default 300 s headers timeout on a busy machine.
  const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });
  const res = await fetch(`${url}/__emulator/generate`, {
    dispatcher: patient,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: BASIC_AUTH },
    body: JSON.stringify({ table: 'incident', count }),
  });
  const text = await res.text();
  await patient.close();
  if (!res.ok) throw new Error(`generate ${count}: HTTP ${res.status} ${text}`);
}

export async function runLibExportRss(): Promise<void> {
  if (LARGE <= SMALL) throw new Error(`BENCH_RSS_LARGE (${LARGE}) must be above BENCH_RSS_SMALL (${SMALL})`);
  // The export child runs transpiled, on node alone, as a user's built application does: under tsx its RSS
  // would also hold tsx's loader thread (about 34 MB).
  const transpiled = await transpile(['src', 'bench/support']);
  const childScript = transpiled.entry('bench/support/export-child.ts');
  const emu = await startChild('bench/support/serve-emulator.ts', [String(SMALL)]);
  try {
    const idle = await exportIn(childScript, emu.line, true);
    const small = await exportIn(childScript, emu.line);
    await grow(emu.line, LARGE - small.records);
    const large = await exportIn(childScript, emu.line);
    const row = (r: ExportResult): string => `peak RSS ${mb(r.peakRssBytes)} (${fmt(r.records / r.seconds)} records/s)`;
    report(`lib-export-rss: library export to NDJSON, page size ${PAGE}, single stream, one transpiled child per run`, [
      [`export of ${fmt(large.records)} records`, row(large)],
      [`baseline: export of ${fmt(small.records)} records`, row(small)],
      ['ratio large/small (target ~1.0: flat in N)', fmt(large.peakRssBytes / small.peakRssBytes, 2)],
      ['idle child (library loaded, no export)', `peak RSS ${mb(idle.peakRssBytes)}`],
      ['target', `<= 200 MB at 1,000,000 records (this run: ${fmt(large.records)})`],
    ]);
  } finally {
    await stopChild(emu.child);
    transpiled.remove();
  }
}
