import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerConnectionCommands } from './connection.js';
import { CliError } from '../cli-error.js';

/** Adds every command group to the program. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerConnectionCommands(program, ctx, () => {
    throw new CliError('CLI_TODO', 'connection test is not available yet');
  });
}
