import type { Command } from 'commander';
import { AbortError } from '../../lib/errors/abort-error.js';
import { syncTable } from '../../lib/sync/sync-table.js';
import type { TargetSyncResult } from '../../lib/sync/sync-to-target.js';
import type { DatabaseTarget } from '../../lib/sync/target/database-target.js';
import { openDatabaseTarget } from '../../lib/sync/target/open-target.js';
import { targetSyncStatus, type TargetTableStatus } from '../../lib/sync/target/sync-status.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { defaultFailuresName } from '../bulk/failures-file.js';
import { UnreadableRecords } from '../bulk/unreadable-records.js';
import { createProgress } from '../output/progress.js';
import { describeError, scrub } from '../report-error.js';

/** The flags of `sync` that the database mode reads. */
export interface SyncToFlags {
  to?: string;
  status?: boolean;
  cursor?: string;
  partition?: string;
  query?: string;
  fields?: string[] | undefined;
  displayValue?: 'false' | 'all';
  pageSize?: number;
  lookback?: number;
  deletes: boolean;
  deleteTables?: string[] | undefined;
  failures?: string;
}

/** The URL from --to, or NOWREST_SYNC_TO (which keeps a password out of the process list). */
function targetUrl(ctx: CliContext, flags: SyncToFlags): string {
  const url = flags.to ?? ctx.io.env['NOWREST_SYNC_TO'];
  if (!url) {
    throw usageError('sync needs --output <dir> (change files) or --to <database URL>', 'see `nowrest sync --help`');
  }
  try {
    const password = new URL(url).password;
    ctx.addSecret(password);
    ctx.addSecret(decodeURIComponent(password));
  } catch {
    // sqlite:FILE and other non-URLs carry no password
  }
  return url;
}

async function withTarget<T>(ctx: CliContext, url: string, fn: (t: DatabaseTarget) => Promise<T>): Promise<T> {
  const target = await openDatabaseTarget(url, { cwd: ctx.io.cwd });
  try {
    return await fn(target);
  } finally {
    await target.close();
  }
}

