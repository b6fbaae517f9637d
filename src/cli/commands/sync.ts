import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AbortError } from '../../lib/errors/abort-error.js';
import { syncTable, type SyncResult } from '../../lib/sync/sync-table.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { UnreadableRecords } from '../bulk/unreadable-records.js';
import { defaultFailuresName } from '../bulk/failures-file.js';
import { createProgress } from '../output/progress.js';
import { checkQueryFields } from '../query-preflight.js';
import { collect, fieldsOf, positiveInt } from '../options.js';
import { combineQuery } from './read.js';
import { runSyncStatus, runSyncTo } from './sync-to.js';

interface SyncFlags {
  output?: string;
  to?: string;
  status?: boolean;
  cursor?: string;
  partition?: string;
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
  failures?: string;
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
    .command('sync [tables]')
    .description('incremental sync into NDJSON change files (--output) or a database (--to): full load, then changes')
    .option('--output <dir>', 'directory for sync-state.json and the changes-NNNNNN.ndjson files')
    .option('--to <url>', 'database to sync into: postgres://user@host/db or sqlite:FILE (or set NOWREST_SYNC_TO)')
    .option('--status', "with --to: each table's watermark, row count and last run")
    .option(
      '--cursor <field>',
      'with --to: read changes by this field (e.g. sys_created_on; deletes are then not tracked)',
    )
    .option('--partition <K/N>', 'with --to: the initial load reads only share K (0..N-1) of N of the sys_id space')
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
    .option(
      '--failures <file>',
      'where records the instance cannot serve go (default ./nowrest-failures-<timestamp>.ndjson)',
    )
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
  $ nowrest sync task -c dev --output ./task-sync --delete-tables task,incident,problem,change_request

Into a database (table created from the dictionary; rows and watermark commit together):
  $ PGPASSWORD=… nowrest sync incident,problem,sys_user -c dev --to postgres://app@db.example.com/reporting
  $ nowrest sync incident -c dev --to sqlite:replica.db --display-value all
  $ nowrest sync sys_journal_field -c dev --to sqlite:replica.db --cursor sys_created_on
  $ nowrest sync incident -c dev --to postgres://app@db/reporting --partition 0/4   (… 1/4, 2/4, 3/4)
  $ nowrest sync --status --to sqlite:replica.db`,
    )
    .action(async (tableList: string | undefined, flags: SyncFlags, cmd: Command) => {
      const tables = fieldsOf(tableList) ?? [];
      const toDatabase = flags.to !== undefined || flags.status === true || flags.output === undefined;
      if (toDatabase) {
        if (flags.output !== undefined) throw usageError('--output and --to exclude each other', 'pick one');
        if (flags.status)
          return runSyncStatus(
            ctx,
            { deletes: true, ...(flags.to ? { to: flags.to } : {}) },
            cmd.optsWithGlobals<{ json?: boolean }>().json === true,
          );
        if (tables.length === 0)
          throw usageError('sync needs a table', 'e.g. nowrest sync incident --to sqlite:replica.db');
        const query = combineQuery(flags.query, flags.where);
        const { query: _q, where: _w, fields, deleteTables, ...rest } = flags;
        return runSyncTo(ctx, cmd, tables, {
          ...rest,
          ...(query ? { query } : {}),
          fields: fieldsOf(fields),
          deleteTables: fieldsOf(deleteTables),
        });
      }
      for (const name of ['cursor', 'partition'] as const) {
        if (flags[name] !== undefined)
          throw usageError(`--${name} needs --to <database URL>`, `add --to, or drop --${name} for change files`);
      }
      const table = tables[0];
      if (table === undefined || tables.length > 1) {
        throw usageError('sync --output takes one table', 'one directory per table; --to takes several');
      }
      const output = flags.output ?? '';
      ctx.errorContext.table = table;
      const query = combineQuery(flags.query, flags.where);
      const fields = fieldsOf(flags.fields);
      const deleteTables = fieldsOf(flags.deleteTables);
      const dir = resolve(ctx.io.cwd, output);
      await assertDirectoryOrMissing(dir, output);
      const { sn, globals } = await openClient(ctx, cmd);
      const progress = createProgress(ctx.io, { verb: 'synced', noun: 'changes', intervalMs: 2000 });
      const unreadable = new UnreadableRecords(ctx, flags.failures ?? defaultFailuresName(new Date()));
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
          onSkip: unreadable.onSkipIn(table),
          onProgress: (p) => progress.update(p.upserts + p.deletes),
        });
        progress.stop();
        if (globals.json) ctx.out(`${JSON.stringify({ table, ...result })}\n`);
        ctx.io.stderr.write(`${summary(table, result)}\n`);
        await unreadable.finish();
      } catch (error) {
        const interrupted = error instanceof AbortError && ctx.io.signal?.aborted === true;
        // A failed run wrote nothing worth counting: no "synced 0 changes" line before the error.
        progress.stop(interrupted);
        if (!interrupted) throw error;
        ctx.io.stderr.write('interrupted; run the same command again to continue this run where it stopped\n');
        ctx.exitCode = ExitCode.interrupted;
        await unreadable.finish({ interrupted: true });
      } finally {
        await sn.close();
      }
    });
}
