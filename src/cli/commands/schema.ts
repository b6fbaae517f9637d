import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { formatTable } from '../output/record-format.js';
import { positiveInt } from '../options.js';

export function registerSchemaCommands(program: Command, ctx: CliContext): void {
  const schema = program
    .command('schema')
    .description('browse tables, fields and choices; generate TypeScript types')
    .addHelpText(
      'after',
      `
Examples:
  $ nowrest schema tables -c dev --filter incid
  $ nowrest schema fields incident -c dev
  $ nowrest schema choices incident state -c dev
  $ nowrest schema types incident -c dev --out incident.d.ts`,
    );

  schema
    .command('tables')
    .description('list tables (sys_db_object)')
    .option('--filter <text>', 'only tables whose name or label contains this text')
    .option('--max <n>', 'at most this many tables (default 1000)', positiveInt())
    .action(async (flags: { filter?: string; max?: number }, cmd: Command) => {
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const tables = await sn.schema.tables({
          ...(flags.filter ? { filter: flags.filter } : {}),
          max: flags.max ?? 1000,
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        });
        if (globals.json) ctx.out(`${JSON.stringify(tables)}\n`);
        else ctx.out(formatTable(tables.map((t) => ({ name: t.name, label: t.label, extends: t.superClass ?? '' }))));
      } finally {
        await sn.close();
      }
    });

  schema
    .command('fields <table>')
    .description('list the fields of a table, inherited ones included')
    .action(async (table: string, _flags: unknown, cmd: Command) => {
      ctx.errorContext.table = table;
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const fields = await sn.schema.fields(table, ctx.io.signal ? { signal: ctx.io.signal } : {});
        if (globals.json) {
          ctx.out(`${JSON.stringify(fields)}\n`);
          return;
        }
        const rows = fields.map((f) => ({
          name: f.name,
          label: f.label,
          type: f.reference ? `reference → ${f.reference}` : f.type,
          flags: [f.mandatory && 'mandatory', f.readOnly && 'read-only', f.display && 'display', f.choice && 'choice']
            .filter(Boolean)
            .join(','),
          from: f.definedOn,
        }));
        ctx.out(formatTable(rows));
      } finally {
        await sn.close();
      }
    });

  schema
    .command('choices <table> <field>')
    .description('list the choices of a choice field')
    .action(async (table: string, field: string, _flags: unknown, cmd: Command) => {
      ctx.errorContext.table = table;
      const { sn, globals } = await openClient(ctx, cmd);
      try {
        const choices = await sn.schema.choices(table, field, ctx.io.signal ? { signal: ctx.io.signal } : {});
        if (globals.json) ctx.out(`${JSON.stringify(choices)}\n`);
        else
          ctx.out(
            formatTable(
              choices.map((c) => ({ value: c.value, label: c.label, depends_on: c.dependentValue ?? '' })),
              ['value', 'label', 'depends_on'],
            ),
          );
      } finally {
        await sn.close();
      }
    });

  schema
    .command('types <table>')
    .description('generate a TypeScript interface for a table')
    .option('--out <file>', 'write to this .d.ts file instead of stdout')
    .action(async (table: string, flags: { out?: string }, cmd: Command) => {
      ctx.errorContext.table = table;
      const { sn } = await openClient(ctx, cmd);
      try {
        const source = await sn.schema.typescript(table, ctx.io.signal ? { signal: ctx.io.signal } : {});
        if (flags.out) {
          await writeFile(resolve(ctx.io.cwd, flags.out), source);
          ctx.io.stderr.write(`wrote ${flags.out}\n`);
        } else {
          ctx.out(source.endsWith('\n') ? source : `${source}\n`);
        }
      } finally {
        await sn.close();
      }
    });
}
