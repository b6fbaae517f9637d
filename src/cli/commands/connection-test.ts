import type { Command } from 'commander';
import { testConnection } from '../../lib/connection-check.js';
import type { TestConnectionStage } from '../../lib/test-connection.js';
import { usageError } from '../cli-error.js';
import { prepareClient } from '../client-factory.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';

function stageLine(stage: TestConnectionStage, color: boolean): string {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const mark = stage.status === 'pass' ? paint(32, '✓') : stage.status === 'fail' ? paint(31, '✗') : paint(2, '-');
  const lines = [`${mark} ${stage.stage.padEnd(14)} ${stage.summary}`];
  if (stage.detail && stage.status === 'fail') lines.push(`    detail: ${stage.detail}`);
  if (stage.remedy && stage.status === 'fail') lines.push(`    fix: ${stage.remedy}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `nowrest connection test [name]`: the library's staged diagnosis, one ✓/✗ line per stage with the
 * remedy under a failure. Exit 0 when all pass, 3 when authentication failed, 1 otherwise.
 */
export async function connectionTest(ctx: CliContext, nameArg: string | undefined, cmd: Command): Promise<void> {
  const { resolved, options, globals } = await prepareClient(ctx, cmd, nameArg);
  if (!nameArg && !globals.connection && resolved.profile.name !== 'env') {
    throw usageError('which connection?', 'pass a name: `nowrest connection test NAME`');
  }
  const report = await testConnection(resolved.config, {
    ...options,
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  });
  if (globals.json) {
    ctx.out(`${JSON.stringify({ connection: resolved.config.name, ...report })}\n`);
  } else {
    ctx.out(`Testing connection ${resolved.config.name} (${resolved.config.baseUrl})\n`);
    for (const stage of report.stages) ctx.out(stageLine(stage, globals.color && ctx.io.isTTY.stdout));
    ctx.out(report.ok ? 'Connection OK\n' : 'Connection FAILED\n');
  }
  if (!report.ok) {
    const failed = report.stages.find((s) => s.status === 'fail');
    ctx.exitCode = failed?.stage === 'authentication' ? ExitCode.auth : ExitCode.failed;
  }
}
