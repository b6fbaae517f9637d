import type { Command } from 'commander';
import type { JournalEntry } from '../../lib/journal/journal.js';
import { CliError, usageError } from '../cli-error.js';
import { openClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { collect, formatOption, pickFormat, positiveInt } from '../options.js';

interface JournalFlags {
  comment?: string;
  workNote?: string;
  field?: string[];
  max?: number;
  format?: string;
}

/** The history as a person reads it: newest first, a heading line per entry, the text indented. */
function formatText(entries: readonly JournalEntry[]): string {
  return entries.map((e) => `${e.time} UTC  ${e.author}  (${e.field})\n${e.text.replace(/^/gm, '    ')}\n`).join('\n');
}

export function registerJournalCommand(program: Command, ctx: CliContext): void {
  program
    .command('journal <table> <sys_id>')
    .description("a record's comments and work notes (sys_journal_field), or add one")
    .option('--comment <text>', 'add a customer-visible comment')
    .option('--work-note <text>', 'add an internal work note')
    .option('--field <name>', 'only this journal field (repeatable; default comments and work_notes)', collect)
    .option('--max <n>', 'at most n entries, newest first (default 1000)', positiveInt(100_000))
    .addOption(formatOption(['json', 'ndjson', 'table']))
    .addHelpText(
      'after',
      `
Format defaults to readable text (table) on a terminal and JSON otherwise (or with --json). When the journal is empty
but the record is readable, a note on stderr says why (usually a read ACL on sys_journal_field).

Examples:
  $ nowrest journal incident 11526d15e1c525db0e616412cdff71fb
  $ nowrest journal incident 11526d15e1c525db0e616412cdff71fb --work-note "Restarted the mail service"
  $ nowrest journal change_request 0f3c… --field work_notes --format ndjson`,
    )
    .action(async (table: string, sysId: string, flags: JournalFlags, cmd: Command) => {
      ctx.errorContext.table = table;
      if (flags.comment !== undefined && flags.workNote !== undefined)
        throw usageError('give --comment or --work-note, not both', 'add them in two runs');
      for (const [flag, text] of [
        ['--comment', flags.comment],
        ['--work-note', flags.workNote],
      ] as const) {
        if (text !== undefined && text.trim() === '')
          throw usageError(`${flag} is empty`, `give the text, e.g. ${flag} "Looking into it"`);
      }
      const { sn, globals } = await openClient(ctx, cmd);
      const signal = ctx.io.signal ? { signal: ctx.io.signal } : {};
      try {
        const journal = sn.journal(table, sysId);
        if (flags.comment !== undefined || flags.workNote !== undefined) {
          if (flags.comment !== undefined) await journal.addComment(flags.comment, signal);
          else await journal.addWorkNote(flags.workNote ?? '', signal);
          ctx.note(`added a ${flags.comment !== undefined ? 'comment' : 'work note'} to ${table} ${sysId}`);
          return;
        }
        const entries = await journal.list({
          ...(flags.field ? { fields: flags.field } : {}),
          ...(flags.max === undefined ? {} : { max: flags.max }),
          ...signal,
        });
        if (entries.length === 0) {
          const why = await journal.explainEmpty(signal);
          if (why.reason === 'record-not-found') {
            throw new CliError('SN_NOT_FOUND', why.message, {
              exitCode: ExitCode.notFound,
              remedy: `check the table and sys_id (\`nowrest get ${table} ${sysId}\`)`,
            });
          }
          ctx.note(why.message);
        }
        const format = pickFormat(flags.format, globals.json, ctx.io.isTTY.stdout);
        if (format === 'table') ctx.out(formatText(entries));
        else if (format === 'ndjson') ctx.out(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
        else ctx.out(`${JSON.stringify(entries, null, ctx.io.isTTY.stdout ? 2 : undefined)}\n`);
      } finally {
        await sn.close();
      }
    });
}
