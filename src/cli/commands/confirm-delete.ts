import type { Command } from 'commander';
import { usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { confirm } from '../prompt.js';

/**
 * Guards a multi-record delete: --yes, else a y/N question on a terminal, else refusal (exit 2). Input
 * piped on stdin means stdin is not a terminal, so such deletes always need --yes.
 */
export async function confirmDelete(
  ctx: CliContext,
  _cmd: Command,
  table: string,
  query: string | undefined,
  yes: boolean,
): Promise<void> {
  if (yes) return;
  const what =
    query !== undefined ? `every ${table} record matching ${query}` : `the ${table} records listed in the input`;
  if (!ctx.io.isTTY.stdin || !ctx.io.isTTY.stderr) {
    throw usageError(`refusing to delete ${what} without confirmation`, 'pass --yes to confirm');
  }
  if (!(await confirm(ctx.io, `Delete ${what}?`))) throw usageError('delete cancelled', 'nothing was deleted');
}
