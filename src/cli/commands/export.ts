import { resolve } from 'node:path';
import { andEveryGroup } from '../../lib/pagination.js';
import { parsePartition, partitionConditions } from '../../lib/sync/target/target-state.js';
import { Option, type Command } from 'commander';
import type { RecordListParams } from '../../lib/table.js';
import { UnreadableRecords } from '../bulk/unreadable-records.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { exportBaseQuery, runExport } from '../export/export-engine.js';
import { createProgress } from '../output/progress.js';
import { checkQueryFields } from '../query-preflight.js';
import { collect, displayValueOption, fieldsOf, positiveInt, toDisplayValue } from '../options.js';
import { combineQuery } from './read.js';

interface ExportFlags {
  query?: string;
  where?: string[];
  fields?: string;
  displayValue?: string;
  excludeReferenceLink?: boolean;
  format: 'ndjson' | 'csv';
  output: string;
  resume?: boolean;
  pageSize?: number;
  concurrency?: number;
  strict?: boolean;
  partition?: string;
}

export function registerExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export <table>')
    .description('export records to a file, resumable after a crash or Ctrl-C')
    .option('--query <encoded>', 'encoded query (ORDERBY terms are ignored: exports run in sys_id order)')
    .option('--where <field=value>', 'equality condition, built safely (repeatable)', collect)
    .option('--fields <list>', 'comma-separated fields (sys_id is always included)')
    .addOption(displayValueOption())
    .option('--exclude-reference-link', 'omit the link of reference fields')
    .addOption(new Option('--format <format>', 'file format').choices(['ndjson', 'csv']).default('ndjson'))
    .requiredOption('--output <file>', 'the file to write')
    .option(
      '--resume',
      'continue an interrupted export from <output>.checkpoint.json (refused when <output> exists without one)',
    )
    .option('--page-size <n>', 'records per request (default 1000)', positiveInt(10000))
    .option('--concurrency <n>', 'parallel sys_id ranges (default 1)', positiveInt(16))
    .option('--strict', 'exit 2 instead of warning when the query names a field the table does not have')
    .option('--partition <K/N>', 'only share K (0..N-1) of N of the sys_id space: N runs, one output file each')
    .addHelpText(
      'after',
      `
After every page the output is flushed and <output>.checkpoint.json records, per sys_id range, the
last sys_id written and the file length. --resume cuts the file back to that length and continues
after that sys_id: no duplicates, no gaps. Ctrl-C stops cleanly (exit 130) and can be resumed.

Examples:
  $ nowrest export incident -c dev --query active=true --output incidents.ndjson
  $ nowrest export incident -c dev --format csv --fields number,short_description --output inc.csv --concurrency 4
  $ nowrest export incident -c dev --query active=true --output incidents.ndjson --resume
  $ seq 0 3 | xargs -P 4 -I{} nowrest export incident -c dev --partition {}/4 --output incidents-{}.ndjson`,
    )
    .action(async (table: string, flags: ExportFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      const userQuery = combineQuery(flags.query, flags.where) ?? '';
      const query = flags.partition
        ? andEveryGroup(userQuery, partitionConditions(parsePartition(flags.partition)))
        : userQuery;
      if (exportBaseQuery(query).droppedOrder) ctx.note('ORDERBY in --query is ignored: exports run in sys_id order');
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        await checkQueryFields(ctx, sn, table, query, { strict: flags.strict === true, color: globals.color });
        const fields = fieldsOf(flags.fields);
        const dv = toDisplayValue(flags.displayValue);
        const shape: RecordListParams = {
          ...(dv === undefined ? {} : { displayValue: dv }),
          ...(flags.excludeReferenceLink ? { excludeReferenceLink: true } : {}),
        };
        const t = sn.table(table);
        // One small request for the total, so progress can show done/total and an ETA.
        const first = await t.list({ ...(query ? { query } : {}), fields: ['sys_id'], pageSize: 1 });
        const output = resolve(ctx.io.cwd, flags.output);
        // A record the instance cannot serve even alone (an oversized row) is named here and the export goes on.
        const unreadable = new UnreadableRecords(ctx, `${output}.failures.ndjson`);
        const result = await runExport({
          table,
          query,
          format: flags.format,
          fields,
          output,
          resume: flags.resume === true,
          onNote: (m) => ctx.note(m),
          concurrency: flags.concurrency ?? 1,
          total: first.totalCount,
          progress: createProgress(ctx.io, { verb: 'exported', intervalMs: 2000 }),
          signal: ctx.io.signal,
          pages: (q, signal) =>
            t
              .list({
                ...shape,
                ...(q ? { query: q } : {}),
                ...(fields ? { fields: fields.includes('sys_id') ? fields : ['sys_id', ...fields] } : {}),
                pageSize: flags.pageSize ?? 1000,
                signal,
                onSkip: unreadable.onSkipIn(table),
              })
              .pages(),
        });
        if (result.interrupted) {
          ctx.io.stderr.write(
            `interrupted after ${result.exported} records; continue with the same command plus --resume (checkpoint: ${result.checkpoint})\n`,
          );
          ctx.exitCode = ExitCode.interrupted;
        } else {
          ctx.io.stderr.write(`wrote ${result.exported} records to ${flags.output}\n`);
        }
        await unreadable.finish({ interrupted: result.interrupted });
      } finally {
        await sn.close();
      }
    });
}
