// Reads a sync directory the way a consumer should (change files up to lastFile in sync-state.json) and talks
// to the emulator's Table API directly (not through the library under test) to make and check changes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChangeEvent } from '../../src/lib/index.js';

const ADMIN = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const HEADERS = { authorization: ADMIN, accept: 'application/json', 'content-type': 'application/json' };

/** Every event of the complete change files, in file order. */
export async function committedEvents(dir: string): Promise<ChangeEvent[]> {
  const state = JSON.parse(await readFile(join(dir, 'sync-state.json'), 'utf8')) as { lastFile: number };
  const events: ChangeEvent[] = [];
  for (let n = 1; n <= state.lastFile; n++) events.push(...(await fileEvents(dir, n)));
  return events;
}

/** The events of change file `n` ([] when the run wrote none). */
export async function fileEvents(dir: string, n: number): Promise<ChangeEvent[]> {
  const name = `changes-${String(n).padStart(6, '0')}.ndjson`;
  const text = await readFile(join(dir, name), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ChangeEvent);
}

/** Replays events into sys_id → sys_mod_count, as a consumer mirroring the table would. */
export function replay(events: readonly ChangeEvent[]): Map<string, string> {
  const mirror = new Map<string, string>();
  for (const e of events) {
    if (e.op === 'upsert') mirror.set(e.sys_id, e.sys_mod_count);
    else mirror.delete(e.sys_id);
  }
  return mirror;
}

/** Fails when a record version or a delete appears twice. */
export function assertNoDuplicates(events: readonly ChangeEvent[]): void {
  const keys = events.map((e) =>
    e.op === 'upsert' ? `u ${e.sys_id} ${e.sys_mod_count} ${e.sys_updated_on}` : `d ${e.sys_id}`,
  );
  const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
  assert.deepEqual(dupes, [], 'no change may appear twice');
}

/** sys_id → sys_mod_count of every record the query matches, straight from the emulator. */
export async function serverState(url: string, table: string, query = ''): Promise<Map<string, string>> {
  const params = new URLSearchParams({
    sysparm_fields: 'sys_id,sys_mod_count',
    sysparm_limit: '100000',
    sysparm_query: query,
  });
  const res = await fetch(`${url}/api/now/table/${table}?${params}`, { headers: HEADERS });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { result: { sys_id: string; sys_mod_count: string }[] };
  return new Map(body.result.map((r) => [r.sys_id, r.sys_mod_count]));
}

/** Creates a record and returns its sys_id. */
export async function createRow(url: string, table: string, fields: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/api/now/table/${table}`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(fields),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { result: { sys_id: string } }).result.sys_id;
}

export async function updateRow(url: string, table: string, id: string, fields: Record<string, string>): Promise<void> {
  const res = await fetch(`${url}/api/now/table/${table}/${id}`, {
    method: 'PATCH',
    headers: HEADERS,
    body: JSON.stringify(fields),
  });
  assert.equal(res.status, 200, await res.clone().text());
  await res.arrayBuffer();
}

export async function deleteRow(url: string, table: string, id: string): Promise<void> {
  const res = await fetch(`${url}/api/now/table/${table}/${id}`, { method: 'DELETE', headers: HEADERS });
  assert.equal(res.status, 204);
}

/** A clock the emulator reads: frozen until moved, so many writes can share one second. */
export class TestClock {
  #now: number;
  constructor(start: string) {
    this.#now = Date.parse(start);
  }
  readonly read = (): Date => new Date(this.#now);
  tick(seconds = 1): void {
    this.#now += seconds * 1000;
  }
}
