import { resolve } from 'node:path';
import { ConfigError } from '../../errors/config-error.js';
import type { DatabaseTarget } from './database-target.js';
import { createPostgresTarget } from './postgres-target.js';
import { createSqliteTarget } from './sqlite-target.js';
import { redactDatabaseUrl } from './target-url.js';

/**
 * Opens a target from a URL: `postgres://…` / `postgresql://…` (with the optional `pg` package) or
 * `sqlite:FILE` (better-sqlite3; a relative FILE is resolved against `cwd`). The target is not yet connected:
 * call `open()`.
 *
 * @throws {ConfigError} for any other scheme.
 */
export function databaseTarget(url: string, options: { cwd?: string } = {}): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return createPostgresTarget({ connectionString: url });
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '' || file === ':memory:') {
      throw new ConfigError(
        `${url} names no file`,
        'Use sqlite:FILE, e.g. sqlite:replica.db (the state must outlive the run)',
      );
    }
    return createSqliteTarget({ file: resolve(options.cwd ?? '.', file) });
  }
  throw new ConfigError(
    `Unsupported database URL ${redactDatabaseUrl(url)}`,
    'Use postgres://user@host:5432/database or sqlite:FILE',
  );
}

/**
 * {@link databaseTarget} plus `open()`: a connected target with its state table in place. Close it when done.
 *
 * @example
 * const target = await openDatabaseTarget('postgres://app@db.example.com/reporting');
 * try {
 *   await syncTable(sn, 'incident', { target });
 * } finally {
 *   await target.close();
 * }
 */
export async function openDatabaseTarget(url: string, options: { cwd?: string } = {}): Promise<DatabaseTarget> {
  const target = databaseTarget(url, options);
  try {
    await target.open();
  } catch (error) {
    await target.close();
    throw error;
  }
  return target;
}
