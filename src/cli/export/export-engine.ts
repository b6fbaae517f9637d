import { open, stat } from 'node:fs/promises';
import { analyseQuery, andEveryGroup, partitionSysIds } from '../../lib/pagination.js';
import { sysIdOf } from '../../lib/sys-id.js';
import { usageError } from '../cli-error.js';
import { createRecordFormatter } from '../output/record-format.js';
import type { Progress } from '../output/progress.js';
import {
  checkpointPath,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type ExportCheckpoint,
  type PartitionState,
} from './checkpoint.js';

/** A page as the export needs it. */
export interface ExportPage {
  readonly records: Record<string, unknown>[];
}

/** Lists pages for one encoded query (the library's RecordList.pages()), in sys_id order. */
export type PageSource = (query: string, signal: AbortSignal) => AsyncIterable<ExportPage>;

export interface ExportOptions {
  readonly table: string;
  /** The user's query; ORDERBY terms are dropped because keyset paging orders by sys_id. */
  readonly query: string;
  readonly format: 'ndjson' | 'csv';
  /** Requested fields (sys_id is added when missing: resuming needs it). */
  readonly fields: string[] | undefined;
  readonly output: string;
  readonly resume: boolean;
  /** Informational messages (e.g. that --resume found nothing to resume). */
  readonly onNote?: (message: string) => void;
  readonly concurrency: number;
  readonly pages: PageSource;
  /** Total number of records the query matches (for progress), when known. */
  readonly total: number | undefined;
  readonly progress: Progress;
  readonly signal: AbortSignal | undefined;
}

export interface ExportResult {
  readonly exported: number;
  readonly interrupted: boolean;
  readonly checkpoint: string;
}

/** The user's query without ORDERBY/GROUPBY terms (keyset paging needs ORDERBYsys_id alone). */
export function exportBaseQuery(query: string): { query: string; droppedOrder: boolean } {
  const { groups, orderTerms } = analyseQuery(query);
  return { query: groups.map((g) => g.join('^')).join('^NQ'), droppedOrder: orderTerms.length > 0 };
}

function partitionQuery(base: string, p: PartitionState): string {
  const conds = [p.from ? `sys_id>=${p.from}` : '', p.to ? `sys_id<${p.to}` : '', p.last ? `sys_id>${p.last}` : ''];
  return andEveryGroup(base, conds);
}

type Tagged = { index: number; result: IteratorResult<ExportPage> };

/**
 * Exports a table to NDJSON or CSV with a checkpoint after every page, so `--resume` continues without
 * duplicates or gaps after a crash or Ctrl-C. With concurrency N the sys_id space is split into N ranges
 * fetched in parallel; each range is keyset-paged in sys_id order and tracked separately.
 */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
  const cpPath = checkpointPath(options.output);
  const base = exportBaseQuery(options.query).query;
  const fields = options.fields && !options.fields.includes('sys_id') ? ['sys_id', ...options.fields] : options.fields;
  const existing = await readCheckpoint(cpPath);
  let cp: ExportCheckpoint;
  if (options.resume && existing) {
    const same =
      existing.table === options.table &&
      existing.query === base &&
      existing.format === options.format &&
      JSON.stringify(existing.fields) === JSON.stringify(fields ?? null);
    if (!same) {
      throw usageError(
        `${cpPath} belongs to a different export (table, query, format or fields differ)`,
        'repeat the original command with --resume, or delete the checkpoint to start over',
      );
    }
    cp = existing;
  } else {
    if (existing && !options.resume) {
      throw usageError(
        `${options.output} has an unfinished export (${cpPath})`,
        'add --resume to continue it, or delete the checkpoint file to start over',
      );
    }
    if (options.resume) {
      // Nothing to resume. Starting over would replace a file that may be a finished export; with no file yet
      // (a script that always passes --resume) a fresh export is what was meant.
      const outputExists = await stat(options.output).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return false;
          throw err;
        },
      );
      if (outputExists) {
        throw usageError(
          `nothing to resume: ${options.output} has no checkpoint (${cpPath}); it may be a finished export`,
          'drop --resume to export again (this replaces the file), or check --output',
        );
      }
      options.onNote?.(`no checkpoint to resume; starting a new export into ${options.output}`);
    }
    cp = {
      version: 1,
      table: options.table,
      query: base,
      format: options.format,
      fields: fields ?? null,
      columns: fields ?? null,
      partitions: partitionSysIds(Math.max(1, options.concurrency)).map((r) => ({ ...r, done: false })),
      offset: 0,
      exported: 0,
    };
  }

  const handle = await open(options.output, cp.offset > 0 ? 'r+' : 'w', 0o644);
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const iterators = new Map<number, AsyncIterator<ExportPage>>();
  const pending = new Map<number, Promise<Tagged>>();
  try {
    if (cp.offset > 0) {
      const size = (await stat(options.output)).size;
      if (size < cp.offset) {
        throw usageError(`${options.output} is shorter than its checkpoint says`, `delete ${cpPath} and export again`);
      }
      await handle.truncate(cp.offset); // drops a page written after the last checkpoint
    }
    const formatter = createRecordFormatter(cp.format, {
      columns: cp.columns ?? undefined,
      headerWritten: cp.offset > 0,
    });
    options.progress.update(cp.exported, options.total);

    const pull = (index: number) => {
      const it = iterators.get(index);
      if (!it) return;
      const next = it.next().then((result) => ({ index, result }));
      // Marked handled now: an abort can reject it while we are busy writing, before the next race.
      next.catch(() => undefined);
      pending.set(index, next);
    };
    cp.partitions.forEach((p, index) => {
      if (p.done) return;
      iterators.set(index, options.pages(partitionQuery(base, p), controller.signal)[Symbol.asyncIterator]());
      pull(index);
    });

    while (pending.size > 0 && !options.signal?.aborted) {
      const { index, result } = await Promise.race(pending.values());
      const part = cp.partitions[index];
      if (!part) break;
      if (result.done) {
        pending.delete(index);
        part.done = true;
      } else {
        pull(index); // fetch this range's next page while writing this one
        const records = result.value.records;
        if (records.length === 0) continue;
        const text = records.map((r) => formatter.record(r)).join('');
        const bytes = Buffer.from(text, 'utf8');
        await handle.write(bytes, 0, bytes.length, cp.offset);
        await handle.datasync();
        cp.offset += bytes.length;
        cp.exported += records.length;
        cp.columns = formatter.columns ? [...formatter.columns] : null;
        const last = sysIdOf(records[records.length - 1]);
        if (last) part.last = last;
      }
      await writeCheckpoint(cpPath, cp);
      options.progress.update(cp.exported, options.total);
    }
    if (options.signal?.aborted) return { exported: cp.exported, interrupted: true, checkpoint: cpPath };
    const tail = Buffer.from(formatter.end(), 'utf8');
    if (tail.length > 0) await handle.write(tail, 0, tail.length, cp.offset);
    await handle.close();
    await removeCheckpoint(cpPath);
    return { exported: cp.exported, interrupted: false, checkpoint: cpPath };
  } catch (err) {
    if (options.signal?.aborted) return { exported: cp.exported, interrupted: true, checkpoint: cpPath };
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    for (const it of iterators.values()) await it.return?.().catch(() => undefined);
    await handle.close().catch(() => undefined);
    options.progress.stop();
  }
}
