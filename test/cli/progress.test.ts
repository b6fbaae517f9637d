/**
 * Progress output of bulk commands, from the real CLI process: on a terminal (a pseudo-terminal via `script`)
 * and in plain mode. A known total shows done/total; an unknown one (stdin) shows a count and a rate, never
 * "/0" or an ETA.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { useEmulatorSandbox } from './cli-harness.js';
import { runInTerminal } from './terminal-run.js';

const env = useEmulatorSandbox();

const ndjson = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ number: `PRG-${tag}-${i}`, short_description: tag })).join(
    '\n',
  ) + '\n';

/** The terminal output with cursor and colour escapes removed. */
const plain = (text: string) => stripVTControlCharacters(text);

function assertNoUnknownTotal(text: string): void {
  assert.doesNotMatch(text, /\/0 records/);
  assert.doesNotMatch(text, /ETA/);
  assert.doesNotMatch(text, /NaN|Infinity|NF/);
}

void test('on a terminal, upsert from stdin shows a count and a rate: no /0 and no ETA', async () => {
  await writeFile(join(env.sb.dir, 'stdin-in.ndjson'), ndjson('stdin', 2));
  const r = await runInTerminal(['upsert', 'incident', '--key', 'number', '-c', 'emu'], {
    cwd: env.sb.dir,
    env: env.sb.env,
    shellTail: '< stdin-in.ndjson',
  });
  const out = plain(r.stdout);
  assert.equal(r.code, 0, out);
  assert.match(out, /processed 2 records \| \d+\/s/);
  assertNoUnknownTotal(out);
});

void test('on a terminal, delete --query shows the match count as the total', async () => {
  const r = await runInTerminal(['delete', 'incident', '--query', 'short_description=stdin', '--yes', '-c', 'emu'], {
    cwd: env.sb.dir,
    env: env.sb.env,
  });
  const out = plain(r.stdout);
  assert.equal(r.code, 0, out);
  assert.match(out, /deleting 2 incident records/);
  assert.match(out, /processed \[[^\]]*\] 2\/2 records/);
  assert.doesNotMatch(out, /\/0 records|NFs/);
});

void test('a file input is counted for the total; plain output names it too', async () => {
  await writeFile(join(env.sb.dir, 'file-in.ndjson'), `${ndjson('file', 3)}\n`);
  const r = await env.sb.spawn(['upsert', 'incident', '--key', 'number', '--file', 'file-in.ndjson', '-c', 'emu']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^processed 3\/3 records \(\d+\/s\)$/m);
  await writeFile(join(env.sb.dir, 'file-in.csv'), 'number,short_description\nPRG-csv-1,"two\nlines"\n');
  const csv = await env.sb.spawn(['upsert', 'incident', '--key', 'number', '--file', 'file-in.csv', '-c', 'emu']);
  assert.equal(csv.code, 0, csv.stderr);
  assert.match(csv.stderr, /^processed 1\/1 records \(\d+\/s\)$/m);
});

void test('plain output of stdin input has a count and a rate but no total', async () => {
  const r = await env.sb.spawn(['upsert', 'incident', '--key', 'number', '-c', 'emu'], { stdin: ndjson('plain', 2) });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^processed 2 records \(\d+\/s\)$/m);
  assertNoUnknownTotal(r.stderr);
});
