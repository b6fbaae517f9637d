import type { Command } from 'commander';
import { registerConsoleCommand } from '../../console/command.js';
import type { CliContext } from '../context.js';
import { registerApiCommand } from './api.js';
import { registerAttachmentCommands } from './attachment.js';
import { registerCatalogCommands } from './catalog.js';
import { registerCmdbCommands } from './cmdb.js';
import { registerChangeCommands } from './change.js';
import { registerConnectionCommands } from './connection.js';
import { connectionTest } from './connection-test.js';
import { registerDemoCommand } from './demo.js';
import { registerEmulatorCommand } from './emulator.js';
import { registerExportCommand } from './export.js';
import { registerImportCommand } from './import.js';
import { registerJournalCommand } from './journal.js';
import { registerOAuthCommands } from './oauth.js';
import { registerReadCommands } from './read.js';
import { registerSchemaCommands } from './schema.js';
import { registerStatsCommand } from './stats.js';
import { registerSyncCommand } from './sync.js';
import { registerWriteCommands } from './write.js';

/** Adds every command group to the program. */
export function registerCommands(program: Command, ctx: CliContext): void {
  registerConnectionCommands(program, ctx, (name, cmd) => connectionTest(ctx, name, cmd));
  registerOAuthCommands(program, ctx);
  registerReadCommands(program, ctx);
  registerWriteCommands(program, ctx);
  registerExportCommand(program, ctx);
  registerSyncCommand(program, ctx);
  registerSchemaCommands(program, ctx);
  registerAttachmentCommands(program, ctx);
  registerStatsCommand(program, ctx);
  registerImportCommand(program, ctx);
  registerCatalogCommands(program, ctx);
  registerCmdbCommands(program, ctx);
  registerApiCommand(program, ctx);
  registerJournalCommand(program, ctx);
  registerChangeCommands(program, ctx);
  registerConsoleCommand(program, { configDir: () => ctx.configDir(), io: ctx.io });
  registerEmulatorCommand(program, ctx);
  registerDemoCommand(program, ctx);
}
