import type { Command } from 'commander';
import type { IreItem, IreRelation } from '../../lib/cmdb/cmdb-types.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { FailuresFile, defaultFailuresName } from '../bulk/failures-file.js';
import { isPlainObject, openTextInput, readRecords, type InputItem } from '../input/record-source.js';
import { positiveInt } from '../options.js';

interface ReconcileFlags {
  file?: string;
  dataSource?: string;
  batch?: number;
  dryRun?: boolean;
  results?: boolean;
  failures?: string;
}

type Entry = IreItem | IreRelation;

/** Why a line is not an IRE item or a stream relation, or undefined when it is one. */
function lineProblem(record: Record<string, unknown>): string | undefined {
  if ('className' in record) {
    if (typeof record.className !== 'string' || record.className === '') return 'className must be a class name';
    if (!isPlainObject(record.values)) return 'an item needs "values": an object of CI fields';
    return undefined;
  }
  if ('type' in record) {
    const ok = ['parent_id', 'child_id', 'type'].every((k) => typeof record[k] === 'string' && record[k] !== '');
    return ok
      ? undefined
      : 'a relation needs parent_id and child_id (items\' internal_id) and type (e.g. "Runs on::Runs")';
  }
  return 'expected an item {"className":…,"values":{…}} or a relation {"parent_id","child_id","type"}';
}

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
  relationsInserted: number;
  relationsUnchanged: number;
  relationsFailed: number;
}

/** The lines that are entries, remembering their line numbers; the others go straight to the failures file. */
async function* entriesOf(
  input: AsyncIterable<InputItem>,
  lines: Map<Entry, number>,
  failures: FailuresFile,
  counts: Counts,
): AsyncGenerator<Entry> {
  for await (const item of input) {
    const problem = 'error' in item ? item.error : lineProblem(item.record);
    if (problem !== undefined) {
      counts.failed++;
      await failures.add({
        line: item.line,
        record: 'record' in item ? item.record : null,
        ...('raw' in item ? { raw: item.raw } : {}),
        error: { code: 'CLI_INPUT', message: problem },
      });
      continue;
    }
    const entry = (item as { record: Record<string, unknown> }).record as unknown as Entry;
    lines.set(entry, item.line);
    yield entry;
  }
}

export function registerCmdbReconcile(cmdb: Command, ctx: CliContext): void {
  cmdb
    .command('reconcile')
    .description('load CIs through identification and reconciliation (IRE) from NDJSON on stdin or --file')
    .option('--file <file>', 'NDJSON input ("-" or none: stdin)')
    .option('--data-source <source>', 'sysparm_data_source, a discovery source such as ServiceNow')
    .option('--batch <n>', 'items per IRE request (default 100)', positiveInt(1000))
    .option('--dry-run', 'identify only (/identifyreconcile/query): nothing is written')
    .option('--results', 'print one NDJSON result per input line on stdout')
    .option('--failures <file>', 'where failed lines go (default ./nowrest-failures-<timestamp>.ndjson)')
    .addHelpText(
      'after',
      `
Each line is an IRE item, {"className":"cmdb_ci_linux_server","values":{"name":"lnx01","serial_number":"AB12"}},
optionally with "internal_id"; or a relation between items by internal_id,
{"parent_id":"app1","child_id":"lnx01","type":"Runs on::Runs"}. Items are sent in batches, one request at a
time; relations after all items. Counts go to stderr (--json: stdout). Lines that fail go to the failures file
with the instance's error code; exit status 5 when there are any.

Example:
  $ discover.sh | nowrest cmdb reconcile -c demo --data-source ServiceNow`,
    )
    .action(async (flags: ReconcileFlags, cmd: Command) => {
      if (flags.file === undefined && ctx.io.isTTY.stdin) {
        throw usageError('no input', 'pipe NDJSON items into `nowrest cmdb reconcile`, or pass --file items.ndjson');
      }
      const stream = await openTextInput(flags.file, ctx.io.cwd, ctx.io.stdin);
      const { sn, globals } = await openClient(ctx, cmd);
      const failures = new FailuresFile(flags.failures ?? defaultFailuresName(new Date()), ctx.io.cwd, ctx.secrets);
      const counts: Counts = {
        inserted: 0,
        updated: 0,
        unchanged: 0,
        failed: 0,
        relationsInserted: 0,
        relationsUnchanged: 0,
        relationsFailed: 0,
      };
      const lines = new Map<Entry, number>();
      const fail = async (input: Entry, errors: readonly { error: string; message: string }[]): Promise<void> => {
        await failures.add({
          line: lines.get(input) ?? 0,
          record: input as unknown as Record<string, unknown>,
          error: { code: errors[0]?.error ?? 'IRE_ERROR', message: errors.map((e) => e.message).join('; ') },
        });
      };
      try {
        const input = entriesOf(readRecords(stream as AsyncIterable<string>, 'ndjson'), lines, failures, counts);
        const batches = sn.cmdb.reconcileAll(input, {
          ...(flags.batch === undefined ? {} : { batchSize: flags.batch }),
          ...(flags.dataSource === undefined ? {} : { dataSource: flags.dataSource }),
          ...(flags.dryRun === true ? { dryRun: true } : {}),
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        });
        for await (const batch of batches) {
          for (const { input, result } of batch.items) {
            if (result.errors.length > 0) {
              counts.failed++;
              await fail(input, result.errors);
            } else if (result.operation === 'INSERT') counts.inserted++;
            else if (result.operation === 'NO_CHANGE') counts.unchanged++;
            else counts.updated++;
            if (flags.results === true) {
              ctx.out(
                `${JSON.stringify({ line: lines.get(input), className: result.className, operation: result.operation, sysId: result.sysId ?? null, errors: result.errors })}\n`,
              );
            }
          }
          for (const { input, result } of batch.relations) {
            if (result.errors.length > 0) {
              counts.relationsFailed++;
              await fail(input, result.errors);
            } else if (result.operation === 'INSERT') counts.relationsInserted++;
            else counts.relationsUnchanged++;
            if (flags.results === true) {
              ctx.out(
                `${JSON.stringify({ line: lines.get(input), className: 'cmdb_rel_ci', operation: result.operation, sysId: result.sysId ?? null, errors: result.errors })}\n`,
              );
            }
          }
        }
      } finally {
        await failures.close();
        await sn.close();
      }
      const failed = counts.failed + counts.relationsFailed;
      if (globals.json) ctx.out(`${JSON.stringify({ ...counts, failuresFile: failed > 0 ? failures.path : null })}\n`);
      const relations = counts.relationsInserted + counts.relationsUnchanged + counts.relationsFailed;
      ctx.io.stderr.write(
        `${flags.dryRun === true ? 'dry run: ' : ''}inserted ${counts.inserted}, updated ${counts.updated}, unchanged ${counts.unchanged}, failed ${counts.failed}` +
          (relations > 0
            ? `; relations inserted ${counts.relationsInserted}, unchanged ${counts.relationsUnchanged}, failed ${counts.relationsFailed}`
            : '') +
          '\n',
      );
      if (failed > 0) {
        ctx.io.stderr.write(`failed lines and their errors: ${failures.path}\n`);
        ctx.exitCode = ExitCode.partial;
      }
      if (ctx.io.signal?.aborted) ctx.exitCode = ExitCode.interrupted;
    });
}
