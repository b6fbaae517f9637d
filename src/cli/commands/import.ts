import type { Command } from 'commander';
import { Option } from 'commander';
import type { BatchWriter } from '../../lib/batch/batch-writer.js';
import { parseImportResponse, type ImportSetApi } from '../../lib/import/import-set-api.js';
import type { ImportResponse } from '../../lib/import/import-types.js';
import type { TableRecord } from '../../lib/table.js';
import { CliError, usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { FailuresFile, defaultFailuresName } from '../bulk/failures-file.js';
import { runBulk, type BulkCounts, type BulkOutcome } from '../bulk/run-bulk.js';
import { detectInputFormat, openTextInput, readRecords, type InputItem } from '../input/record-source.js';
import { createProgress } from '../output/progress.js';
import { countInputItems } from '../input/count-items.js';
import { positiveInt } from '../options.js';
import { readAllText } from '../prompt.js';

interface ImportFlags {
  file?: string;
  inputFormat?: string;
  concurrency?: number;
  batch?: number;
  failures?: string;
}

/** Import statuses counted on the bulk runner's outcomes: inserted→created, ignored/skipped→unchanged. */
const OUTCOME: Record<string, BulkOutcome> = {
  inserted: 'created',
  updated: 'updated',
  ignored: 'unchanged',
  skipped: 'unchanged',
};

/** Loads one row; a row the transform map rejects becomes a failure with the instance's message. */
async function importOne(
  api: ImportSetApi,
  record: TableRecord,
  signal: AbortSignal | undefined,
  writer: BatchWriter | undefined,
): Promise<BulkOutcome> {
  let res: ImportResponse;
  if (writer) {
    const item = await writer.request({ method: 'POST', path: `/api/now/import/${api.stagingTable}`, body: record });
    res = parseImportResponse(item.body);
  } else {
    res = await api.insert(record, signal ? { signal } : {});
  }
  const row = res.results[0];
  const outcome = row ? OUTCOME[row.status] : undefined;
  if (row && outcome) return outcome;
  throw new CliError(
    'CLI_IMPORT_ROW',
    row?.errorMessage ?? `the transform answered status '${row?.status ?? 'none'}'`,
    {
      remedy: 'fix the row and import it again',
    },
  );
}

async function openItems(
  ctx: CliContext,
  flags: ImportFlags,
): Promise<{ items: AsyncIterable<InputItem>; total: number | undefined }> {
  if (flags.file === undefined && ctx.io.isTTY.stdin) {
    throw usageError('no input', 'pass --file rows.csv (or .ndjson/.json), or pipe NDJSON/CSV into `nowrest import`');
  }
  const format = detectInputFormat(flags.inputFormat, flags.file);
  const stream = await openTextInput(flags.file, ctx.io.cwd, ctx.io.stdin);
  const total = await countInputItems(flags.file, ctx.io.cwd, format, false);
  if (format === 'json') return { items: readRecords([await readAllText(stream)], 'json'), total };
  return { items: readRecords(stream as AsyncIterable<string>, format), total };
}

function summary(counts: BulkCounts): { inserted: number; updated: number; ignored: number; failed: number } {
  return { inserted: counts.created, updated: counts.updated, ignored: counts.unchanged, failed: counts.failed };
}

export function registerImportCommand(program: Command, ctx: CliContext): void {
  program
    .command('import <staging_table>')
    .description('load rows into an import set staging table; its transform map writes the target table')
    .option('--file <file>', 'input file: .ndjson, .csv or .json (array); "-" or none for stdin')
    .addOption(
      new Option('--input-format <format>', 'input format (default: from the extension, else ndjson)').choices([
        'ndjson',
        'csv',
        'json',
      ]),
    )
    .option('--concurrency <n>', 'rows (or batches, with --batch) in flight (default 4)', positiveInt(32))
    .option('--batch <n>', 'send the rows through the Batch API, n rows per batch request', positiveInt(1000))
    .option('--failures <file>', 'where failed rows go (default ./nowrest-failures-<timestamp>.ndjson)')
    .addHelpText(
      'after',
      `
Each row is one Import Set API request (POST /api/now/import/<staging_table>), transformed at once.
Counts by status go to stderr (--json: to stdout). Rows the transform rejects (status error) or whose
request fails go to the failures file with their line and message; exit status 5 when there are any.

Examples:
  $ nowrest import imp_user -c demo --file users.csv
  $ nowrest import u_imp_incident -c demo --file incidents.ndjson --failures rejected.ndjson
  $ nowrest import imp_user -c demo --file users.csv --batch 100`,
    )
    .action(async (staging: string, flags: ImportFlags, cmd: Command) => {
      ctx.errorContext.table = staging;
      const { items, total } = await openItems(ctx, flags);
      const { sn, globals } = await openClient(ctx, cmd);
      const failures = new FailuresFile(flags.failures ?? defaultFailuresName(new Date()), ctx.io.cwd, ctx.secrets);
      const progress = createProgress(ctx.io, { verb: 'imported', intervalMs: 2000 });
      let counts: BulkCounts;
      try {
        const api = sn.importSet(staging);
        const writer =
          flags.batch === undefined
            ? undefined
            : sn.batchWriter({
                batchSize: flags.batch,
                concurrency: flags.concurrency ?? 4,
                ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
              });
        counts = await runBulk(items, (record) => importOne(api, record, ctx.io.signal, writer), {
          concurrency: (flags.concurrency ?? 4) * (flags.batch ?? 1),
          failures,
          signal: ctx.io.signal,
          onRecord: (c) => progress.update(c.created + c.updated + c.unchanged + c.failed, total),
        });
      } finally {
        progress.stop();
        await failures.close();
        await sn.close();
      }
      const totals = summary(counts);
      if (globals.json) {
        ctx.out(`${JSON.stringify({ ...totals, failuresFile: counts.failed > 0 ? failures.path : null })}\n`);
      }
      ctx.io.stderr.write(
        `${Object.entries(totals)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`,
      );
      if (counts.failed > 0) {
        ctx.io.stderr.write(`failed rows and their errors: ${failures.path}\n`);
        ctx.exitCode = ExitCode.partial;
      }
      if (ctx.io.signal?.aborted) ctx.exitCode = ExitCode.interrupted;
    });
}
