import type { Command } from 'commander';
import { query as buildQuery } from '../../lib/query.js';
import { andEveryGroup, queryHasOrder } from '../../lib/pagination.js';
import type { RecordListParams } from '../../lib/table.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { createRecordFormatter, formatTable, cellText } from '../output/record-format.js';
import { openSink } from '../output/sink.js';
import { checkQueryFields } from '../query-preflight.js';
import {
  collect,
  displayValueOption,
  fieldsOf,
  formatOption,
  pickFormat,
  positiveInt,
  toDisplayValue,
} from '../options.js';

interface QueryFlags {
  query?: string;
  where?: string[];
  fields?: string;
  orderBy?: string[];
  displayValue?: string;
  excludeReferenceLink?: boolean;
  view?: string;
  max?: number;
  pageSize?: number;
  concurrency?: number;
  format?: string;
  output?: string;
  strict?: boolean;
}

/** Columns a table shows without --fields: records have ~60 fields, far too many for a terminal. */
const TABLE_COLUMNS = [
  'number',
  'name',
  'user_name',
  'label',
  'short_description',
  'state',
  'priority',
  'active',
  'sys_updated_on',
];

/** The columns a table shows: --fields, else the usual suspects present in the records, else the first eight. */
export function tableColumns(records: readonly Record<string, unknown>[], fields: string[] | undefined): string[] {
  if (fields) return fields;
  const present = new Set(records.flatMap((r) => Object.keys(r)));
  const picked = TABLE_COLUMNS.filter((c) => present.has(c));
  if (picked.length >= 2) return ['sys_id', ...picked].filter((c) => present.has(c));
  return [...present].slice(0, 8);
}

/** Rows a table shows when --max is not given: a table is for eyes, and it is buffered. */
const TABLE_DEFAULT_MAX = 100;

/**
 * The encoded query from --query and --where. --where values go through the library's builder, which
 * escapes `^` so a value can never inject another condition.
 */
export function combineQuery(encoded: string | undefined, where: readonly string[] | undefined): string | undefined {
  if (!where || where.length === 0) return encoded;
  let q = buildQuery();
  for (const item of where) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw usageError(`--where '${item}' is not field=value`, 'e.g. --where active=true --where priority=1');
    q = q.where(item.slice(0, eq).trim(), item.slice(eq + 1));
  }
  const built = q.toString();
  return encoded ? andEveryGroup(encoded, [built]) : built;
}

