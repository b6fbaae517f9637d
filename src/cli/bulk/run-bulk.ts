import type { InputItem } from '../input/record-source.js';
import { describeError } from '../report-error.js';
import type { FailuresFile } from './failures-file.js';

/** What happened to one record. */
export type BulkOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/** Counts per outcome, plus failures. */
export type BulkCounts = Record<BulkOutcome | 'failed', number>;

export interface BulkOptions {
  readonly concurrency: number;
  readonly failures: FailuresFile;
  readonly signal?: AbortSignal | undefined;
  /** Called after every record, for progress. */
  readonly onRecord?: (counts: BulkCounts) => void;
}

/**
 * Errors that every record would meet (unknown table, refused credentials, bad configuration). When one comes
 * before any record was written, the run stops and throws it, so the user gets one clear error and an exit
 * code instead of a failures file holding every record; nothing was written, so the same command can simply
 * be run again once it is fixed.
 */
const RUN_WIDE = new Set(['SN_UNKNOWN_TABLE', 'SN_UNAUTHENTICATED', 'SN_REAUTH_REQUIRED', 'SN_OAUTH', 'SN_CONFIG']);

type FailureEntry = Parameters<FailuresFile['add']>[0];

/**
 * Applies `op` to every input record with at most `concurrency` in flight. A record that cannot be parsed
 * or whose request fails is written to the failures file with its error and line; the others go on.
 * Input is pulled only as slots free up, so memory stays bounded on huge inputs.
 *
 * @throws the first run-wide error (see {@link RUN_WIDE}) when it comes before any record was written.
 */
export async function runBulk(
  items: AsyncIterable<InputItem>,
  op: (record: Record<string, unknown>) => Promise<BulkOutcome>,
  options: BulkOptions,
): Promise<BulkCounts> {
  const counts: BulkCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  const written = () => counts.created + counts.updated + counts.unchanged + counts.deleted;
  const inFlight = new Set<Promise<void>>();
  /** A run-wide error met before anything was written, and the records held back with it. */
  let stop: { error: unknown; held: FailureEntry[] } | undefined;
  const fail = async (entry: FailureEntry) => {
    counts.failed += 1;
    await options.failures.add(entry);
  };
  const handle = async (item: InputItem): Promise<void> => {
    if ('error' in item) {
      await fail({ line: item.line, record: null, raw: item.raw, error: { code: 'CLI_PARSE', message: item.error } });
    } else {
      try {
        counts[await op(item.record)] += 1;
      } catch (err) {
        const report = describeError(err);
        const entry = { line: item.line, record: item.record, error: { code: report.code, message: report.message } };
        if (RUN_WIDE.has(report.code) && written() === 0) {
          stop ??= { error: err, held: [] };
          stop.held.push(entry);
        } else {
          await fail(entry);
        }
      }
    }
    options.onRecord?.(counts);
  };
  /** Once a run-wide error is held: throws it if still nothing was written, else files the held records. */
  const settle = async (): Promise<void> => {
    if (stop === undefined) return;
    await Promise.all(inFlight);
    if (written() === 0) throw stop.error;
    const { held } = stop;
    stop = undefined;
    for (const entry of held) await fail(entry);
  };
  for await (const item of items) {
    if (options.signal?.aborted) break;
    await settle();
    const p: Promise<void> = handle(item).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= Math.max(1, options.concurrency)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await settle();
  return counts;
}
