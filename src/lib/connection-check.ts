import { createClient } from './client.js';
import type { ClientOptions } from './client-options.js';
import type { ConnectionConfig } from './connection.js';
import { ConfigError } from './errors/config-error.js';
import { buildReport, type TestConnectionReport } from './test-connection.js';

/**
 * Tests a connection from its settings alone: unlike `client.testConnection()`, an invalid URL or missing
 * credential becomes a failed `url` stage with its remedy instead of an exception.
 */
export async function testConnection(
  config: ConnectionConfig,
  options: ClientOptions & { signal?: AbortSignal } = {},
): Promise<TestConnectionReport> {
  const { signal, ...clientOptions } = options;
  let client;
  try {
    client = createClient(config, clientOptions);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return buildReport([
      {
        stage: 'url',
        status: 'fail',
        summary: error.problem,
        ...(error.fix === undefined ? {} : { remedy: error.fix }),
      },
    ]);
  }
  try {
    return await client.testConnection(signal ? { signal } : {});
  } finally {
    await client.close();
  }
}
