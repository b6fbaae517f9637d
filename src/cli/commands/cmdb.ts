import type { Command } from 'commander';
import type { Ci } from '../../lib/cmdb/cmdb-types.js';
import { isServiceNowError } from '../../lib/errors/service-now-error.js';
import { usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../output/record-format.js';
import { formatOption, nonNegativeInt, pickFormat, positiveInt } from '../options.js';
import { registerCmdbReconcile } from './cmdb-reconcile.js';

const notACmdbClass = (className: string): string =>
  `check the class and sys_id: \`nowrest cmdb list ${className} --limit 5\` lists CIs of a class (e.g. cmdb_ci_linux_server)`;

/** An attribute as text: plain values as they are, references by their display value. */
function cellValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && 'display_value' in v) {
    const display = v.display_value;
    return typeof display === 'string' ? display : '';
  }
  return '';
}

/** A class that is not a CMDB class is a usage error (exit 2), like an unknown table. */
function classError(err: unknown, className: string): unknown {
  if (isServiceNowError(err) && err.code === 'SN_UNKNOWN_CLASS') {
    return usageError(
      `'${className}' is not a CMDB class`,
      'use a table extending cmdb_ci, e.g. cmdb_ci_server, cmdb_ci_linux_server or cmdb_ci_appl',
    );
  }
  return err;
}

function ciTable(ci: Ci): string {
  const attributes = Object.entries(ci.attributes)
    .filter(([, v]) => v !== '')
    .map(([field, v]) => ({
      field,
      value: cellValue(v),
    }));
  const relations = [
    ...ci.outboundRelations.map((r) => ({
      direction: 'outbound',
      type: r.type.name,
      ci: r.target.name,
      sys_id: r.sysId,
    })),
    ...ci.inboundRelations.map((r) => ({
      direction: 'inbound',
      type: r.type.name,
      ci: r.target.name,
      sys_id: r.sysId,
    })),
  ];
  return `${formatTable(attributes, ['field', 'value'], 70)}\nrelations:\n${formatTable(relations, ['direction', 'type', 'ci', 'sys_id'], 50)}`;
}

export function registerCmdbCommands(program: Command, ctx: CliContext): void {
  const cmdb = program
    .command('cmdb')
    .description('read CIs (CMDB Instance API) and load them through identification and reconciliation (IRE)')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest cmdb list cmdb_ci_server -c demo --query nameSTARTSWITHlnux
  $ nowrest cmdb get cmdb_ci_server -c demo <sys_id> --format table
  $ discover.sh | nowrest cmdb reconcile -c demo --data-source ServiceNow`,
    );
  cmdb
    .command('list <class>')
    .description('list CIs of a class (sys_id and name)')
    .option('--query <encoded>', 'encoded query, e.g. "nameSTARTSWITHweb"')
    .option('--limit <n>', 'at most n CIs (default 10000)', positiveInt(10_000))
    .option('--offset <n>', 'skip the first n CIs', nonNegativeInt(1_000_000_000))
    .addOption(formatOption(['json', 'table']))
    .action(
      async (
        className: string,
        flags: { query?: string; limit?: number; offset?: number; format?: string },
        cmd: Command,
      ) => {
        ctx.errorContext.notFoundRemedy = notACmdbClass(className);
        const { sn, globals } = await openClient(ctx, cmd);
        try {
          const cis = await sn.cmdb
            .list(className, {
              ...(flags.query === undefined ? {} : { query: flags.query }),
              ...(flags.limit === undefined ? {} : { limit: flags.limit }),
              ...(flags.offset === undefined ? {} : { offset: flags.offset }),
            })
            .catch((err: unknown) => {
              throw classError(err, className);
            });
          if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') {
            ctx.out(
              formatTable(
                cis.map((c) => ({ sys_id: c.sysId, name: c.name })),
                ['sys_id', 'name'],
                60,
              ),
            );
          } else ctx.out(`${JSON.stringify(cis, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
        } finally {
          await sn.close();
        }
      },
    );
  cmdb
    .command('get <class> <sys_id>')
    .description('show one CI with its attributes and relations')
    .addOption(formatOption(['json', 'table']))
    .action(async (className: string, sysId: string, flags: { format?: string }, cmd: Command) => {
      ctx.errorContext.notFoundRemedy = notACmdbClass(className);
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const ci = await sn.cmdb.get(className, sysId).catch((err: unknown) => {
          throw classError(err, className);
        });
        if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') ctx.out(ciTable(ci));
        else ctx.out(`${JSON.stringify(ci, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
      } finally {
        await sn.close();
      }
    });
  registerCmdbReconcile(cmdb, ctx);
}
