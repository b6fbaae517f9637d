import { readFile, unlink } from 'node:fs/promises';
import { writeFileAtomic } from '../../lib/internal/atomic-file.js';

/** One sys_id range of an export and how far it got. */
export interface PartitionState {
  /** Inclusive lower bound (`sys_id>=from`), absent for the start of the sys_id space. */
  readonly from?: string;
  /** Exclusive upper bound (`sys_id<to`), absent for the end. */
  readonly to?: string;
  /** The last sys_id written to the output from this range. */
  last?: string;
  done: boolean;
}

/**
 * What `--resume` needs: per-range keyset positions and the output's byte length after the last flushed
 * page. Pages of one range are written in sys_id order, so "everything of this range up to `last`" is
 * exactly what the first `offset` bytes hold.
 */
export interface ExportCheckpoint {
  version: 1;
  table: string;
  query: string;
  format: 'ndjson' | 'csv';
  fields: string[] | null;
  columns: string[] | null;
  partitions: PartitionState[];
  offset: number;
  exported: number;
}

/** `<output>.checkpoint.json` */
export function checkpointPath(output: string): string {
  return `${output}.checkpoint.json`;
}

/** Reads a checkpoint, or undefined when there is none. */
export async function readCheckpoint(path: string): Promise<ExportCheckpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const value = JSON.parse(text) as ExportCheckpoint;
  if (value.version !== 1 || !Array.isArray(value.partitions) || typeof value.offset !== 'number') {
    throw new Error(`${path} is not a nowrest export checkpoint`);
  }
  return value;
}

/** Writes the checkpoint atomically (internal/atomic-file.ts): a crash leaves the old or the new one, never half. */
export async function writeCheckpoint(path: string, checkpoint: ExportCheckpoint): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(checkpoint));
}

export async function removeCheckpoint(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
