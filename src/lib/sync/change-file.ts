import { open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

/** `changes-000042.ndjson`: numbered so a directory listing is in run order. */
export function changeFileName(run: number): string {
  return `changes-${String(run).padStart(6, '0')}.ndjson`;
}

/** The change file of one run: NDJSON lines appended at a known offset, each batch fsynced. */
export interface ChangeFile {
  readonly path: string;
  /** Bytes written and fsynced so far. */
  readonly offset: number;
  /** Appends lines and fsyncs them; the returned offset is safe to record in the state file. */
  append(lines: readonly string[]): Promise<number>;
  close(): Promise<void>;
  /** Closes and deletes the file (a run that found no change leaves none). */
  discard(): Promise<void>;
}

/**
 * Opens run `run`'s change file. With `resumeAt` the file is cut back to that many bytes (whatever a killed
 * run wrote after its last state save is dropped); without it the file starts empty.
 */
export async function openChangeFile(dir: string, run: number, resumeAt?: number): Promise<ChangeFile> {
  const path = join(dir, changeFileName(run));
  let handle: FileHandle;
  let offset = 0;
  if (resumeAt !== undefined && resumeAt > 0) {
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < resumeAt) {
      throw new ConfigError(
        `${path} is shorter than sync-state.json says (${size < 0 ? 'missing' : `${size} bytes`}, expected ${resumeAt})`,
        'Restore the file, or remove "pending" from sync-state.json to repeat the run from its start',
      );
    }
    handle = await open(path, 'r+');
    await handle.truncate(resumeAt);
    offset = resumeAt;
  } else {
    handle = await open(path, 'w', 0o644);
  }
  return {
    path,
    get offset() {
      return offset;
    },
    async append(lines) {
      if (lines.length === 0) return offset;
      const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
      await handle.write(bytes, 0, bytes.length, offset);
      await handle.datasync();
      offset += bytes.length;
      return offset;
    },
    close: () => handle.close(),
    async discard() {
      await handle.close();
      await unlink(path).catch(() => undefined);
    },
  };
}
