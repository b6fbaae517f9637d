/**
 * OAuth refresh storm: 1,000 concurrent list calls on one client whose access token has expired, once as the client
 * sees it (expiresAt in the past: refresh before sending) and once as only the server knows it (forced expiry on the
 * emulator: every call gets a 401, then one refresh and a replay). Each storm runs right after its baseline: the same
 * calls with a still-valid token. Token requests are counted from the emulator's request log.
 * Size: BENCH_STORM_CALLS (default 1000), BENCH_ROUNDS storm/baseline pairs of each kind (default 3).
 */
import {
  createClient,
  MemoryTokenStore,
  oauthEndpoints,
  passwordGrant,
  type ServiceNowClient,
  type StoredTokens,
} from '../src/lib/index.js';
import { Agent } from 'undici';
import { envInt, median } from './support/lib-client.js';
import { startChild, stopChild } from './support/child.js';
import { fmt, percentile, report } from './support/stats.js';

const CALLS = envInt('BENCH_STORM_CALLS', 1000);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
// The emulator's documented demo application (src/emulator/oauth/apps.ts).
const CLIENT = { clientId: 'nowrest-demo', clientSecret: 'nowrest-demo-secret' };

interface Storm {
  readonly latencies: number[];
  readonly failures: number;
  readonly firstFailure?: string;
  readonly tokenRequests: number;
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/__emulator/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /__emulator/${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Fires CALLS list calls at once and times each one from the moment it was started. */
async function storm(url: string, sn: ServiceNowClient): Promise<Storm> {
  await control(url, 'DELETE', 'requests');
  const latencies: number[] = [];
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: CALLS }, async () => {
      const started = performance.now();
      try {
        await sn.table('incident').list({ pageSize: 1 });
        latencies.push(performance.now() - started);
      } catch (error) {
        errors.push(error);
      }
    }),
  );
  const log = (await control(url, 'GET', 'requests')) as Array<{ path: string }>;
  return {
    latencies,
    failures: errors.length,
    ...(errors.length > 0 ? { firstFailure: String((errors[0] as Error).message) } : {}),
    tokenRequests: log.filter((entry) => entry.path === '/oauth_token.do').length,
  };
}

/** Summarises paired runs: each storm against the baseline measured just before it. */
function rows(label: string, pairs: ReadonlyArray<{ storm: Storm; baseline: Storm }>): Array<[string, string]> {
  const p = (s: Storm, q: number): number => percentile(s.latencies, q);
  const ms = (values: number[]): string => `${fmt(median(values), 1)} ms`;
  const failures = pairs.reduce((sum, { storm }) => sum + storm.failures, 0);
  const firstFailure = pairs.find(({ storm }) => storm.firstFailure)?.storm.firstFailure;
  return [
    [`${label}: token requests per storm`, pairs.map(({ storm }) => storm.tokenRequests).join(', ')],
    [`${label}: token requests per baseline`, pairs.map(({ baseline }) => baseline.tokenRequests).join(', ')],
    [
      `${label}: failed calls`,
      `${failures} of ${fmt(CALLS * pairs.length)}${firstFailure ? ` (${firstFailure})` : ''}`,
    ],
    [
      `${label}: latency p50 / p99`,
      `${ms(pairs.map(({ storm }) => p(storm, 50)))} / ${ms(pairs.map(({ storm }) => p(storm, 99)))}` +
        ` (baseline ${ms(pairs.map(({ baseline }) => p(baseline, 50)))} / ${ms(pairs.map(({ baseline }) => p(baseline, 99)))})`,
    ],
    [
      `${label}: added latency p50 / p99`,
      `${ms(pairs.map(({ storm, baseline }) => p(storm, 50) - p(baseline, 50)))} / ` +
        ms(pairs.map(({ storm, baseline }) => p(storm, 99) - p(baseline, 99))),
    ],
  ];
}

export async function runOAuthRefreshStorm(): Promise<void> {
  const emu = await startChild('bench/support/serve-emulator.ts', ['1000']);
  // One pool shared by every phase's client, so each storm finds the same warm connections.
  const dispatcher = new Agent({ keepAliveTimeout: 60_000 });
  const { tokenUrl } = oauthEndpoints(emu.line);
  /** A new client (the token cache lives in the client) over a store holding fresh tokens, optionally expired. */
  const clientWith = async (patch: Partial<StoredTokens> = {}): Promise<ServiceNowClient> => {
    const store = new MemoryTokenStore();
    const tokens = await passwordGrant({ tokenUrl, ...CLIENT, username: 'admin', password: 'admin' });
    await store.save('storm', { ...tokens, ...patch });
    return createClient(
      { name: 'storm', baseUrl: `${emu.line}/api/now/v2`, auth: { type: 'oauth2', ...CLIENT } },
      { tokenStore: store, dispatcher },
    );
  };
  const phase = async (sn: ServiceNowClient, before?: () => Promise<void>): Promise<Storm> => {
    try {
      await before?.();
      return await storm(emu.line, sn);
    } finally {
      await sn.close();
    }
  };
  try {
    await phase(await clientWith()); // warm-up: opens the pool's connections and JIT-compiles the path.

    const clientSide: Array<{ storm: Storm; baseline: Storm }> = [];
    const serverSide: Array<{ storm: Storm; baseline: Storm }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // 1. The client knows the token has expired: it must refresh before sending anything.
      const baseline1 = await phase(await clientWith());
      clientSide.push({ baseline: baseline1, storm: await phase(await clientWith({ expiresAt: Date.now() - 1000 })) });
      // 2. Only the server knows: every call gets a 401, then one shared refresh and a replay each.
      const baseline2 = await phase(await clientWith());
      const expireFirst = async (): Promise<void> => {
        await control(emu.line, 'POST', 'oauth/expire', { kind: 'access', client_id: CLIENT.clientId });
      };
      serverSide.push({ baseline: baseline2, storm: await phase(await clientWith(), expireFirst) });
    }

    report(
      `oauth-refresh-storm: ${fmt(CALLS)} concurrent list calls on one client, expired access token, median of ${ROUNDS} storm/baseline pairs`,
      [
        ...rows('expired (client knows)', clientSide),
        ...rows('expired on server (401)', serverSide),
        ['target', 'exactly 1 token request per storm, 0 failures'],
      ],
    );
  } finally {
    await dispatcher.close();
    await stopChild(emu.child);
  }
}
