import type { Command } from 'commander';
import type { ChangeRecord } from '../../lib/changes/change-record.js';
import type { ChangeFields, ChangeListParams } from '../../lib/changes/change-types.js';
import type { ServiceNowClient } from '../../lib/client.js';
import type { CallOptions } from '../../lib/table.js';
import { CliError, usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { collect, formatOption, nonNegativeInt, positiveInt } from '../options.js';
import { confirm } from '../prompt.js';
import { withClient as withCommandClient } from '../with-client.js';
import { parseField } from './api-input.js';
import {
  CHANGE_COLUMNS,
  TASK_COLUMNS,
  TEMPLATE_COLUMNS,
  writeConflicts,
  writeRecord,
  writeRecords,
} from './change-output.js';

interface ListFlags {
  type?: string;
  query?: string;
  order?: string;
  limit?: number;
  offset?: number;
  format?: string;
  raw?: boolean;
}

const SYS_ID = /^[0-9a-f]{32}$/i;

/** `--set f=v` pairs as fields (strings; the API takes display values too). */
function fieldsOf(sets: readonly string[] | undefined): ChangeFields {
  return Object.fromEntries((sets ?? []).map((s) => parseField(s, false)).map((f) => [f.key, String(f.value)]));
}

const notFound = (what: string, remedy: string): CliError =>
  new CliError('SN_NOT_FOUND', `${what} not found`, { exitCode: ExitCode.notFound, remedy });

/** A change by sys_id or number (CHG0000004). */
async function resolveChange(sn: ServiceNowClient, id: string, signal?: AbortSignal): Promise<ChangeRecord> {
  const opts = signal ? { signal } : {};
  if (SYS_ID.test(id)) return await sn.changes.get(id, opts);
  if (!/^[A-Za-z0-9_]+$/.test(id))
    throw usageError(`'${id}' is neither a sys_id nor a change number`, 'e.g. CHG0000004');
  const [found] = await sn.changes.list({ query: `number=${id}`, limit: 1, ...opts });
  if (!found) throw notFound(`change ${id}`, 'list changes with `nowrest change list`');
  return found;
}

/** A template by sys_id or exact name. */
async function resolveTemplate(sn: ServiceNowClient, id: string, signal?: AbortSignal): Promise<string> {
  if (SYS_ID.test(id)) return id;
  const all = await sn.changes.templates({ limit: 1000, ...(signal ? { signal } : {}) });
  const match = all.find((t) => t.fields.name?.display_value.toLowerCase() === id.toLowerCase());
  if (!match) throw notFound(`standard change template '${id}'`, 'list templates with `nowrest change templates`');
  return match.sysId;
}

/** A 400 from the conflict routes as one clear line (ServiceNow's message and detail) with a fitting remedy. */
const refused =
  (remedy: string) =>
  (error: unknown): never => {
    const e = error as { code?: unknown; serviceNowMessage?: unknown; detail?: unknown };
    if (e.code !== 'SN_BAD_REQUEST') throw error;
    const detail = typeof e.detail === 'string' && e.detail !== '' ? `: ${e.detail}` : '';
    throw new CliError('SN_BAD_REQUEST', `${String(e.serviceNowMessage)}${detail}`, { remedy, cause: error });
  };

const listOptions = (cmd: Command): Command =>
  cmd
    .option('--query <encoded>', 'encoded query, e.g. "active=true^cmdb_ci.name=lnux101"')
    .option('--order <field>', 'order by this field; a leading - sorts descending')
    .option('--limit <n>', 'page size (the API defaults to 500)', positiveInt(10_000))
    .option('--offset <n>', 'skip the first n', nonNegativeInt(Number.MAX_SAFE_INTEGER))
    .option('--raw', 'JSON of the API objects ({display_value, value} per field)')
    .addOption(formatOption(['json', 'ndjson', 'table']));

function listParams(flags: ListFlags, signal: AbortSignal | undefined): ChangeListParams {
  return {
    ...(flags.query ? { query: flags.query } : {}),
    ...(flags.order ? { order: flags.order } : {}),
    ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    ...(flags.offset === undefined ? {} : { offset: flags.offset }),
    ...(signal ? { signal } : {}),
  };
}

export function registerChangeCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('change')
    .description('Change Management API: create, read and update changes, templates, tasks, conflict checks')
    .addHelpText(
      'after',
      `
Changes are named by sys_id or number (CHG0000004); templates by sys_id or name.

Examples:
  $ nowrest change templates
  $ nowrest change create --template "Reboot Windows Server" --set cmdb_ci=lnux101 --set "start_date=2027-01-05 22:00:00" --set "end_date=2027-01-05 23:00:00"
  $ nowrest change create --type emergency --set short_description="Replace failed disk"
  $ nowrest change list --type standard --query active=true
  $ nowrest change conflicts CHG0000004 --start`,
    );
  /** Opens a client, runs `fn` with it and --json, closes the client. */
  const withClient = <T>(cmd: Command, fn: (sn: ServiceNowClient, json: boolean) => Promise<T>): Promise<T> =>
    withCommandClient(ctx, cmd, (sn, globals) => fn(sn, globals.json));
  const signal = () => ctx.io.signal;
  const opts = (): CallOptions => (ctx.io.signal ? { signal: ctx.io.signal } : {});

  group
    .command('create')
    .description('create a normal or emergency change, or a standard change from a template')
    .option('--type <type>', 'normal (default) or emergency')
    .option('--template <id>', 'create a standard change from this template (sys_id or name)')
    .option('--set <field=value>', 'a field value; display values work (state=Scheduled) (repeatable)', collect)
    .option('--raw', 'print the API objects ({display_value, value} per field)')
    .action(async (flags: { type?: string; template?: string; set?: string[]; raw?: boolean }, cmd: Command) => {
      if (flags.template !== undefined && flags.type !== undefined && flags.type !== 'standard')
        throw usageError(`--template creates a standard change, not ${flags.type}`, 'drop --type');
      const type = flags.type ?? 'normal';
      if (flags.template === undefined && type !== 'normal' && type !== 'emergency')
        throw usageError(`unknown change type '${type}'`, 'use --type normal or emergency, or --template for standard');
      const fields = fieldsOf(flags.set);
      await withClient(cmd, async (sn) => {
        const s = signal();
        const record =
          flags.template !== undefined
            ? await sn.changes.createStandard(await resolveTemplate(sn, flags.template, s), fields, opts())
            : await sn.changes.create(type as 'normal' | 'emergency', fields, opts());
        writeRecord(ctx, record, flags);
        ctx.note(`created ${record.number} (${record.sysId})`);
      });
    });

  group
    .command('get <change>')
    .description('one change (by sys_id or number)')
    .option('--raw', 'print the API objects ({display_value, value} per field)')
    .action(async (id: string, flags: { raw?: boolean }, cmd: Command) => {
      await withClient(cmd, async (sn) => writeRecord(ctx, await resolveChange(sn, id, signal()), flags));
    });

  listOptions(
    group.command('list').description('list changes').option('--type <type>', 'normal, emergency or standard'),
  ).action(async (flags: ListFlags, cmd: Command) => {
    if (flags.type !== undefined && !['normal', 'emergency', 'standard'].includes(flags.type))
      throw usageError(`unknown change type '${flags.type}'`, 'use normal, emergency or standard');
    await withClient(cmd, async (sn, json) => {
      const records = await sn.changes.list({
        ...listParams(flags, signal()),
        ...(flags.type ? { type: flags.type as 'normal' } : {}),
      });
      writeRecords(ctx, records, CHANGE_COLUMNS, flags, json);
    });
  });

  listOptions(group.command('templates').description('list the active standard change templates')).action(
    async (flags: ListFlags, cmd: Command) => {
      await withClient(cmd, async (sn, json) =>
        writeRecords(ctx, await sn.changes.templates(listParams(flags, signal())), TEMPLATE_COLUMNS, flags, json),
      );
    },
  );

  group
    .command('update <change>')
    .description('update fields of a change')
    .option('--set <field=value>', 'a field value (repeatable)', collect)
    .option('--raw', 'print the API objects')
    .action(async (id: string, flags: { set?: string[]; raw?: boolean }, cmd: Command) => {
      if (!flags.set || flags.set.length === 0) throw usageError('nothing to update', 'give --set field=value');
      const fields = fieldsOf(flags.set);
      await withClient(cmd, async (sn) => {
        const change = await resolveChange(sn, id, signal());
        writeRecord(ctx, await sn.changes.update(change.sysId, fields, opts()), flags);
      });
    });

  group
    .command('delete <change>')
    .description('delete a change and its tasks (needs change_manager or admin)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (id: string, flags: { yes?: boolean }, cmd: Command) => {
      await withClient(cmd, async (sn) => {
        const change = await resolveChange(sn, id, signal());
        if (!flags.yes) {
          if (!ctx.io.isTTY.stdin)
            throw usageError(`refusing to delete ${change.number} without confirmation`, 'add --yes');
          if (!(await confirm(ctx.io, `Delete ${change.number} and its tasks?`)))
            throw new CliError('CLI_ABORTED', 'not deleted', { exitCode: ExitCode.usage });
        }
        await sn.changes.delete(change.sysId, opts());
        ctx.note(`deleted ${change.number}`);
      });
    });

  listOptions(
    group
      .command('tasks <change>')
      .description("list a change's tasks, or add one with --add")
      .option('--add', 'create a change task with the --set values')
      .option('--set <field=value>', 'a field of the new task (repeatable)', collect),
  ).action(async (id: string, flags: ListFlags & { add?: boolean; set?: string[] }, cmd: Command) => {
    if (flags.set && !flags.add) throw usageError('--set needs --add', 'add --add to create a task');
    await withClient(cmd, async (sn, json) => {
      const change = await resolveChange(sn, id, signal());
      if (flags.add) {
        const task = await sn.changes.createTask(change.sysId, fieldsOf(flags.set), opts());
        writeRecord(ctx, task, flags);
        ctx.note(`created ${task.number} on ${change.number}`);
        return;
      }
      writeRecords(ctx, await sn.changes.tasks(change.sysId, listParams(flags, signal())), TASK_COLUMNS, flags, json);
    });
  });

  group
    .command('conflicts <change>')
    .description('show the conflict check result; --start runs a check first, --cancel cancels it')
    .option('--start', 'start a conflict check, then show its result')
    .option('--cancel', 'cancel the conflict check')
    .action(async (id: string, flags: { start?: boolean; cancel?: boolean }, cmd: Command) => {
      if (flags.start && flags.cancel) throw usageError('give --start or --cancel, not both');
      await withClient(cmd, async (sn, json) => {
        const change = await resolveChange(sn, id, signal());
        if (flags.cancel) {
          await sn.changes
            .cancelConflictCheck(change.sysId, opts())
            .catch(refused(`start one with \`nowrest change conflicts ${change.number} --start\``));
          ctx.note(`canceled the conflict check of ${change.number}`);
          return;
        }
        if (flags.start) {
          await sn.changes
            .startConflictCheck(change.sysId, opts())
            .catch(
              refused(
                `set the planned dates: nowrest change update ${change.number} --set "start_date=…" --set "end_date=…"`,
              ),
            );
        }
        writeConflicts(ctx, change.number, await sn.changes.conflicts(change.sysId, opts()), json);
      });
    });
}
