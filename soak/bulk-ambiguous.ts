/**
 * Item 2: bulk creates with the real CLI while the emulator drops the connection after it has acted
 * (`reset-after`), so the client cannot know whether a record was created. With default settings nothing is
 * duplicated, every record not known to be created is in the failures file with what a safe retry needs,
 * and upserting by a coalesce key, rerun over the same input, converges to exactly one row per key.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addFault, clearFaults, firedFaults, readAll } from './control.js';
import { check, type CliSandbox, type Check, type ScenarioContext, type ScenarioReport } from './scenario.js';

export interface BulkSoakOptions {
  /** Records to create (the issue: 1 000). */
  readonly creates: number;
  /** Share of write requests whose connection drops after the emulator applied them. */
  readonly faultRate: number;
  /** Upsert reruns allowed before convergence is declared failed. */
  readonly maxRounds: number;
}

export const BULK_DEFAULTS: BulkSoakOptions = { creates: 1000, faultRate: 0.1, maxRounds: 10 };

/** The coalesce key: incidents have no external-id field, so each input row carries a unique short_description. */
const KEY = 'short_description';

interface FailureLine {
  readonly line: number;
  readonly record: Record<string, unknown> | null;
  readonly error: { readonly code: string; readonly message: string };
}

interface BulkRun {
  readonly counts: Record<string, number>;
  readonly failures: FailureLine[];
}

async function bulk(sb: CliSandbox, argv: string[], input: string, failuresFile: string): Promise<BulkRun> {
  const r = await sb.run([...argv, '-c', 'soak', '--file', input, '--failures', failuresFile, '--json']);
  if (r.code !== 0 && r.code !== 5) throw new Error(`${argv.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  const counts = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  const text = await readFile(join(sb.dir, failuresFile), 'utf8').catch(() => '');
  const failures = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as FailureLine);
  return { counts, failures };
}

/** Rows per key value among the rows whose key starts with the run's prefix. */
async function rowsPerKey(url: string, prefix: string): Promise<Map<string, number>> {
  const rows = await readAll(url, 'incident', `${KEY}STARTSWITH${prefix}`, [KEY]);
  const per = new Map<string, number>();
  for (const r of rows) per.set(r[KEY]!, (per.get(r[KEY]!) ?? 0) + 1);
  return per;
}

const ndjson = (records: readonly Record<string, unknown>[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');

export async function runBulkSoak(ctx: ScenarioContext, o: BulkSoakOptions): Promise<ScenarioReport> {
  const emulator = await ctx.startEmulator({ incidents: 1 });
  const sb = await ctx.createCli(emulator.url);
  const checks: Check[] = [];
  const figures: [string, string][] = [];
  const prefix = `soak-bulk-${Date.now().toString(36)}-`;
  const input = Array.from({ length: o.creates }, (_, i) => ({
    [KEY]: `${prefix}${String(i).padStart(6, '0')}`,
    description: `bulk soak record ${i}`,
    urgency: String((i % 3) + 1),
  }));
  const keys = input.map((r) => r[KEY]);
  try {
    await writeFile(join(sb.dir, 'input.ndjson'), ndjson(input));
    // Mostly drops after the write was applied; a third of them before it, so some failures were never created.
    const faulty = async () => {
      await addFault(emulator.url, { kind: 'reset-after', probability: o.faultRate, path: '/api/now/' });
      await addFault(emulator.url, { kind: 'reset', probability: o.faultRate / 2, path: '/api/now/' });
    };

    // 1. Creates with default settings while connections drop after the write.
    await faulty();
    const started = performance.now();
    const created = await bulk(sb, ['create', 'incident'], 'input.ndjson', 'failures-create.ndjson');
    const seconds = (performance.now() - started) / 1000;
    const firedKinds = await firedFaults(emulator.url);
    const fired = `${firedKinds['reset-after'] ?? 0} connections dropped after the write, ${firedKinds['reset'] ?? 0} before it`;
    await clearFaults(emulator.url);
    const per = await rowsPerKey(emulator.url, prefix);
    const duplicatedKeys = [...per.values()].filter((n) => n > 1).length;
    const failedKeys = new Set(created.failures.map((f) => String(f.record?.[KEY])));
    const missingNotReported = keys.filter((k) => !per.has(k) && !failedKeys.has(k)).length;
    const appliedButFailed = [...failedKeys].filter((k) => per.has(k)).length;
    const knownCreated = created.counts['created'] ?? 0;
    checks.push(
      check(
        'creates: no record duplicated',
        duplicatedKeys === 0 && per.size <= o.creates,
        `${per.size} rows for ${o.creates} inputs; ${duplicatedKeys} keys with more than one row`,
      ),
      check(
        'creates: every record not known created is in the failures file',
        missingNotReported === 0 && knownCreated + created.failures.length === o.creates,
        `created ${knownCreated} + failures ${created.failures.length} = ${knownCreated + created.failures.length} of ${o.creates}; ${missingNotReported} missing rows not reported`,
      ),
    );
    const retryable = created.failures.filter(
      (f) =>
        f.record !== null &&
        f.record[KEY] !== undefined &&
        JSON.stringify(f.record) === JSON.stringify(input[f.line - 1]) &&
        /may have processed/.test(f.error.message),
    ).length;
    checks.push(
      check(
        'creates: each failure carries the full record, its line and "may have been processed"',
        retryable === created.failures.length,
        `${retryable} of ${created.failures.length} failure lines`,
      ),
    );
    figures.push([
      'creates',
      `${o.creates} in ${seconds.toFixed(1)} s; ${fired}; created ${knownCreated}, in failures file ${created.failures.length} (of which ${appliedButFailed} had in fact been applied); duplicates ${duplicatedKeys}`,
    ]);
    ctx.log(`bulk creates: ${figures[figures.length - 1]![1]}`);

    // 2. Retry the failures safely: upsert by the key (never a blind create), then rerun over the whole input.
    let pending = created.failures.map((f) => f.record!);
    const rounds: string[] = [];
    for (const [phase, source] of [
      ['retry failures', 'failures'],
      ['rerun all input', 'all'],
    ] as const) {
      if (source === 'all') pending = input;
      for (let round = 1; pending.length > 0; round++) {
        if (round > o.maxRounds)
          throw new Error(`${phase}: still ${pending.length} failures after ${o.maxRounds} upsert runs`);
        const file = `upsert-${source}-${round}.ndjson`;
        await writeFile(join(sb.dir, file), ndjson(pending));
        await faulty();
        const r = await bulk(sb, ['upsert', 'incident', '--key', KEY], file, `failures-${file}`);
        await clearFaults(emulator.url);
        rounds.push(
          `${phase} #${round}: ${pending.length} in, created ${r.counts['created'] ?? 0}, unchanged ${r.counts['unchanged'] ?? 0}, updated ${r.counts['updated'] ?? 0}, failed ${r.failures.length}`,
        );
        pending = r.failures.map((f) => f.record!);
      }
    }
    const final = await rowsPerKey(emulator.url, prefix);
    const notOne = keys.filter((k) => final.get(k) !== 1).length;
    checks.push(
      check(
        'upsert reruns converge to exactly one row per key',
        notOne === 0 && final.size === o.creates,
        `${final.size} keys in the table for ${o.creates} inputs; ${notOne} keys without exactly one row`,
      ),
    );
    figures.push(['upsert reruns (same faults)', rounds.join('; ')]);
    ctx.log(`bulk upserts: ${rounds.join('; ')}`);
    return { checks, figures };
  } finally {
    await clearFaults(emulator.url).catch(() => undefined);
    await sb.cleanup();
    await emulator.close();
  }
}
