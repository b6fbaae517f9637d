import type { Command } from 'commander';
import type { ServiceNowClient } from '../lib/client.js';
import { openClient } from './client-factory.js';
import type { CliContext, GlobalOptions } from './context.js';

/** Opens the client of the connection the command names, runs `use` with it, and closes it whatever happens. */
export async function withClient<T>(
  ctx: CliContext,
  cmd: Command,
  use: (sn: ServiceNowClient, globals: GlobalOptions) => Promise<T>,
): Promise<T> {
  const { sn, globals } = await openClient(ctx, cmd);
  try {
    return await use(sn, globals);
  } finally {
    await sn.close();
  }
}
