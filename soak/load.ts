/**
 * Item 7: load. N library clients (own connection pools) mix reads and writes against the emulator on
 * loopback for a fixed time, each bounded in operations. Every write is remembered and checked afterwards:
 * 0 errors and 0 lost writes; throughput and latency percentiles are reported.
 */
import { createClient, type ServiceNowClient } from '../src/lib/client.js';
import { readAll } from './control.js';
import { check, type Check, type ScenarioContext, type ScenarioReport } from './scenario.js';

export interface LoadSoakOptions {
  /** Concurrent clients (the issue: 32). */
  readonly clients: number;
  /** Duration in seconds (the issue: 60). */
  readonly seconds: number;
  /** Upper bound of operations per client, so a very fast machine cannot run away. */
  readonly maxOpsPerClient: number;
  /** Incidents in the table before the run. */
  readonly incidents: number;
}

export const LOAD_DEFAULTS: LoadSoakOptions = { clients: 32, seconds: 60, maxOpsPerClient: 100_000, incidents: 5000 };

type OpKind = 'list' | 'get' | 'create' | 'update';

interface ClientState {
  /** sys_id → the description this client last wrote and was acknowledged. */
  readonly written: Map<string, string>;
  readonly latencies: Record<OpKind, number[]>;
  errors: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function worker(
  sn: ServiceNowClient,
  id: number,
  prefix: string,
  o: LoadSoakOptions,
  deadline: number,
): Promise<ClientState> {
  const state: ClientState = {
    written: new Map(),
    latencies: { list: [], get: [], create: [], update: [] },
    errors: [],
  };
  const t = sn.table('incident');
  const own: string[] = [];
  for (let n = 0; n < o.maxOpsPerClient && performance.now() < deadline; n++) {
    const r = Math.random();
    const kind: OpKind =
      r < 0.4 ? 'list' : r < 0.6 && own.length > 0 ? 'get' : r < 0.8 || own.length === 0 ? 'create' : 'update';
    const started = performance.now();
    try {
      if (kind === 'list') {
        await t.list({ query: 'active=true', fields: ['number', 'short_description', 'state'], pageSize: 20 });
      } else if (kind === 'get') {
        const sysId = own[Math.floor(Math.random() * own.length)]!;
        const rec = await t.get(sysId, { fields: ['description'] });
        if (rec['description'] !== state.written.get(sysId)) {
          state.errors.push(`read-your-write failed on ${sysId}`);
        }
      } else if (kind === 'create') {
        const description = `${prefix}${id}-${n}-v0`;
        const rec = await t.create({ short_description: `${prefix}${id}-${n}`, description });
        const sysId = String(rec['sys_id']);
        own.push(sysId);
        state.written.set(sysId, description);
      } else {
        const sysId = own[Math.floor(Math.random() * own.length)]!;
        const description = `${prefix}${id}-${n}-v1`;
        await t.update(sysId, { description });
        state.written.set(sysId, description);
      }
      state.latencies[kind].push(performance.now() - started);
    } catch (error) {
      state.errors.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return state;
}

export async function runLoadSoak(ctx: ScenarioContext, o: LoadSoakOptions): Promise<ScenarioReport> {
  const emulator = await ctx.startEmulator({ incidents: o.incidents });
  const checks: Check[] = [];
  const host = new URL(emulator.url).hostname;
  const clients = Array.from({ length: o.clients }, () =>
    createClient(
      { name: 'load', baseUrl: emulator.url, auth: { type: 'basic', username: 'admin', password: 'admin' } },
      { timeoutMs: 30_000 },
    ),
  );
  const prefix = `soak-load-${Date.now().toString(36)}-`;
  try {
    const started = performance.now();
    const deadline = started + o.seconds * 1000;
    const states = await Promise.all(clients.map((sn, i) => worker(sn, i, prefix, o, deadline)));
    const elapsed = (performance.now() - started) / 1000;

    const rows = await readAll(emulator.url, 'incident', `short_descriptionSTARTSWITH${prefix}`, ['description']);
    const stored = new Map(rows.map((r) => [r['sys_id']!, r['description']]));
    let writes = 0;
    let lost = 0;
    for (const s of states) {
      for (const [sysId, description] of s.written) {
        writes += 1;
        if (stored.get(sysId) !== description) lost += 1;
      }
    }
    const errors = states.flatMap((s) => s.errors);
    const all = states.flatMap((s) => Object.values(s.latencies).flat()).sort((a, b) => a - b);
    const byKind = (k: OpKind) => states.flatMap((s) => s.latencies[k]).sort((a, b) => a - b);
    const ops = all.length + errors.length;
    const acknowledgedWrites = byKind('create').length + byKind('update').length;
    checks.push(
      check('loopback only', host === '127.0.0.1', `emulator at ${emulator.url}`),
      check(
        '0 errors',
        errors.length === 0,
        `${errors.length} failed of ${ops} operations${errors.length > 0 ? `: ${errors.slice(0, 3).join('; ')}` : ''}`,
      ),
      check(
        '0 lost writes',
        lost === 0 && stored.size === byKind('create').length,
        `${acknowledgedWrites} acknowledged writes to ${writes} records: ${lost} records not holding their last write; ${stored.size} rows for ${byKind('create').length} creates`,
      ),
      check(
        'bounded in time and count',
        elapsed < o.seconds + 30 && ops <= o.clients * o.maxOpsPerClient,
        `${elapsed.toFixed(1)} s, ${ops} operations`,
      ),
    );
    const fmt = (xs: number[]) =>
      `${xs.length} ops, p50 ${percentile(xs, 50).toFixed(1)} ms, p99 ${percentile(xs, 99).toFixed(1)} ms, max ${(xs[xs.length - 1] ?? 0).toFixed(1)} ms`;
    const figures: [string, string][] = [
      [
        'throughput',
        `${Math.round(ops / elapsed)} operations/s (${o.clients} clients, ${elapsed.toFixed(1)} s, ${ops} operations)`,
      ],
      ['all operations', fmt(all)],
      ...(['list', 'get', 'create', 'update'] as const).map((k): [string, string] => [k, fmt(byKind(k))]),
    ];
    ctx.log(`load: ${figures[0]![1]}; ${figures[1]![1]}`);
    return { checks, figures };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await emulator.close();
  }
}
