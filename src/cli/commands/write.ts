import type { Command } from 'commander';
import { Option } from 'commander';
import type { ServiceNowClient } from '../../lib/client.js';
import type { TableRecord } from '../../lib/table.js';
import { sysIdOf } from '../../lib/sys-id.js';
import { CliError, usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { FailuresFile, defaultFailuresName } from '../bulk/failures-file.js';
import { runBulk, type BulkCounts, type BulkOutcome } from '../bulk/run-bulk.js';
import { batchedTable } from '../bulk/batched-table.js';
import type { BatchWriter } from '../../lib/batch/batch-writer.js';
import { upsertRecord } from '../../lib/upsert.js';
import {
  detectInputFormat,
  openTextInput,
  parseJsonObject,
  readRecords,
  type InputItem,
} from '../input/record-source.js';
import { readAllText } from '../prompt.js';
import { createProgress } from '../output/progress.js';
import { countInputItems } from '../input/count-items.js';
import { checkQueryFields } from '../query-preflight.js';
import { positiveInt } from '../options.js';
import { combineQuery } from './read.js';
import { confirmDelete, countForDelete } from './confirm-delete.js';
import { createKeyedSequencer } from '../bulk/keyed-sequencer.js';

export interface WriteFlags {
  data?: string;
  file?: string;
  inputFormat?: string;
  concurrency?: number;
  batch?: number;
  failures?: string;
  key?: string;
  query?: string;
  where?: string[];
  yes?: boolean;
  all?: boolean;
}

type Op = 'create' | 'update' | 'upsert' | 'delete';

/** Single record (from --data or a JSON object file) or a stream of records (bulk). */
type Input =
  | { kind: 'single'; record: TableRecord }
  | { kind: 'bulk'; items: AsyncGenerator<InputItem>; source: string; total?: number | undefined };

async function readInput(ctx: CliContext, flags: WriteFlags, op: Op): Promise<Input> {
  if (flags.data !== undefined) {
    if (flags.file !== undefined) throw usageError('--data and --file cannot be combined');
    return { kind: 'single', record: parseJsonObject(flags.data, '--data') };
  }
  const format = detectInputFormat(flags.inputFormat, flags.file);
  if (flags.file === undefined && ctx.io.isTTY.stdin) {
    throw usageError('no input', `pass --data '{…}', --file FILE, or pipe NDJSON/CSV into \`nowrest ${op}\``);
  }
  const stream = await openTextInput(flags.file, ctx.io.cwd, ctx.io.stdin);
  const source = flags.file ?? 'stdin';
  if (format === 'json') {
    // A JSON file holding one object is a single record; an array is a bulk input.
    const text = await readAllText(stream);
    const value = (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw usageError(`invalid JSON in ${source}: ${(err as Error).message}`, 'give one JSON object or an array');
      }
    })();
    if (!Array.isArray(value)) return { kind: 'single', record: parseJsonObject(text, source) };
    return { kind: 'bulk', items: readRecords([text], 'json'), source, total: value.length };
  }
  return {
    kind: 'bulk',
    items: readRecords(stream as AsyncIterable<string>, format, { allowSysIdLines: op === 'delete' }),
    source,
    total: await countInputItems(flags.file, ctx.io.cwd, format, op === 'delete'),
  };
}

function sysIdArg(record: TableRecord, explicit?: string): string {
  const id = explicit ?? sysIdOf(record);
  if (!id)
    throw new CliError('CLI_NO_SYS_ID', 'the record has no sys_id', {
      exitCode: ExitCode.usage,
      remedy: 'add a sys_id field to every record',
    });
  return id;
}

