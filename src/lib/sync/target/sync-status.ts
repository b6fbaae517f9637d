import type { DatabaseTarget } from './database-target.js';
import { parseStoredState, type TargetLastRun } from './target-state.js';

/** One table (or partition) as `sync --status` shows it. */
export interface TargetTableStatus {
  readonly table: string;
  /** '' for the table; `K/N` for a partition of an unfinished (or unmerged) initial load. */
  readonly partition: string;
  readonly cursor: string;
  /** The newest cursor value committed, absent before the first rows. */
  readonly watermark?: string;
  /** Rows of the target table now (all partitions together). */
  readonly rows: number;
  readonly completedRuns: number;
  readonly deletesTracked: boolean;
  readonly lastRun?: TargetLastRun;
  /** A run that started and has not committed its end (running now, or killed: the next run continues it). */
  readonly pending?: {
    readonly startedAt: string;
    readonly phase: string;
    readonly upserts: number;
    readonly deletes: number;
  };
}

/** The sync state of every table in a target (an opened one), by table name. */
export async function targetSyncStatus(target: DatabaseTarget): Promise<TargetTableStatus[]> {
  const out: TargetTableStatus[] = [];
  const counts = new Map<string, number>();
  for (const row of await target.readStates()) {
    const s = parseStoredState(row, target.description);
    const rows = counts.get(s.table) ?? (await target.countRows(s.table));
    counts.set(s.table, rows);
    out.push({
      table: s.table,
      partition: s.partition,
      cursor: s.cursor ?? 'sys_updated_on',
      ...(s.upserts.watermark ? { watermark: s.upserts.watermark } : {}),
      rows,
      completedRuns: s.completedRuns,
      deletesTracked: s.deleteTables !== null,
      ...(s.lastRun ? { lastRun: s.lastRun } : {}),
      ...(s.pending
        ? {
            pending: {
              startedAt: s.pending.startedAt,
              phase: s.pending.phase,
              upserts: s.pending.upserts,
              deletes: s.pending.deletes,
            },
          }
        : {}),
    });
  }
  return out;
}