export function registerReadCommands(program: Command, ctx: CliContext): void {
  program
    .command('get <table> <sys_id>')
    .description('read one record')
    .option('--fields <list>', 'comma-separated fields to return')
    .addOption(displayValueOption())
    .option('--exclude-reference-link', 'omit the link of reference fields')
    .option('--view <view>', 'sysparm_view: desktop, mobile or both')
    .addOption(formatOption(['json', 'table']))
    .addHelpText(
      'after',
      '\nExamples:\n  $ nowrest get incident 9d385017c611228701d22104cc95c371 -c dev\n  $ nowrest get sys_user 6816f79cc0a8016401c5a33be04be441 --fields user_name,email --format table',
    )
    .action(async (table: string, sysId: string, flags: QueryFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const dv = toDisplayValue(flags.displayValue);
        const fields = fieldsOf(flags.fields);
        const record = await sn.table(table).get(sysId, {
          ...(fields ? { fields } : {}),
          ...(dv === undefined ? {} : { displayValue: dv }),
          ...(flags.excludeReferenceLink ? { excludeReferenceLink: true } : {}),
          ...(flags.view ? { view: flags.view } : {}),
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        });
        if (pickFormat(flags.format, globals.json, false) === 'table') {
          const rows = Object.entries(record).map(([field, value]) => ({ field, value: cellText(value) }));
          ctx.out(formatTable(rows, ['field', 'value'], 100));
        } else {
          ctx.out(`${JSON.stringify(record, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
        }
      } finally {
        await sn.close();
      }
    });

  program
    .command('query <table>')
    .description('list records matching a query')
    .option('--query <encoded>', 'encoded query, e.g. "active=true^priority<=2"')
    .option('--where <field=value>', 'equality condition, built safely (repeatable)', collect)
    .option('--fields <list>', 'comma-separated fields to return')
    .option('--order-by <field>', 'sort field, -field for descending (repeatable)', collect)
    .addOption(displayValueOption())
    .option('--exclude-reference-link', 'omit the link of reference fields')
    .option('--view <view>', 'sysparm_view: desktop, mobile or both')
    .option('--max <n>', `stop after n records (table format default: ${TABLE_DEFAULT_MAX})`, positiveInt())
    .option('--page-size <n>', 'records per request (default 500)', positiveInt(10000))
    .option('--concurrency <n>', 'parallel sys_id ranges (not with --order-by)', positiveInt(16))
    .addOption(formatOption())
    .option('--output <file>', 'write to a file instead of stdout')
    .option('--strict', 'exit 2 instead of warning when the query names a field the table does not have')
    .addHelpText(
      'after',
      `
A condition on a field the table does not have is ignored by ServiceNow, so the query returns too much;
such fields are named on stderr with the closest real one (--strict: exit 2 before reading any record).

Format defaults to a table on a terminal and JSON otherwise (or with --json).

Examples:
  $ nowrest query incident -c dev --where active=true --where priority=1 --fields number,short_description
  $ nowrest query incident --query "active=true^ORDERBYDESCsys_updated_on" --max 10 --format table
  $ nowrest query sys_user --fields user_name,email --format csv --output users.csv`,
    )
    .action(async (table: string, flags: QueryFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      const q = combineQuery(flags.query, flags.where);
      if ((flags.concurrency ?? 1) > 1 && (flags.orderBy !== undefined || (q !== undefined && queryHasOrder(q)))) {
        throw usageError(
          `--concurrency ${flags.concurrency} cannot be combined with ${flags.orderBy ? '--order-by' : 'ORDERBY in --query'}`,
          `parallel reads split the table into sys_id ranges and cannot keep an order: drop ${flags.orderBy ? '--order-by' : 'the ORDERBY'} (and sort afterwards), or drop --concurrency`,
        );
      }
      const { sn, globals } = await openClient(ctx, cmd);
      const orderTerms = (flags.orderBy ?? []).map((f) => `ORDERBY${f.replace(/^-/, '')}`);
      await checkQueryFields(ctx, sn, table, [q ?? '', ...orderTerms].filter((t) => t !== '').join('^'), {
        strict: flags.strict === true,
        color: globals.color,
      }).catch(async (error: unknown) => {
        await sn.close();
        throw error;
      });
      const format = pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout && flags.output === undefined);
      const max = flags.max ?? (format === 'table' ? TABLE_DEFAULT_MAX : undefined);
      const fields = fieldsOf(flags.fields);
      const dv = toDisplayValue(flags.displayValue);
      const params: RecordListParams = {
        ...(q ? { query: q } : {}),
        ...(fields ? { fields } : {}),
        ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
        ...(dv === undefined ? {} : { displayValue: dv }),
        ...(flags.excludeReferenceLink ? { excludeReferenceLink: true } : {}),
        ...(flags.view ? { view: flags.view } : {}),
        ...(flags.pageSize
          ? { pageSize: max ? Math.min(flags.pageSize, max) : flags.pageSize }
          : max
            ? { pageSize: Math.min(500, max) }
            : {}),
        ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      };
      const sink = openSink(ctx.io, flags.output);
      try {
        const list = sn.table(table).list(params);
        if (format === 'table') {
          const records = await list.toArray({ max: max ?? TABLE_DEFAULT_MAX });
          await sink.write(formatTable(records, tableColumns(records, fields)));
          if (!fields && records.length > 0) ctx.note('showing a few columns; choose them with --fields');
          if (flags.max === undefined && records.length === TABLE_DEFAULT_MAX) {
            ctx.note(`showing the first ${TABLE_DEFAULT_MAX} records; use --max or --format ndjson for more`);
          }
          return;
        }
        const formatter = createRecordFormatter(format, { columns: fields });
        let count = 0;
        for await (const record of list) {
          await sink.write(formatter.record(record));
          count += 1;
          if (max !== undefined && count >= max) break;
        }
        await sink.write(formatter.end());
      } finally {
        await sink.close();
        await sn.close();
      }
    });
}
