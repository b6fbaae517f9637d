import { ConfigError } from '../../errors/config-error.js';
import type { SyncSettings } from '../sync-settings.js';
import type { StreamState } from '../sync-state.js';
import type { DatabaseTarget } from './database-target.js';
import { parseStoredState, partitionKey, storedState, type Partition, type TargetSyncState } from './target-state.js';

type Settings = SyncSettings & { readonly cursor: string };

/** Where a run starts: its stored state (or a fresh one), and whether there is anything to do. */
export interface StartState {
  readonly state: TargetSyncState;
  /** A partition whose initial load already finished: the run does nothing. */
  readonly alreadyLoaded: boolean;
  /** Number of partition states merged into the table's own state. */
  readonly merged: number;
}

const SETTING_KEYS = ['query', 'fields', 'displayValue', 'deleteTables', 'lookbackSeconds', 'cursor'] as const;

/**
 * Reads the table's state from the target. A partition run starts from its own state; a plain run from the
 * table's state, or, after a partitioned initial load, from the partitions' states merged into one (written in
 * one transaction that also removes them).
 *
 * @throws {ConfigError} when the settings differ from the stored ones, a partition run follows a finished
 *   load, partitions of another N exist, or a partitioned load is not finished yet.
 */
export async function resolveStartState(
  target: DatabaseTarget,
  settings: Settings,
  partition: Partition | undefined,
): Promise<StartState> {
  const rows = await target.readStates(settings.table);
  const states = rows.map((r) => parseStoredState(r, target.description));
  const main = states.find((s) => s.partition === '');
  const parts = states.filter((s) => s.partition !== '');
  for (const s of states) assertSameSettings(target, s, settings);
  const fresh = (key: string): TargetSyncState => ({
    version: 1,
    ...settings,
    partition: key,
    completedRuns: 0,
    upserts: { seen: [] },
    deletes: { seen: [] },
  });

  if (partition) {
    const key = partitionKey(partition);
    if (main) {
      throw new ConfigError(
        `${settings.table} is already loaded in ${target.description}; only the initial load is partitioned`,
        'Drop --partition: later runs read only the changes',
      );
    }
    const other = parts.find((p) => Number(p.partition.split('/')[1]) !== partition.count);
    if (other) {
      throw new ConfigError(
        `${settings.table} in ${target.description} has a load partitioned ${other.partition.split('/')[1]} ways (partition ${other.partition}), not ${partition.count}`,
        'Use the same N for every partition of one load',
      );
    }
    const own = parts.find((p) => p.partition === key);
    return { state: own ?? fresh(key), alreadyLoaded: (own?.completedRuns ?? 0) > 0, merged: 0 };
  }
  if (main) return { state: main, alreadyLoaded: false, merged: 0 };
  if (parts.length === 0) return { state: fresh(''), alreadyLoaded: false, merged: 0 };
  const merged = mergePartitions(target, settings, parts, fresh(''));
  await target.saveStates(
    [storedState(merged)],
    parts.map((p) => storedState(p)),
  );
  return { state: merged, alreadyLoaded: false, merged: parts.length };
}

/**
 * One state from a finished partitioned load. Each partition read up to the newest stamp the whole table had
 * when it started, so the earliest of those is a watermark below which every partition has every row; rows
 * between it and a later partition's are read again once (an upsert of the same version changes nothing).
 */
function mergePartitions(
  target: DatabaseTarget,
  settings: Settings,
  parts: readonly TargetSyncState[],
  fresh: TargetSyncState,
): TargetSyncState {
  const count = Number(parts[0]?.partition.split('/')[1]);
  const missing = Array.from({ length: count }, (_, i) => `${i}/${count}`).filter(
    (key) => !parts.some((p) => p.partition === key && p.completedRuns > 0),
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `The partitioned load of ${settings.table} into ${target.description} is not finished: partition ${missing.join(', ')} still to run (or running)`,
      'Run the missing partitions (same command with --partition K/N) first',
    );
  }
  const merge = (pick: (p: TargetSyncState) => StreamState): StreamState => {
    const marks = parts.map((p) => pick(p).watermark).filter((w): w is string => w !== undefined);
    const watermark = marks.sort()[0];
    const seen = [...new Set(parts.flatMap((p) => pick(p).seen))];
    return watermark === undefined ? { seen: [] } : { watermark, seen };
  };
  const finished = parts.map((p) => p.lastRun).filter((r) => r !== undefined);
  const last = finished.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))[finished.length - 1];
  return {
    ...fresh,
    completedRuns: 1,
    upserts: merge((p) => p.upserts),
    deletes: merge((p) => p.deletes),
    ...(last
      ? {
          lastRun: {
            ...last,
            startedAt: finished.map((r) => r.startedAt).sort()[0] ?? last.startedAt,
            upserts: finished.reduce((n, r) => n + r.upserts, 0),
            deletes: 0,
          },
        }
      : {}),
  };
}

function assertSameSettings(target: DatabaseTarget, stored: TargetSyncState, settings: Settings): void {
  for (const key of SETTING_KEYS) {
    const then = JSON.stringify(stored[key] ?? (key === 'cursor' ? 'sys_updated_on' : null));
    const now = JSON.stringify(settings[key]);
    if (then !== now) {
      throw new ConfigError(
        `${settings.table} in ${target.description} was synced with ${key} ${then}; this run has ${now}`,
        `Use the original settings, or drop the table and its nowrest_sync_state rows to load it again`,
      );
    }
  }
}
