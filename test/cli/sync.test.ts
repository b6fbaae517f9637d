import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import {
  assertNoDuplicates,
  committedEvents,
  createRow,
  deleteRow,
  replay,
  serverState,
  updateRow,
} from '../lib/sync-consumer.js';
import { injectFault, startCli, useEmulatorSandbox, pathExists } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 200 });

const exists = pathExists;

async function assertMirrors(dir: string): Promise<void> {
  const events = await committedEvents(join(env.sb.dir, dir));
  assertNoDuplicates(events);
  assert.deepEqual(replay(events), await serverState(env.url, 'incident'));
}

/** Waits until the running sync has saved a page past `minUpserts` (its state has a pending run). */
async function waitForPending(path: string, minUpserts: number): Promise<void> {
  for (let i = 0; i < 1800; i++) {
    const text = await readFile(path, 'utf8').catch(() => '{}');
    const state = JSON.parse(text) as { pending?: { upserts: number } };
    if ((state.pending?.upserts ?? 0) >= minUpserts) return;
    await delay(25);
  }
  throw new Error(`no pending run in ${path}`);
}

void describe('nowrest sync', () => {
  void it('exports first, then reports creates, updates and deletes with --json and a summary line', async () => {
    const first = await env.sb.run([
      'sync',
      'incident',
      '-c',
      'emu',
      '--output',
      'plain',
      '--page-size',
      '70',
      '--json',
    ]);
    assert.equal(first.code, 0, first.stderr);
    const total = (await serverState(env.url, 'incident')).size;
    const r1 = JSON.parse(first.stdout);
    assert.equal(r1.full, true);
    assert.equal(r1.upserts, total);
    assert.equal(r1.fileNumber, 1);
    assert.match(
      first.stderr,
      new RegExp(`incident: full export: ${total} upserts, 0 deletes; wrote .*changes-000001\\.ndjson`),
    );
    await assertMirrors('plain');

    const ids = [...(await serverState(env.url, 'incident')).keys()];
    const created = await createRow(env.url, 'incident', { short_description: 'sync cli' });
    await updateRow(env.url, 'incident', ids[0]!, { short_description: 'sync cli update' });
    await deleteRow(env.url, 'incident', ids[1]!);
    const second = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'plain', '--json']);
    assert.equal(second.code, 0, second.stderr);
    const r2 = JSON.parse(second.stdout);
    assert.deepEqual([r2.full, r2.upserts, r2.deletes, r2.fileNumber], [false, 2, 1, 2]);
    assert.match(second.stderr, /incident: changes: 2 upserts, 1 delete;/);
    const events = (await committedEvents(join(env.sb.dir, 'plain'))).slice(total);
    assert.deepEqual(
      events.map((e) => `${e.op} ${e.sys_id}`).sort(),
      [`delete ${ids[1]!}`, `upsert ${created}`, `upsert ${ids[0]!}`].sort(),
    );
    await assertMirrors('plain');

    const idle = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'plain']);
    assert.equal(idle.code, 0, idle.stderr);
    assert.match(idle.stderr, /0 upserts, 0 deletes; no change file written/);
  });

  /** Makes every incident page slow, so a process can be stopped in the middle of a run. */
  const slowPages = () =>
    injectFault(env.url, { kind: 'latency', latencyMs: 60, probability: 1, path: '/api/now/v2/table/incident' });

  void it('SIGKILL of the real process mid-run, changes meanwhile, then the same command: no gaps, no duplicates', async () => {
    await slowPages();
    const args = ['sync', 'incident', '-c', 'emu', '--output', 'killed', '--page-size', '10'];
    const proc = startCli(env.sb, args);
    try {
      await waitForPending(join(env.sb.dir, 'killed', 'sync-state.json'), 30);
    } finally {
      proc.child.kill('SIGKILL');
    }
    await proc.exited;
    await env.emulator.clearFaults();
    assert.ok(await exists(join(env.sb.dir, 'killed', 'sync.lock')), 'the killed process left its lock behind');
    const ids = [...(await serverState(env.url, 'incident')).keys()].sort();
    await updateRow(env.url, 'incident', ids[0]!, { short_description: 'while killed' });
    await updateRow(env.url, 'incident', ids[ids.length - 1]!, { short_description: 'while killed' });
    await deleteRow(env.url, 'incident', ids[5]!);
    await createRow(env.url, 'incident', { short_description: 'while killed' });

    const resumed = await env.sb.spawn([...args, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const result = JSON.parse(resumed.stdout);
    assert.equal(result.resumed, true);
    assert.equal(result.full, true);
    assert.match(resumed.stderr, /full export \(resumed\)/);
    const next = await env.sb.run(args);
    assert.equal(next.code, 0, next.stderr);
    await assertMirrors('killed');
    assert.equal(await exists(join(env.sb.dir, 'killed', 'sync.lock')), false);
  });

  for (const { title, signal, exitCode, output } of [
    {
      title: 'Ctrl-C (SIGINT) stops after the current page with exit 130; the same command continues',
      signal: 'SIGINT',
      exitCode: 130,
      output: 'interrupted',
    },
    {
      title: 'SIGTERM stops after the current page like Ctrl-C, but with exit 143',
      signal: 'SIGTERM',
      exitCode: 143,
      output: 'terminated',
    },
  ] as const) {
    void it(title, async () => {
      await slowPages();
      const args = ['sync', 'incident', '-c', 'emu', '--output', output, '--page-size', '10'];
      const proc = startCli(env.sb, args);
      try {
        await waitForPending(join(env.sb.dir, output, 'sync-state.json'), 20);
        proc.child.kill(signal);
        assert.equal(await proc.exited, exitCode);
      } finally {
        proc.child.kill('SIGKILL');
        await env.emulator.clearFaults();
      }
      // A clean stop (the page was finished and the state saved), not the 10 s grace timer's exit.
      assert.match(proc.stderr(), /interrupted; run the same command again/);
      const resumed = await env.sb.run([...args, '--json']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.equal(JSON.parse(resumed.stdout).resumed, true);
      await assertMirrors(output);
    });
  }

  void it('rejects bad input with the problem and the fix', async () => {
    const noOutput = await env.sb.run(['sync', 'incident', '-c', 'emu']);
    assert.equal(noOutput.code, 2);
    assert.match(noOutput.stderr, /--output/);
    const dv = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'x', '--display-value', 'true']);
    assert.equal(dv.code, 2);
    assert.match(dv.stderr, /display-value/);
    const lookback = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'x', '--lookback', '-1']);
    assert.equal(lookback.code, 2);
    assert.match(lookback.stderr, /0 to 86400/);
    const other = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'plain', '--query', 'active=true']);
    assert.equal(other.code, 2, other.stderr);
    assert.match(other.stderr, /plain was synced with a different query: no query then, active=true now/);
    assert.match(other.stderr, /new directory/);
    const fields = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'plain', '--fields', 'number']);
    assert.equal(fields.code, 2, fields.stderr);
    assert.match(
      fields.stderr,
      /different field list: all fields then, sys_id,sys_updated_on,sys_mod_count,number now/,
    );
    assert.doesNotMatch(fields.stderr, /null|\[/);
  });

  void it('refuses a directory holding change files but no sync-state.json, and leaves the old files alone', async () => {
    const first = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'orphans']);
    assert.equal(first.code, 0, first.stderr);
    const changeFile = join(env.sb.dir, 'orphans', 'changes-000001.ndjson');
    const before = await readFile(changeFile, 'utf8');
    await rm(join(env.sb.dir, 'orphans', 'sync-state.json'));
    const again = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'orphans']);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /orphans has change files \(1, up to changes-000001\.ndjson\) but no sync-state\.json/);
    assert.match(again.stderr, /Restore sync-state\.json .*or sync into a new directory/);
    assert.doesNotMatch(again.stderr, /synced 0 changes/);
    assert.equal(await readFile(changeFile, 'utf8'), before);
    assert.equal(await exists(join(env.sb.dir, 'orphans', 'sync.lock')), false);
  });

  void it('--output naming a file is a usage error; failures print no "synced 0" line and leave no empty directory', async () => {
    await writeFile(join(env.sb.dir, 'a-file'), 'x');
    const file = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'a-file']);
    assert.equal(file.code, 2, file.stderr);
    assert.match(file.stderr, /^error: --output a-file is a file, not a directory — give a directory/m);
    assert.doesNotMatch(file.stderr, /EEXIST|ENOTDIR|synced 0/);
    const unknown = await env.sb.run(['sync', 'no_such_table', '-c', 'emu', '--output', 'new-parent/no-such']);
    assert.equal(unknown.code, 2, unknown.stderr);
    assert.match(unknown.stderr, /unknown table 'no_such_table'/);
    assert.doesNotMatch(unknown.stderr, /synced 0/);
    assert.equal(await exists(join(env.sb.dir, 'new-parent')), false, 'the directories it created are removed');
  });

  // Node's mkdir(…, { recursive: true }) spins forever under /proc; the sync must fail at once instead.
  void it('an output directory that cannot be created fails fast, naming the path', { timeout: 60_000 }, async () => {
    const proc = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', '/proc/nowrest-sync']);
    assert.equal(proc.code, 1, proc.stderr);
    assert.match(proc.stderr, /ENOENT.*\/proc\/nowrest-sync/);
    assert.match(proc.stderr, /check the path/);
    const underFile = await env.sb.run(['sync', 'incident', '-c', 'emu', '--output', 'plain/sync-state.json/sub']);
    assert.equal(underFile.code, 1, underFile.stderr);
    assert.match(underFile.stderr, /not a directory/);
    assert.match(underFile.stderr, /choose another path/);
  });
});
