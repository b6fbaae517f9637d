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
 * Applies `op` to every input record with at most `concurrency` in flight. A record that cannot be parsed
 * or whose request fails is written to the failures file with its error and line; the others go on.
 * Input is pulled only as slots free up, so memory stays bounded on huge inputs.
 */
export async function runBulk(
  items: AsyncIterable<InputItem>,
  op: (record: Record<string, unknown>) => Promise<BulkOutcome>,
  options: BulkOptions,
): Promise<BulkCounts> {
  const counts: BulkCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  const inFlight = new Set<Promise<void>>();
  const fail = async (entry: Parameters<FailuresFile['add']>[0]) => {
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
        await fail({ line: item.line, record: item.record, error: { code: report.code, message: report.message } });
      }
    }
    options.onRecord?.(counts);
  };
  for await (const item of items) {
    if (options.signal?.aborted) break;
    const p: Promise<void> = handle(item).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= Math.max(1, options.concurrency)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return counts;
}
