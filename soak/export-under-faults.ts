/**
 * Item 1: export every incident with the real CLI while about 10% of the requests fail (429 with Retry-After,
 * 503, connection reset, truncated body, transaction timeout), single-stream and partitioned; then with a
 * row-level ACL hiding rows so pages come back short. Nothing may be lost or duplicated: the exported
 * sys_ids must match the emulator's table by count and checksum.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_FAULT_KINDS, addFault, addFaultMix, clearFaults, firedFaults, readAll, totalFired } from './control.js';
import { compareSets, sysIdChecksum } from './checksum.js';
import { check, type CliSandbox, type Check, type ScenarioContext, type ScenarioReport } from './scenario.js';

export interface ExportSoakOptions {
  /** Incidents in the table (the issue: 50 000). */
  readonly records: number;
  readonly pageSize: number;
  /** Parallel sys_id ranges for the partitioned run. */
  readonly partitions: number;
  /** Share of requests that fail (the issue: 0.1). */
  readonly faultRate: number;
  /** Share of rows a row-level ACL hides in the short-page run. */
  readonly hiddenShare: number;
  /** Export attempts allowed per run; attempts after the first use --resume. */
  readonly maxAttempts: number;
  /** Retry-After of the injected 429s, in seconds. */
  readonly retryAfter: number;
}

export const EXPORT_DEFAULTS: ExportSoakOptions = {
  records: 50_000,
  pageSize: 1000,
  partitions: 4,
  faultRate: 0.1,
  hiddenShare: 0.2,
  maxAttempts: 10,
  retryAfter: 1,
};

/** Every Table API path (the CLI talks to /api/now/v2/table/...). */
const PATH = '/api/now/';

interface ExportRun {
  readonly ids: string[];
  readonly attempts: number;
  /** The error line of each failed attempt (each was followed by --resume). */
  readonly failedAttempts: string[];
  readonly seconds: number;
  readonly fired: Record<string, number>;
}

/** Runs `nowrest export`, resuming from the checkpoint after a failed attempt, until it finishes. */
async function exportWithResume(
  sb: CliSandbox,
  url: string,
  file: string,
  flags: string[],
  o: ExportSoakOptions,
): Promise<ExportRun> {
  const started = performance.now();
  let attempts = 0;
  const failedAttempts: string[] = [];
  for (; attempts < o.maxAttempts;) {
    attempts += 1;
    const hasCheckpoint = await readFile(join(sb.dir, `${file}.checkpoint.json`)).then(
      () => true,
      () => false,
    );
    const argv = ['export', 'incident', '-c', 'soak', '--output', file, '--page-size', String(o.pageSize), ...flags];
    const r = await sb.run(hasCheckpoint ? [...argv, '--resume'] : argv);
    if (r.code === 0) {
      const text = await readFile(join(sb.dir, file), 'utf8');
      const ids = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { sys_id: string }).sys_id);
      const fired = await firedFaults(url);
      return { ids, attempts, failedAttempts, seconds: (performance.now() - started) / 1000, fired };
    }
    failedAttempts.push(`exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}`);
  }
  throw new Error(`export did not finish in ${o.maxAttempts} attempts; last error: ${failedAttempts.pop() ?? ''}`);
}

function judge(label: string, run: ExportRun, expected: ReadonlySet<string>, checks: Check[]): string {
  const { lost, duplicated, unexpected } = compareSets(run.ids, expected);
  const same = sysIdChecksum(run.ids) === sysIdChecksum(expected);
  checks.push(
    check(
      `${label}: 0 lost, 0 duplicated`,
      lost === 0 && duplicated === 0 && unexpected === 0 && same && run.ids.length === expected.size,
      `exported ${run.ids.length} of ${expected.size}; lost ${lost}, duplicated ${duplicated}, unexpected ${unexpected}; checksum ${same ? 'equal' : 'DIFFERENT'} (${sysIdChecksum(run.ids)})`,
    ),
  );
  const faults = EXPORT_FAULT_KINDS.map((k) => `${k} ${run.fired[k] ?? 0}`).join(', ');
  return `${run.ids.length} records in ${run.seconds.toFixed(1)} s (${Math.round(run.ids.length / run.seconds)}/s), ${run.attempts} attempt(s)${run.failedAttempts.length > 0 ? ` (resumed after: ${run.failedAttempts.join('; ')})` : ''}; faults hit: ${totalFired(run.fired, EXPORT_FAULT_KINDS)} (${faults})`;
}

export async function runExportSoak(ctx: ScenarioContext, o: ExportSoakOptions): Promise<ScenarioReport> {
  const emulator = await ctx.startEmulator({ incidents: o.records });
  const sb = await ctx.createCli(emulator.url);
  const checks: Check[] = [];
  const figures: [string, string][] = [];
  let faultsHit = 0;
  try {
    const all = await readAll(emulator.url, 'incident', '');
    const expected = new Set(all.map((r) => r['sys_id']!));
    ctx.log(`export: ${expected.size} incidents, checksum ${sysIdChecksum(expected)}`);
    figures.push(['table', `${expected.size} incidents, sys_id checksum ${sysIdChecksum(expected)}`]);

    for (const [label, flags] of [
      ['single stream', []],
      [`${o.partitions} partitions`, ['--concurrency', String(o.partitions)]],
    ] as const) {
      await clearFaults(emulator.url);
      await addFaultMix(emulator.url, o.faultRate, PATH, EXPORT_FAULT_KINDS, o.retryAfter);
      const file = `export-${flags.length === 0 ? 'single' : 'partitioned'}.ndjson`;
      const run = await exportWithResume(sb, emulator.url, file, [...flags], o);
      faultsHit += totalFired(run.fired, EXPORT_FAULT_KINDS);
      figures.push([label, judge(label, run, expected, checks)]);
      ctx.log(`export ${label}: ${figures[figures.length - 1]![1]}`);
      await unlink(join(sb.dir, file));
    }

    // Row-level ACL: the same rows are hidden on every request, so the visible set is what a plain read sees.
    await clearFaults(emulator.url);
    await addFault(emulator.url, { kind: 'hide-rows', fraction: o.hiddenShare, path: PATH });
    const visible = new Set((await readAll(emulator.url, 'incident', '')).map((r) => r['sys_id']!));
    await addFaultMix(emulator.url, o.faultRate, PATH, EXPORT_FAULT_KINDS, o.retryAfter);
    const run = await exportWithResume(sb, emulator.url, 'export-acl.ndjson', [], o);
    faultsHit += totalFired(run.fired, EXPORT_FAULT_KINDS);
    const label = 'short pages (ACL)';
    const line = judge(label, run, visible, checks);
    const hidden = expected.size - visible.size;
    const pages = Math.ceil(expected.size / o.pageSize);
    checks.push(
      check(
        `${label}: pages really were short`,
        hidden > 0 && visible.size > 0,
        `${hidden} of ${expected.size} rows hidden; about ${Math.round(visible.size / pages)} visible rows per page of ${o.pageSize}`,
      ),
    );
    figures.push([label, `${hidden} rows hidden; ${line}`]);
    ctx.log(`export ${label}: ${line}`);
    checks.push(check('faults were injected', faultsHit > 0, `${faultsHit} faulted requests over the three runs`));
    return { checks, figures };
  } finally {
    await clearFaults(emulator.url).catch(() => undefined);
    await sb.cleanup();
    await emulator.close();
  }
}