/** `nowrest sync --status --to URL`: each table's watermark, row count and last run. */
export async function runSyncStatus(ctx: CliContext, flags: SyncToFlags, json: boolean): Promise<void> {
  const url = targetUrl(ctx, flags);
  const rows = await withTarget(ctx, url, (t) => targetSyncStatus(t));
  if (json) {
    ctx.out(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    ctx.io.stderr.write('no table has been synced into this database yet\n');
    return;
  }
  ctx.out(`${statusTable(rows)}\n`);
}

function statusTable(rows: readonly TargetTableStatus[]): string {
  const header = ['TABLE', 'WATERMARK (UTC)', 'ROWS', 'LAST RUN (UTC)', 'CHANGES', 'NOTE'];
  const lines = rows.map((r) => [
    r.partition ? `${r.table} [${r.partition}]` : r.table,
    r.watermark ? `${r.watermark}${r.cursor === 'sys_updated_on' ? '' : ` (${r.cursor})`}` : '-',
    String(r.rows),
    r.lastRun ? r.lastRun.finishedAt.slice(0, 19).replace('T', ' ') : '-',
    r.lastRun ? `${r.lastRun.full ? 'load ' : ''}${r.lastRun.upserts} up, ${r.lastRun.deletes} del` : '-',
    [
      r.pending
        ? `unfinished run since ${r.pending.startedAt.slice(0, 19).replace('T', ' ')} (continues next run)`
        : '',
      r.deletesTracked ? '' : 'deletes not tracked',
    ]
      .filter((s) => s !== '')
      .join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  return [header, ...lines]
    .map((l) =>
      l
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function summary(r: TargetSyncResult): string {
  const who = `${r.table}${r.partition ? ` [partition ${r.partition}]` : ''}`;
  if (r.alreadyLoaded) return `${who}: this partition's load already finished; nothing to do`;
  const kind = r.full ? 'initial load' : 'changes';
  const deletes = r.deletesTracked ? `, ${r.deletes} deleted` : ' (deletes not tracked)';
  const mark = r.watermark ? `; watermark ${r.watermark}` : '';
  const merged = r.mergedPartitions > 0 ? ` (after merging the states of ${r.mergedPartitions} partitions)` : '';
  return `${who}: ${kind}${r.resumed ? ' (resumed)' : ''}${merged}: ${r.upserts} upserted${deletes}${mark} → ${r.target}`;
}

function schemaNotes(ctx: CliContext, r: TargetSyncResult, color: boolean): void {
  const s = r.schema;
  if (s.created) ctx.note(`${r.table}: created table ${r.table} from the instance's dictionary`);
  if (s.added.length > 0) {
    ctx.note(`${r.table}: added column ${s.added.join(', ')} (rows synced earlier hold NULL there until they change)`);
  }
  for (const t of s.typeChanges) {
    ctx.warn(
      `${r.table}.${t.column} is ${t.target} in the target but ${t.instance} on the instance: not written until ` +
        `you migrate the column (ALTER TABLE … TYPE), or drop it to have sync re-add it`,
      color,
    );
  }
  if (s.skipped.length > 0) ctx.note(`${r.table}: not copied: ${s.skipped.join('; ')}`);
}

/** `nowrest sync a,b,c --to URL`: each table in turn; a failed table does not stop the others. */
export async function runSyncTo(ctx: CliContext, cmd: Command, tables: string[], flags: SyncToFlags): Promise<void> {
  const url = targetUrl(ctx, flags);
  if (tables.length > 1 && flags.partition) {
    throw usageError('--partition applies to one table', 'run one sync per table with --partition K/N');
  }
  const cursor = flags.cursor ?? 'sys_updated_on';
  if (cursor !== 'sys_updated_on') {
    if (flags.deleteTables) throw usageError(`--delete-tables needs the default cursor (sys_updated_on)`, `drop it`);
    ctx.note(
      `--cursor ${cursor}: only rows with a newer ${cursor} are copied; updates to copied rows and deletes are not tracked`,
    );
  }
  const { sn, globals } = await openClient(ctx, cmd);
  const unreadable = new UnreadableRecords(ctx, flags.failures ?? defaultFailuresName(new Date()));
  try {
    await withTarget(ctx, url, async (target) => {
      for (const table of tables) {
        ctx.errorContext.table = table;
        if (ctx.io.signal?.aborted) break;
        const progress = createProgress(ctx.io, { verb: `${table}: synced`, noun: 'changes', intervalMs: 2000 });
        try {
          const result = await syncTable(sn, table, {
            target,
            ...(flags.query ? { query: flags.query } : {}),
            ...(flags.fields ? { fields: flags.fields } : {}),
            ...(flags.displayValue === 'all' ? { displayValue: 'all' as const } : {}),
            ...(flags.pageSize === undefined ? {} : { pageSize: flags.pageSize }),
            ...(flags.lookback === undefined ? {} : { lookbackSeconds: flags.lookback }),
            ...(flags.deletes && cursor === 'sys_updated_on' ? {} : { deletes: false }),
            ...(flags.deleteTables ? { deleteTables: flags.deleteTables } : {}),
            ...(flags.cursor ? { cursor: flags.cursor } : {}),
            ...(flags.partition ? { partition: flags.partition } : {}),
            ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
            onSkip: unreadable.onSkipIn(table),
            onProgress: (p) => progress.update(p.upserts + p.deletes),
          });
          progress.stop();
          schemaNotes(ctx, result, globals.color);
          if (globals.json) ctx.out(`${JSON.stringify(result)}\n`);
          ctx.io.stderr.write(`${summary(result)}\n`);
        } catch (error) {
          const interrupted = error instanceof AbortError && ctx.io.signal?.aborted === true;
          progress.stop(false);
          if (interrupted) {
            ctx.io.stderr.write(
              `${table}: interrupted; every committed page is in the database — run the same command to continue\n`,
            );
            ctx.exitCode = ExitCode.interrupted;
            return;
          }
          if (tables.length === 1) throw error;
          const report = describeError(error, ctx.errorContext);
          ctx.io.stderr.write(
            `${scrub(`${table}: error: ${report.message}${report.remedy ? ` — ${report.remedy}` : ''}`, ctx.secrets)}\n`,
          );
          if (ctx.exitCode === 0) ctx.exitCode = report.exitCode;
        }
      }
    });
    await unreadable.finish({ interrupted: ctx.exitCode === ExitCode.interrupted });
  } finally {
    await sn.close();
  }
}
