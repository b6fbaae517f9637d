import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { writeFileAtomic } from '../internal/atomic-file.js';

/** How far one change stream (upserts of the table, or its sys_audit_delete rows) has been read. */
export interface StreamState {
  /** The highest timestamp (`YYYY-MM-DD HH:mm:ss`, UTC) read so far; absent until a row was seen. */
  readonly watermark?: string;
  /**
   * Keys of the rows read whose timestamp lies in the re-read window `[watermark - lookback, watermark]`.
   * The next run reads that window again (rows written later in the same second may sort before the
   * last sys_id read) and skips the keys listed here, so no change is written twice.
   */
  readonly seen: readonly string[];
}

/** A run that started but has not finished: where it stands, so a killed run resumes instead of restarting. */
export interface PendingRun {
  /** The change file number being written. */
  readonly run: number;
  /** Bytes of the change file that are complete (fsynced before this state was written). */
  readonly offset: number;
  readonly upserts: number;
  readonly deletes: number;
  /** The upper timestamp bounds captured when the run started (absent: nothing to read). */
  readonly upper: { readonly upserts?: string; readonly deletes?: string };
  readonly phase: 'upserts' | 'deletes';
  /** The last row processed in the current phase, as (timestamp, sys_id). */
  readonly cursor?: { readonly ts: string; readonly sysId: string };
  /** The stream states this run will commit (the current phase's `seen` still growing). */
  readonly next: { readonly upserts: StreamState; readonly deletes: StreamState };
}

/** The state file, `<dir>/sync-state.json`. */
export interface SyncState {
  readonly version: 1;
  readonly table: string;
  readonly query: string;
  readonly fields: readonly string[] | null;
  readonly displayValue: false | 'all';
  readonly deleteTables: readonly string[] | null;
  readonly lookbackSeconds: number;
  /** Completed runs, including runs that found no change. 0: the first run (a full export) is still to come. */
  readonly completedRuns: number;
  /** Number of the last complete change file (0: none yet). Files numbered higher are incomplete. */
  readonly lastFile: number;
  readonly upserts: StreamState;
  readonly deletes: StreamState;
  readonly pending?: PendingRun;
}

export const STATE_FILE = 'sync-state.json';

export function statePath(dir: string): string {
  return join(dir, STATE_FILE);
}

/** Reads the state file, or undefined when the directory has none yet. */
export async function readSyncState(dir: string): Promise<SyncState | undefined> {
  const path = statePath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON`, 'Restore it or sync into a new directory', { cause: error });
  }
  const state = value as Partial<SyncState> | null;
  if (
    state === null ||
    typeof state !== 'object' ||
    state.version !== 1 ||
    typeof state.table !== 'string' ||
    typeof state.completedRuns !== 'number' ||
    typeof state.lastFile !== 'number' ||
    !Array.isArray(state.upserts?.seen) ||
    !Array.isArray(state.deletes?.seen)
  ) {
    throw new ConfigError(`${path} is not a nowrest sync state`, 'Sync into a new directory');
  }
  return state as SyncState;
}

/**
 * Replaces the state file atomically and durably (internal/atomic-file.ts): a crash leaves either the old or
 * the new state, never a torn one, and the temp files of killed writes are swept by the next write.
 */
export async function writeSyncState(dir: string, state: SyncState): Promise<void> {
  const path = statePath(dir);
  await writeFileAtomic(path, JSON.stringify(state));
}
