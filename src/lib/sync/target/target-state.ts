import { ConfigError } from '../../errors/config-error.js';
import { partitionSysIds } from '../../pagination.js';
import type { SyncSettings } from '../sync-settings.js';
import type { StreamState } from '../sync-state.js';
import type { StreamCursor } from '../window-query.js';
import type { StoredSyncState } from './database-target.js';

/** A run that started but has not committed its end: where it stands, so a killed run continues. */
export interface TargetPendingRun {
  readonly startedAt: string;
  readonly upserts: number;
  readonly deletes: number;
  /** The upper timestamps captured when the run started (absent: nothing to read). */
  readonly upper: { readonly upserts?: string; readonly deletes?: string };
  readonly phase: 'upserts' | 'deletes';
  /** The last row applied in the current phase. */
  readonly cursor?: StreamCursor;
  /** The stream states this run commits at its end. */
  readonly next: { readonly upserts: StreamState; readonly deletes: StreamState };
}

/** The last finished run, for `sync --status`. */
export interface TargetLastRun {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly full: boolean;
  readonly upserts: number;
  readonly deletes: number;
}

/** One table's sync state, stored as JSON in the target's nowrest_sync_state table beside the rows. */
export interface TargetSyncState extends SyncSettings {
  readonly version: 1;
  /** '' for the table itself, `K/N` for one partition of an initial load. */
  readonly partition: string;
  /** The timestamp field the upserts are read by: sys_updated_on, or e.g. sys_created_on for append-only tables. */
  readonly cursor: string;
  readonly completedRuns: number;
  readonly upserts: StreamState;
  readonly deletes: StreamState;
  readonly pending?: TargetPendingRun;
  readonly lastRun?: TargetLastRun;
}

export function storedState(state: TargetSyncState): StoredSyncState {
  return { table: state.table, partition: state.partition, state: JSON.stringify(state) };
}

/** Parses a stored state row. @throws {ConfigError} when it is not one nowrest wrote. */
export function parseStoredState(row: StoredSyncState, target: string): TargetSyncState {
  let value: Partial<TargetSyncState> | null = null;
  try {
    value = JSON.parse(row.state) as Partial<TargetSyncState>;
  } catch {
    // reported below
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    value.version !== 1 ||
    value.table !== row.table ||
    typeof value.completedRuns !== 'number' ||
    !Array.isArray(value.upserts?.seen) ||
    !Array.isArray(value.deletes?.seen)
  ) {
    throw new ConfigError(
      `The sync state of ${row.table}${row.partition ? ` (partition ${row.partition})` : ''} in ${target} is not one nowrest wrote`,
      `Delete its row from nowrest_sync_state to load ${row.table} again from the start`,
    );
  }
  return { ...value, partition: row.partition } as TargetSyncState;
}

/** One share of the sys_id space: `index` from 0 to `count - 1` (0-based, like a Kubernetes completion index). */
export interface Partition {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `K/N` (K from 0 to N-1, N from 1 to 1024).
 * @throws {ConfigError} for anything else.
 */
export function parsePartition(text: string): Partition {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > 1024 || index >= count) {
    throw new ConfigError(
      `Invalid partition ${JSON.stringify(text)}`,
      'Use K/N with N from 1 to 1024 and K from 0 to N-1 (0-based, like a Kubernetes completion index), e.g. 0/4',
    );
  }
  return { index, count };
}

export const partitionKey = (p: Partition): string => `${p.index}/${p.count}`;

/** The encoded conditions selecting a partition's sys_ids: `sys_id>=from^sys_id<to`. */
export function partitionConditions(p: Partition): string[] {
  const range = partitionSysIds(p.count)[p.index] ?? {};
  return [
    ...(range.from === undefined ? [] : [`sys_id>=${range.from}`]),
    ...(range.to === undefined ? [] : [`sys_id<${range.to}`]),
  ];
}
