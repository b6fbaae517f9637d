/** The soak scenarios and how their sizes come from the environment (defaults = the sizes). */
import { BULK_DEFAULTS, runBulkSoak } from './bulk-ambiguous.js';
import { EXPORT_DEFAULTS, runExportSoak } from './export-under-faults.js';
import { FUZZ_SCENARIO } from './fuzz-scenario.js';
import { LOAD_DEFAULTS, runLoadSoak } from './load.js';
import { TOKEN_DEFAULTS, runTokenSoak } from './token-crash.js';
import type { ScenarioContext, ScenarioReport } from './scenario.js';

type Env = Record<string, string | undefined>;

/** A positive number from the environment, or the default. */
export function envNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export interface SoakScenario {
  readonly name: string;
  readonly title: string;
  /** The sizes in force, for the log and --help. */
  sizes(env: Env): string;
  run(ctx: ScenarioContext, env: Env): Promise<ScenarioReport>;
}

const exportOptions = (env: Env) => ({
  ...EXPORT_DEFAULTS,
  records: envNumber(env, 'SOAK_EXPORT_RECORDS', EXPORT_DEFAULTS.records),
  pageSize: envNumber(env, 'SOAK_EXPORT_PAGE_SIZE', EXPORT_DEFAULTS.pageSize),
  partitions: envNumber(env, 'SOAK_EXPORT_PARTITIONS', EXPORT_DEFAULTS.partitions),
  faultRate: envNumber(env, 'SOAK_FAULT_RATE', EXPORT_DEFAULTS.faultRate),
});

const bulkOptions = (env: Env) => ({
  ...BULK_DEFAULTS,
  creates: envNumber(env, 'SOAK_BULK_CREATES', BULK_DEFAULTS.creates),
  faultRate: envNumber(env, 'SOAK_FAULT_RATE', BULK_DEFAULTS.faultRate),
});

const loadOptions = (env: Env) => ({
  ...LOAD_DEFAULTS,
  clients: envNumber(env, 'SOAK_LOAD_CLIENTS', LOAD_DEFAULTS.clients),
  seconds: envNumber(env, 'SOAK_LOAD_SECONDS', LOAD_DEFAULTS.seconds),
});

export const SCENARIOS: readonly SoakScenario[] = [
  {
    name: 'export',
    title: 'export under 10% faults, single-stream, partitioned and with ACL-short pages',
    sizes: (env) => {
      const o = exportOptions(env);
      return `SOAK_EXPORT_RECORDS=${o.records} SOAK_EXPORT_PAGE_SIZE=${o.pageSize} SOAK_EXPORT_PARTITIONS=${o.partitions} SOAK_FAULT_RATE=${o.faultRate}`;
    },
    run: (ctx, env) => runExportSoak(ctx, exportOptions(env)),
  },
  {
    name: 'bulk',
    title: 'bulk creates while connections drop after the write; upsert reruns converge',
    sizes: (env) => {
      const o = bulkOptions(env);
      return `SOAK_BULK_CREATES=${o.creates} SOAK_FAULT_RATE=${o.faultRate}`;
    },
    run: (ctx, env) => runBulkSoak(ctx, bulkOptions(env)),
  },
  {
    name: 'token',
    title: 'SIGKILL at random points during token refresh writes; store permissions',
    sizes: (env) => `SOAK_TOKEN_WRITES=${envNumber(env, 'SOAK_TOKEN_WRITES', TOKEN_DEFAULTS.writes)}`,
    run: (ctx, env) =>
      runTokenSoak(ctx, { ...TOKEN_DEFAULTS, writes: envNumber(env, 'SOAK_TOKEN_WRITES', TOKEN_DEFAULTS.writes) }),
  },
  {
    name: 'load',
    title: 'concurrent clients mixing reads and writes against the emulator on loopback',
    sizes: (env) => {
      const o = loadOptions(env);
      return `SOAK_LOAD_CLIENTS=${o.clients} SOAK_LOAD_SECONDS=${o.seconds}`;
    },
    run: (ctx, env) => runLoadSoak(ctx, loadOptions(env)),
  },
  FUZZ_SCENARIO,
];
