// The ways docs/partitioned-loads.md tells users to run a partitioned initial load, run as written: the
// Kubernetes Indexed Job's container command once per completion index, with the environment the Job gives its
// pods, and the one-machine `xargs -P` line. The installed `nowrest` binary is replaced by the real CLI process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { serverState } from '../lib/sync-consumer.js';
import { CLI_NODE_ARGS, startEmulatorSandbox } from './cli-harness.js';

const DOC = new URL('../../docs/partitioned-loads.md', import.meta.url);
const NOWREST = [process.execPath, ...CLI_NODE_ARGS].join(' ');
const sh = promisify(execFile);

let env: Awaited<ReturnType<typeof startEmulatorSandbox>>;
let pg: TestPostgres;

/** The first fenced block of a language in the doc. */
async function fenced(language: string): Promise<string> {
  const text = await readFile(DOC, 'utf8');
  const block = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(text)?.[1];
  assert.ok(block, `docs/partitioned-loads.md has a ${language} block`);
  return block;
}

/** The Job's pod count and its container command, a YAML folded scalar (`- >-`) joined into one line. */
function indexedJob(yaml: string): { completions: number; command: string; envNames: string[] } {
  assert.match(yaml, /completionMode: Indexed/);
  const completions = Number(/completions: (\d+)/.exec(yaml)?.[1]);
  const folded = /- >-\n([\s\S]*?)\n\s*env:/.exec(yaml)?.[1] ?? '';
  const command = folded
    .split('\n')
    .map((l) => l.trim())
    .join(' ');
  const envNames = [...yaml.matchAll(/- name: (\w+)/g)].map((m) => m[1]!).filter((n) => n !== 'sync');
  return { completions, command, envNames };
}

/** The sys_ids of a replica table, sorted. */
async function replicaIds(database: string): Promise<string[]> {
  const { default: Pg } = await import('pg');
  const client = new Pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rows: ids } = await client.query<{ sys_id: string }>(
      `SELECT sys_id FROM incident ORDER BY sys_id COLLATE "C"`,
    );
    return ids.map((r) => r.sys_id);
  } finally {
    await client.end();
  }
}

void describe('docs/partitioned-loads.md, run as written', () => {
  before(async () => {
    pg = await startPostgres();
    env = await startEmulatorSandbox({ seedIncidents: 200 });
  });
  after(async () => {
    await env?.close();
    await pg?.close();
  });

  void it('the Kubernetes Indexed Job: one pod per completion index loads the whole table, the next run merges', async () => {
    const job = indexedJob(await fenced('yaml'));
    assert.equal(job.completions, 8);
    assert.match(job.command, /--partition "\$JOB_COMPLETION_INDEX\/8"/);
    assert.deepEqual(
      job.envNames.sort(),
      ['NOWREST_INSTANCE_URL', 'NOWREST_PASSWORD', 'NOWREST_SYNC_TO', 'NOWREST_USER', 'PGPASSWORD'].sort(),
    );
    const installed = 'npx --yes --package nowrest --package pg nowrest';
    assert.ok(job.command.startsWith(installed), job.command);
    const command = job.command.replace(installed, NOWREST);
    // The database URL without its password, which comes from PGPASSWORD, as in the Job.
    const database = await pg.createDatabase('indexed_job');
    const podEnv = {
      PATH: process.env['PATH'],
      HOME: env.sb.dir,
      NOWREST_CONFIG_DIR: env.sb.env['NOWREST_CONFIG_DIR'],
      NOWREST_INSTANCE_URL: env.url,
      NOWREST_USER: 'admin',
      NOWREST_PASSWORD: 'admin',
      NOWREST_SYNC_TO: database.replace(`:${encodeURIComponent(pg.password)}@`, '@'),
      PGPASSWORD: pg.password,
    };
    assert.notEqual(podEnv.NOWREST_SYNC_TO, database, 'the password was taken out of the URL');
    await Promise.all(
      Array.from({ length: job.completions }, (_, k) =>
        sh('sh', ['-c', command], { cwd: env.sb.dir, env: { ...podEnv, JOB_COMPLETION_INDEX: String(k) } }),
      ),
    );
    const server = [...(await serverState(env.url, 'incident')).keys()].sort();
    assert.deepEqual(await replicaIds(database), server);
    // "schedule the incremental sync with the same command without --partition": it merges the 8 states.
    const merge = command.replace(/ --partition "\$JOB_COMPLETION_INDEX\/8"/, '');
    const { stderr } = await sh('sh', ['-c', merge], { cwd: env.sb.dir, env: podEnv });
    assert.match(stderr, /incident: changes \(after merging the states of 8 partitions\): \d+ upserted/);
  });

  void it('the one-machine xargs -P line, then the plain run that merges the partitions', async () => {
    const lines = (await fenced('sh')).split('\n');
    const xargs = lines.find((l) => l.startsWith('seq 0 3 | xargs -P 4 -I{} nowrest sync'));
    const plain = lines.find((l) => l.startsWith('nowrest sync incident -c prod '));
    assert.ok(xargs && plain, 'the doc shows both lines');
    const database = await pg.createDatabase('xargs');
    const run = (line: string) =>
      sh('sh', ['-c', line.replace(/\bnowrest /g, `${NOWREST} `).replace(/-c prod/g, '-c emu')], {
        cwd: env.sb.dir,
        env: { PATH: process.env['PATH'], ...env.sb.env, NOWREST_SYNC_TO: database },
      });
    await run(xargs);
    const server = [...(await serverState(env.url, 'incident')).keys()].sort();
    assert.deepEqual(await replicaIds(database), server);
    const { stderr } = await run(plain.replace(/#.*$/, ''));
    assert.match(stderr, /incident: changes \(after merging the states of 4 partitions\): \d+ upserted/);
  });
});
