import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AbortError } from '../../lib/errors/abort-error.js';
import { syncTable, type SyncResult } from '../../lib/sync/sync-table.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { createProgress } from '../output/progress.js';
import { checkQueryFields } from '../query-preflight.js';
import { collect, fieldsOf, positiveInt } from '../options.js';
import { combineQuery } from './read.js';

interface SyncFlags {
  output: string;
  query?: string;
  where?: string[];
  fields?: string;
  displayValue?: 'false' | 'all';
  excludeReferenceLink?: boolean;
  pageSize?: number;
  lookback?: number;
  deletes: boolean;
  deleteTables?: string;
  strict?: boolean;
}

function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 86_400) throw new InvalidArgumentError('expected whole seconds from 0 to 86400');
  return n;
}

function summary(table: string, r: SyncResult): string {
  const kind = r.full ? 'full export' : 'changes';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = `${plural(r.upserts, 'upsert')}, ${plural(r.deletes, 'delete')}`;
  const where = r.file === undefined ? 'no change file written' : `wrote ${r.file}`;
  return `${table}: ${kind}${r.resumed ? ' (resumed)' : ''}: ${counts}; ${where}`;
}

/** --output must be a directory or not exist yet (it is then created). */
async function assertDirectoryOrMissing(dir: string, given: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) {
    throw usageError(
      `--output ${given} is a file, not a directory`,
      'give a directory for sync-state.json and the change files (a new one is created)',
    );
  }
}

export function registerSyncCommand(program: Command, ctx: CliContext): void {
  program
    .command('sync <table>')
    .description('incremental sync: full export first, then only what changed, as NDJSON change files')
    .requiredOption('--output <dir>', 'directory for sync-state.json and the changes-NNNNNN.ndjson files')
    .option('--query <encoded>', 'only records matching this query (fixed for the directory; ORDERBY is ignored)')
    .option('--where <field=value>', 'equality condition, built safely (repeatable)', collect)
    .option('--fields <list>', 'fields of the records in upsert events (sys_id, sys_updated_on, sys_mod_count always)')
    .addOption(
      new Option('--display-value <mode>', 'false (raw values) or all (value and display value)').choices([
        'false',
        'all',
      ]),
    )
    .option('--exclude-reference-link', 'omit the link of reference fields')
    .option('--page-size <n>', 'records per request (default 500)', positiveInt(10000))
    .option('--lookback <seconds>', 're-read this many seconds before the watermark each run (default 0)', seconds)
    .option('--no-deletes', 'do not read sys_audit_delete (deletes are then not reported)')
    .option('--delete-tables <list>', 'sys_audit_delete.tablename values that count (default: the table)')
    .option('--strict', 'exit 2 instead of warning when the query names a field the table does not have')
    .addHelpText(
      'after',
      `
Each run writes <dir>/changes-NNNNNN.ndjson, one event per line:
  {"op":"upsert","table":"incident","sys_id":"…","sys_updated_on":"…","sys_mod_count":"…","record":{…}}
  {"op":"delete","table":"incident","sys_id":"…","deleted_on":"…","tablename":"incident","audit_sys_id":"…"}
then atomically replaces <dir>/sync-state.json. Read the change files numbered up to "lastFile" in
sync-state.json, in order: every change appears in exactly one of them. A run that is killed or
interrupted (Ctrl-C, exit 130) is continued by the next run with the same command.

Examples:
  $ nowrest sync incident -c dev --output ./incident-sync
  $ nowrest sync incident -c dev --output ./incident-sync --json
  $ nowrest sync task -c dev --output ./task-sync --delete-tables task,incident,problem,change_request`,
    )
    .action(async (table: string, flags: SyncFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      const query = combineQuery(flags.query, flags.where);
      const fields = fieldsOf(flags.fields);
      const deleteTables = fieldsOf(flags.deleteTables);
      const dir = resolve(ctx.io.cwd, flags.output);
      await assertDirectoryOrMissing(dir, flags.output);
      const { sn, globals } = await openClient(ctx, cmd);
      const progress = createProgress(ctx.io, { verb: 'synced', noun: 'changes', intervalMs: 2000 });
      try {
        await checkQueryFields(ctx, sn, table, query, { strict: flags.strict === true, color: globals.color });
        const result = await syncTable(sn, table, {
          dir,
          ...(query ? { query } : {}),
          ...(fields ? { fields } : {}),
          ...(flags.displayValue === 'all' ? { displayValue: 'all' as const } : {}),
          ...(flags.excludeReferenceLink ? { excludeReferenceLink: true } : {}),
          ...(flags.pageSize === undefined ? {} : { pageSize: flags.pageSize }),
          ...(flags.lookback === undefined ? {} : { lookbackSeconds: flags.lookback }),
          ...(flags.deletes ? {} : { deletes: false }),
          ...(deleteTables ? { deleteTables } : {}),
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
          onProgress: (p) => progress.update(p.upserts + p.deletes),
        });
        progress.stop();
        if (globals.json) ctx.out(`${JSON.stringify({ table, ...result })}\n`);
        ctx.io.stderr.write(`${summary(table, result)}\n`);
      } catch (error) {
        const interrupted = error instanceof AbortError && ctx.io.signal?.aborted === true;
        // A failed run wrote nothing worth counting: no "synced 0 changes" line before the error.
        progress.stop(interrupted);
        if (!interrupted) throw error;
        ctx.io.stderr.write('interrupted; run the same command again to continue this run where it stopped\n');
        ctx.exitCode = ExitCode.interrupted;
      } finally {
        await sn.close();
      }
    });
}
