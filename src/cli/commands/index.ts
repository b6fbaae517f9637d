import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerConnectionCommands } from './connection.js';
import { connectionTest } from './connection-test.js';
import { registerReadCommands } from './read.js';
import { registerWriteCommands } from './write.js';

/** Adds every command group to the program. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerConnectionCommands(program, ctx, (name, cmd) => connectionTest(ctx, name, cmd));
  registerReadCommands(program, ctx);
  registerWriteCommands(program, ctx);
}