function keysOf(flags: WriteFlags): string[] {
  const keys = (flags.key ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (keys.length === 0) throw usageError('upsert needs --key', 'e.g. --key number, or --key u_source,u_external_id');
  return keys;
}

/** Performs one operation on one record and says what happened; writes go through `writer` with --batch. */
function operation(
  sn: ServiceNowClient,
  table: string,
  op: Op,
  flags: WriteFlags,
  signal: AbortSignal | undefined,
  writer?: BatchWriter,
) {
  const t = sn.table(table);
  const call = signal ? { signal } : {};
  const keys = op === 'upsert' ? keysOf(flags) : [];
  const inKeyOrder = createKeyedSequencer();
  return async (record: TableRecord, explicitId?: string): Promise<{ outcome: BulkOutcome; record?: TableRecord }> => {
    switch (op) {
      case 'create':
        return {
          outcome: 'created',
          record: writer ? await writer.create(table, record) : await t.create(record, call),
        };
      case 'update': {
        const id = sysIdArg(record, explicitId);
        const { sys_id: _drop, ...changes } = record;
        return {
          outcome: 'updated',
          record: writer ? await writer.update(table, id, changes) : await t.update(id, changes, call),
        };
      }
      case 'upsert': {
        const key = JSON.stringify(
          keys.map((k) => (typeof record[k] === 'string' ? record[k] : JSON.stringify(record[k] ?? ''))),
        );
        const result = await inKeyOrder(key, () =>
          writer
            ? upsertRecord(batchedTable(t, writer), record, { keys, ...call })
            : t.upsert(record, { keys, ...call }),
        );
        return { outcome: result.action, record: result.record };
      }
      case 'delete':
        if (writer) await writer.delete(table, sysIdArg(record, explicitId));
        else await t.delete(sysIdArg(record, explicitId), call);
        return { outcome: 'deleted' };
    }
  };
}

function summaryLine(counts: BulkCounts): string {
  const parts = (['created', 'updated', 'unchanged', 'deleted'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${k} ${counts[k]}`);
  return [...(parts.length > 0 ? parts : ['nothing changed']), `failed ${counts.failed}`].join(', ');
}

async function runBulkInput(
  ctx: CliContext,
  g: GlobalOptions,
  items: AsyncIterable<InputItem>,
  apply: (r: TableRecord) => Promise<{ outcome: BulkOutcome }>,
  flags: WriteFlags,
  total: number | undefined,
): Promise<void> {
  const failures = new FailuresFile(flags.failures ?? defaultFailuresName(new Date()), ctx.io.cwd, ctx.secrets);
  const progress = createProgress(ctx.io, { verb: 'processed', intervalMs: 2000 });
  let counts: BulkCounts;
  try {
    counts = await runBulk(items, async (r) => (await apply(r)).outcome, {
      // With --batch N, N records per batch and --concurrency batches in flight.
      concurrency: (flags.concurrency ?? 4) * (flags.batch ?? 1),
      failures,
      signal: ctx.io.signal,
      onRecord: (c) => progress.update(c.created + c.updated + c.unchanged + c.deleted + c.failed, total),
    });
  } finally {
    progress.stop();
    await failures.close();
  }
  if (g.json) {
    ctx.out(`${JSON.stringify({ ...counts, failuresFile: counts.failed > 0 ? failures.path : null })}\n`);
  }
  ctx.io.stderr.write(`${summaryLine(counts)}\n`);
  if (counts.failed > 0) {
    ctx.io.stderr.write(`failed records and their errors: ${failures.path}\n`);
    ctx.exitCode = ExitCode.partial;
  }
  if (ctx.io.signal?.aborted) ctx.exitCode = ExitCode.interrupted;
}

async function action(
  ctx: CliContext,
  op: Op,
  table: string,
  sysId: string | undefined,
  flags: WriteFlags,
  cmd: Command,
) {
  ctx.errorContext.table = table;
  if (op === 'upsert') keysOf(flags);
  let input: Input | undefined;
  let queryDelete: string | undefined;
  if (op === 'delete' && (flags.query !== undefined || flags.where !== undefined)) {
    if (sysId || flags.data || flags.file)
      throw usageError('--query/--where cannot be combined with a sys_id or input');
    queryDelete = combineQuery(flags.query, flags.where);
    if (!queryDelete) throw usageError('--query is empty', 'refusing to delete a whole table');
  } else if (op === 'delete' && sysId !== undefined) {
    input = { kind: 'single', record: {} };
  } else if (sysId !== undefined && flags.data === undefined && flags.file === undefined) {
    if (ctx.io.isTTY.stdin)
      throw usageError('no changes given', `pass --data '{"state":"2"}' or a JSON object on stdin`);
    input = { kind: 'single', record: parseJsonObject(await readAllText(ctx.io.stdin), 'stdin') };
  } else {
    input = await readInput(ctx, flags, op);
    if (sysId !== undefined && input.kind === 'bulk') {
      throw usageError(
        'a sys_id argument takes one record',
        'drop the sys_id to update many records, each with its own sys_id',
      );
    }
  }
  if (op === 'delete' && input?.kind === 'bulk') {
    await confirmDelete(ctx, cmd, table, undefined, flags.yes === true);
  }
  const { sn, globals } = await openClient(ctx, cmd);
  try {
    let matching: number | undefined;
    if (queryDelete !== undefined) {
      // Name misspelt fields first, then count: a misspelt field matches every record (ServiceNow drops terms on
      // unknown fields), which confirmDelete refuses with --yes unless --all.
      await checkQueryFields(ctx, sn, table, queryDelete, {
        strict: false,
        color: globals.color,
        countFallback: false,
      });
      const count = await countForDelete(sn, table, queryDelete, ctx.io.signal);
      matching = count.matching;
      if (count.matching === 0) {
        if (globals.json) {
          const none = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0, failuresFile: null };
          ctx.out(`${JSON.stringify(none)}\n`);
        }
        ctx.io.stderr.write(`no ${table} records match ${queryDelete}; nothing deleted\n`);
        return;
      }
      await confirmDelete(ctx, cmd, table, queryDelete, flags.yes === true, count, flags.all === true);
    }
    const bulk = queryDelete !== undefined || input?.kind === 'bulk';
    const writer =
      bulk && flags.batch !== undefined
        ? sn.batchWriter({
            batchSize: flags.batch,
            concurrency: flags.concurrency ?? 4,
            ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
          })
        : undefined;
    const apply = operation(sn, table, op, flags, ctx.io.signal, writer);
    if (queryDelete !== undefined) {
      const items = (async function* (): AsyncGenerator<InputItem> {
        let n = 0;
        const list = sn
          .table(table)
          .list({ query: queryDelete, fields: ['sys_id'], ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
        for await (const rec of list) yield { line: ++n, record: rec };
      })();
      await runBulkInput(ctx, globals, items, apply, flags, matching);
      return;
    }
    if (!input) return;
    if (input.kind === 'bulk') {
      await runBulkInput(ctx, globals, input.items, apply, flags, input.total);
      return;
    }
    const result = await apply(input.record, sysId);
    if (result.record) ctx.out(`${JSON.stringify(result.record, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
    else if (globals.json) ctx.out(`${JSON.stringify({ deleted: sysId })}\n`);
    const id = result.record ? sysIdOf(result.record) : sysId;
    const num = result.record && typeof result.record['number'] === 'string' ? `${result.record['number']} ` : '';
    ctx.io.stderr.write(`${result.outcome} ${num}${id ? `(${id})` : ''}\n`.replace(' \n', '\n'));
  } finally {
    await sn.close();
  }
}

function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--data <json>', 'one record as a JSON object')
    .option('--file <file>', 'input file: .json (object or array), .ndjson or .csv; "-" for stdin')
    .addOption(
      new Option('--input-format <format>', 'input format (default: from the extension, else ndjson)').choices([
        'ndjson',
        'csv',
        'json',
      ]),
    )
    .option(
      '--concurrency <n>',
      'records (or batches, with --batch) in flight for bulk input (default 4)',
      positiveInt(32),
    )
    .option('--batch <n>', 'send bulk writes through the Batch API, n records per batch request', positiveInt(1000))
    .option('--failures <file>', 'where failed bulk records go (default ./nowrest-failures-<timestamp>.ndjson)');
}

const BULK_HELP = `
Bulk input: NDJSON (one JSON object a line) or CSV (header line of field names) on stdin or --file.
Each failed record is written with its error and line to the failures file; fix and feed it back:
  $ jq -c .record nowrest-failures-….ndjson | nowrest create incident -c dev
Exit status 5 when some records failed.`;

export function registerWriteCommands(program: Command, ctx: CliContext): void {
  addInputOptions(program.command('create <table>').description('create records'))
    .addHelpText(
      'after',
      `${BULK_HELP}\n\nExamples:\n  $ nowrest create incident -c dev --data '{"short_description":"Printer down","urgency":"2"}'\n  $ nowrest create incident -c dev --file incidents.csv --concurrency 8`,
    )
    .action((table: string, flags: WriteFlags, cmd: Command) => action(ctx, 'create', table, undefined, flags, cmd));

  addInputOptions(
    program.command('update <table> [sys_id]').description('update a record, or many (each with its sys_id)'),
  )
    .addHelpText(
      'after',
      `${BULK_HELP}\n\nExamples:\n  $ nowrest update incident 9d385017c611228701d22104cc95c371 --data '{"state":"2"}'\n  $ nowrest update incident --file changes.ndjson`,
    )
    .action((table: string, sysId: string | undefined, flags: WriteFlags, cmd: Command) =>
      action(ctx, 'update', table, sysId, flags, cmd),
    );

  addInputOptions(program.command('upsert <table>').description('create or update records identified by --key fields'))
    .requiredOption('--key <fields>', 'comma-separated fields that identify a record, e.g. number')
    .addHelpText(
      'after',
      `${BULK_HELP}\n\nExamples:\n  $ nowrest upsert sys_user --key user_name --file users.csv\n  $ nowrest upsert incident --key number --data '{"number":"INC0010001","state":"2"}'`,
    )
    .action((table: string, flags: WriteFlags, cmd: Command) => action(ctx, 'upsert', table, undefined, flags, cmd));

  addInputOptions(
    program
      .command('delete <table> [sys_id]')
      .description('delete a record, sys_ids from input, or every match of --query'),
  )
    .option('--query <encoded>', 'delete every record matching this encoded query')
    .option(
      '--where <field=value>',
      'equality condition for the records to delete (repeatable)',
      (v: string, p: string[] | undefined) => [...(p ?? []), v],
    )
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--all', 'with --query and --yes: confirm deleting even when the query matches every record')
    .addHelpText(
      'after',
      `\nDeleting more than one record asks for confirmation on a terminal; scripts must pass --yes.\nA --query delete first counts the matching records. ServiceNow ignores conditions on unknown fields, so\na query that matches every record of the table is refused with --yes unless --all is added too.\n${BULK_HELP}\n\nExamples:\n  $ nowrest delete incident 9d385017c611228701d22104cc95c371\n  $ nowrest delete incident --query "short_description=test^active=true" --yes\n  $ nowrest query incident --where active=false --fields sys_id --format ndjson | nowrest delete incident --yes`,
    )
    .action((table: string, sysId: string | undefined, flags: WriteFlags, cmd: Command) =>
      action(ctx, 'delete', table, sysId, flags, cmd),
    );
}
