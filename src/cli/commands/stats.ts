import type { Command } from 'commander';
import type { StatsGroup, StatsParams, StatsResult } from '../../lib/stats/stats-types.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../output/record-format.js';
import { collect, displayValueOption, formatOption, pickFormat, toDisplayValue } from '../options.js';
import { combineQuery } from './read.js';

interface StatsFlags {
  query?: string;
  where?: string[];
  count?: boolean;
  avg?: string[];
  min?: string[];
  max?: string[];
  sum?: string[];
  groupBy?: string[];
  having?: string[];
  orderBy?: string[];
  displayValue?: string;
  format?: string;
}

const AGGREGATES = ['avg', 'min', 'max', 'sum'] as const;

/** Repeatable flags also take comma lists: `--avg a,b` = `--avg a --avg b`. */
const split = (values: string[] | undefined): string[] | undefined => {
  const list = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return list.length > 0 ? list : undefined;
};

/** The --avg/--min/--max/--sum lists as StatsParams. */
function aggregateParams(flags: StatsFlags): Pick<StatsParams, (typeof AGGREGATES)[number]> {
  const out: { -readonly [K in (typeof AGGREGATES)[number]]?: string[] } = {};
  for (const fn of AGGREGATES) {
    const fields = split(flags[fn]);
    if (fields) out[fn] = fields;
  }
  return out;
}

/** One table row per group (or one row of totals): group values, count, then `avg(field)`… columns. */
function tableRows(result: StatsResult): { rows: Record<string, string>[]; columns: string[] } {
  const entries: (StatsGroup | StatsResult)[] = result.groups.length > 0 ? [...result.groups] : [result];
  const columns: string[] = [];
  const rows = entries.map((entry) => {
    const row: Record<string, string> = {};
    const put = (column: string, value: string): void => {
      if (!columns.includes(column)) columns.push(column);
      row[column] = value;
    };
    for (const g of 'groupBy' in entry ? entry.groupBy : []) put(g.field, g.displayValue ?? g.value);
    if (entry.count !== undefined) put('count', String(entry.count));
    for (const fn of AGGREGATES)
      for (const [field, value] of Object.entries(entry[fn] ?? {})) put(`${fn}(${field})`, value);
    return row;
  });
  return { rows, columns };
}

export function registerStatsCommand(program: Command, ctx: CliContext): void {
  program
    .command('stats <table>')
    .description('count, average, min, max and sum records, optionally grouped (Aggregate API)')
    .option('--query <encoded>', 'encoded query selecting the records, e.g. "active=true"')
    .option('--where <field=value>', 'equality condition, built safely (repeatable)', collect)
    .option('--count', 'count records (the default)')
    .option('--no-count', 'do not count records')
    .option('--avg <fields>', 'average of numeric fields (repeatable or comma-separated)', collect)
    .option('--min <fields>', 'minimum of fields', collect)
    .option('--max <fields>', 'maximum of fields', collect)
    .option('--sum <fields>', 'sum of numeric fields', collect)
    .option('--group-by <fields>', 'one result per distinct value of these fields', collect)
    .option('--having <clause>', 'filter groups: aggregate^field^operator^value, e.g. count^priority^>^3', collect)
    .option('--order-by <term>', 'order groups: field[^DESC], COUNT[^DESC] or AVG^field[^DESC]', collect)
    .addOption(displayValueOption())
    .addOption(formatOption(['json', 'table']))
    .addHelpText(
      'after',
      `
Format defaults to a table on a terminal and JSON otherwise (or with --json).

Examples:
  $ nowrest stats incident -c demo --where active=true
  $ nowrest stats incident -c demo --group-by priority --avg reassignment_count --order-by COUNT^DESC --format table
  $ nowrest stats incident -c demo --group-by category --having "count^category^>^10" --display-value true`,
    )
    .action(async (table: string, flags: StatsFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      ctx.errorContext.notFoundRemedy =
        `the Aggregate API (/api/now/stats/${table}) is not there: check the table name with ` +
        `\`nowrest schema tables --filter ${table.slice(0, 5)}\`, and that the connection's base URL is a ServiceNow ` +
        `instance (\`nowrest connection test\`)`;
      const q = combineQuery(flags.query, flags.where);
      const dv = toDisplayValue(flags.displayValue);
      const groupBy = split(flags.groupBy);
      const params: StatsParams = {
        ...(q ? { query: q } : {}),
        count: flags.count !== false,
        ...aggregateParams(flags),
        ...(groupBy ? { groupBy } : {}),
        ...(flags.having ? { having: flags.having } : {}),
        ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
        ...(dv === undefined ? {} : { displayValue: dv }),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      };
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const result = await sn.stats(table, params);
        if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') {
          const { rows, columns } = tableRows(result);
          ctx.out(formatTable(rows, columns, 60));
        } else {
          ctx.out(`${JSON.stringify(result, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
        }
      } finally {
        await sn.close();
      }
    });
}
