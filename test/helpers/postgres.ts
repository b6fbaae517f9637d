// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp dir, a free port on 127.0.0.1,
// the unix socket in the temp dir, stopped and removed by close(). Nothing is mocked; when the server cannot
// start, startPostgres() throws saying why (the caller's test then fails, it is never skipped).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CANARIES } from './canaries.js';

const run = promisify(execFile);

/**
 * A running cluster. `url` has a password (the run's database canary), as real deployments do, so the canary scan
 * checks that no output shows it.
 */
export interface TestPostgres {
  /** postgres://nowrest:<password>@127.0.0.1:<port>/nowrest */
  readonly url: string;
  readonly password: string;
  readonly port: number;
  /** Creates another database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs SQL through psql-free `pg` and returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** The directory holding initdb/pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed: no initdb on PATH or in /usr/lib/postgresql/*/bin. ' +
        'Install it (Debian: apt-get install postgresql), as .ci/run does',
    );
  }
  return join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` system user. */
async function asServerUser(bin: string, args: string[], dir: string): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    await run(file, argv, { cwd: dir, timeout: 60_000 });
  } catch (error) {
    const e = error as Error & { stderr?: string; stdout?: string };
    const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
    throw new Error(
      `PostgreSQL could not start: ${[bin, ...args].join(' ')} failed: ${e.stderr || e.stdout || e.message}\n${log}`,
      { cause: error },
    );
  }
}

async function ownDirectory(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error('PostgreSQL could not start: running as root needs a "postgres" system user for initdb');
  });
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  await chown(dir, Number(stdout.trim()), Number(gid.trim()));
}

/** Starts a fresh cluster with database `nowrest` owned by user `nowrest` (password authentication on TCP). */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const dir = await mkdtemp(join(tmpdir(), 'nowrest-pg-'));
  await chmod(dir, 0o700);
  await ownDirectory(dir);
  const data = join(dir, 'data');
  const password = CANARIES.databasePassword;
  const pwfile = join(dir, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  await ownDirectory(pwfile);
  const port = await freePort();
  let started = false;
  try {
    await asServerUser(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'nowrest', '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync'],
      dir,
    );
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c full_page_writes=off',
      '-c max_connections=60',
      '-c shared_buffers=64MB',
    ].join(' ');
    await asServerUser(
      join(bin, 'pg_ctl'),
      ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start'],
      dir,
    );
    started = true;
    const base = `postgres://nowrest:${encodeURIComponent(password)}@127.0.0.1:${port}`;
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE nowrest');
    const pool = new pg.Pool({ connectionString: `${base}/nowrest`, max: 2 });
    return {
      url: `${base}/nowrest`,
      password,
      port,
      async createDatabase(name) {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
        return `${base}/${encodeURIComponent(name)}`;
      },
      async query<T>(sql: string, params: unknown[] = []) {
        return (await pool.query(sql, params)).rows as T[];
      },
      async close() {
        await pool.end().catch(() => undefined);
        await admin.end().catch(() => undefined);
        await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], dir).catch(
          () => undefined,
        );
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (started) {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], dir).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
