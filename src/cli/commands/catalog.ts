import type { Command } from 'commander';
import type { CatalogItemDetail, CatalogVariable } from '../../lib/catalog/catalog-types.js';
import { ApiError } from '../../lib/errors/api-error.js';
import type { ServiceNowClient } from '../../lib/client.js';
import { CliError, usageError } from '../cli-error.js';
import { withClient } from '../with-client.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../output/record-format.js';
import { collect, formatOption, pickFormat, positiveInt } from '../options.js';

const SYS_ID = /^[0-9a-f]{32}$/i;

/** `--var name=value` flags as an object; a flag without `=` or given twice is a usage error. */
export function parseVars(flags: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags ?? []) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (name === '')
      throw usageError(`--var '${flag}' is not name=value`, 'e.g. --var ram=32 --var "justification=CI builds"');
    if (name in out) throw usageError(`--var ${name} is given twice`, 'give each variable once');
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/** A catalog item by sys_id, or by its exact name (case-insensitive). */
async function resolveItem(sn: ServiceNowClient, idOrName: string): Promise<CatalogItemDetail> {
  if (SYS_ID.test(idOrName)) return sn.catalog.item(idOrName.toLowerCase());
  const matches = (await sn.catalog.items({ text: idOrName })).filter(
    (i) => i.name.toLowerCase() === idOrName.toLowerCase(),
  );
  if (matches.length === 0) {
    throw new CliError('CLI_NOT_FOUND', `no catalog item is named '${idOrName}'`, {
      exitCode: ExitCode.notFound,
      remedy: `list them with \`nowrest catalog items --text "${idOrName.slice(0, 10)}"\``,
    });
  }
  if (matches.length > 1) {
    throw usageError(`${matches.length} catalog items are named '${idOrName}'`, 'pass the sys_id instead');
  }
  return sn.catalog.item(matches[0]?.sysId ?? '');
}

const flat = (vars: readonly CatalogVariable[]): CatalogVariable[] => vars.flatMap((v) => [v, ...flat(v.children)]);

function variableRows(item: CatalogItemDetail): Record<string, string>[] {
  return flat(item.variables).map((v) => ({
    name: v.name,
    label: v.label,
    type: v.friendlyType,
    mandatory: v.mandatory ? 'yes' : '',
    default: v.defaultValue,
    choices: v.choices.map((c) => c.value).join(', '),
  }));
}

/** Unknown variable names are refused before ordering: an instance ignores them silently. */
function checkVariableNames(item: CatalogItemDetail, vars: Record<string, string>): void {
  const known = new Set(flat(item.variables).map((v) => v.name));
  const unknown = Object.keys(vars).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw usageError(
      `'${item.name}' has no variable ${unknown.join(', ')}`,
      `its variables are: ${[...known].join(', ') || '(none)'}`,
    );
  }
}

function orderFailure(err: unknown, item: CatalogItemDetail): unknown {
  if (!(err instanceof ApiError) || err.status !== 400) return err;
  const mandatory = flat(item.variables)
    .filter((v) => v.mandatory)
    .map((v) => v.name);
  return new CliError(
    'CLI_ORDER_REFUSED',
    `the order was refused: ${err.serviceNowMessage}${err.detail ? ` (${err.detail})` : ''}`,
    {
      exitCode: ExitCode.failed,
      remedy:
        mandatory.length > 0
          ? `give the mandatory variables with --var: ${mandatory.join(', ')} (see \`nowrest catalog item "${item.name}"\`)`
          : `check the variables with \`nowrest catalog item "${item.name}"\``,
      cause: err,
    },
  );
}

function registerItems(catalog: Command, ctx: CliContext): void {
  catalog
    .command('items')
    .description('list orderable catalog items')
    .option('--text <text>', 'search names and descriptions')
    .option('--catalog <sys_id>', 'only items of this catalog')
    .option('--category <sys_id>', 'only items of this category')
    .option('--limit <n>', 'at most n items', positiveInt(10_000))
    .addOption(formatOption(['json', 'table']))
    .action(
      async (
        flags: { text?: string; catalog?: string; category?: string; limit?: number; format?: string },
        cmd: Command,
      ) => {
        await withClient(ctx, cmd, async (sn, globals) => {
          const items = await sn.catalog.items({
            ...(flags.text === undefined ? {} : { text: flags.text }),
            ...(flags.catalog === undefined ? {} : { catalog: flags.catalog }),
            ...(flags.category === undefined ? {} : { category: flags.category }),
            ...(flags.limit === undefined ? {} : { limit: flags.limit }),
          });
          if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') {
            const rows = items.map((i) => ({
              sys_id: i.sysId,
              name: i.name,
              category: i.category?.title ?? '',
              price: i.price,
            }));
            ctx.out(formatTable(rows, ['sys_id', 'name', 'category', 'price'], 60));
          } else ctx.out(`${JSON.stringify(items, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
        });
      },
    );
}

function registerItem(catalog: Command, ctx: CliContext): void {
  catalog
    .command('item <item>')
    .description('show one item (sys_id or exact name) with its variables')
    .addOption(formatOption(['json', 'table']))
    .action(async (idOrName: string, flags: { format?: string }, cmd: Command) => {
      await withClient(ctx, cmd, async (sn, globals) => {
        const item = await resolveItem(sn, idOrName);
        if (pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout) === 'table') {
          ctx.out(`${item.name} (${item.sysId}) ${item.price}\n${item.shortDescription}\n\nvariables:\n`);
          ctx.out(formatTable(variableRows(item), ['name', 'label', 'type', 'mandatory', 'default', 'choices'], 50));
        } else ctx.out(`${JSON.stringify(item, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
      });
    });
}

function registerOrder(catalog: Command, ctx: CliContext): void {
  catalog
    .command('order <item>')
    .description('order an item (sys_id or exact name) at once; prints the request created')
    .option('--var <name=value>', 'a variable answer (repeatable)', collect)
    .option('--quantity <n>', 'how many (default 1)', positiveInt(1000))
    .option('--requested-for <sys_id>', 'the user the item is for (default: you)')
    .action(
      async (idOrName: string, flags: { var?: string[]; quantity?: number; requestedFor?: string }, cmd: Command) => {
        const vars = parseVars(flags.var);
        await withClient(ctx, cmd, async (sn, globals) => {
          const item = await resolveItem(sn, idOrName);
          checkVariableNames(item, vars);
          const order = await sn.catalog
            .orderNow(item.sysId, {
              variables: vars,
              ...(flags.quantity === undefined ? {} : { quantity: flags.quantity }),
              ...(flags.requestedFor === undefined ? {} : { requestedFor: flags.requestedFor }),
            })
            .catch((err: unknown) => {
              throw orderFailure(err, item);
            });
          ctx.out(`${JSON.stringify(order, null, ctx.io.isTTY.stdout && !globals.json ? 2 : undefined)}\n`);
          ctx.io.stderr.write(`ordered ${item.name}: request ${order.requestNumber}\n`);
        });
      },
    );
}

export function registerCatalogCommands(program: Command, ctx: CliContext): void {
  const catalog = program
    .command('catalog')
    .description('browse and order Service Catalog items (/api/sn_sc/servicecatalog)')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest catalog items -c demo --text laptop
  $ nowrest catalog item -c demo "Developer Laptop (Mac)" --format table
  $ nowrest catalog order -c demo "Developer Laptop (Mac)" --var ram=32 --var "justification=CI builds"`,
    );
  registerItems(catalog, ctx);
  registerItem(catalog, ctx);
  registerOrder(catalog, ctx);
}
