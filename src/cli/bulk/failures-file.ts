import { open, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import { scrub } from '../report-error.js';

/** One failed record, as written to the failures file (one NDJSON line each). */
export interface FailureEntry {
  /** 1-based line of the input (array index + 1 for a JSON array); absent for a record read from the instance. */
  readonly line?: number;
  /** The table of a record an export or sync could not read. */
  readonly table?: string;
  /** The record's sys_id, for a record an export or sync could not read. */
  readonly sys_id?: string;
  /** The record as read, so the line can be fixed and fed back; null when it could not be parsed. */
  readonly record: Record<string, unknown> | null;
  /** The unparsable source text, when `record` is null. */
  readonly raw?: string;
  readonly error: { readonly code: string; readonly message: string };
}

/**
 * The NDJSON failures file of a bulk run. It is created on the first failure only, so a clean run
 * leaves nothing behind. Lines are appended in completion order.
 */
export class FailuresFile {
  readonly path: string;
  count = 0;
  private handle: Promise<FileHandle> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly secrets: Iterable<string>;

  constructor(path: string, cwd: string, secrets: Iterable<string>) {
    this.path = resolve(cwd, path);
    this.secrets = secrets;
  }

  /** Queues one entry; writes are serialised so lines never interleave. */
  add(entry: FailureEntry): Promise<void> {
    this.count += 1;
    const line = `${scrub(JSON.stringify(entry), this.secrets)}\n`;
    this.chain = this.chain.then(async () => {
      this.handle ??= open(this.path, 'a', 0o600);
      await (await this.handle).write(line);
    });
    return this.chain;
  }

  async close(): Promise<void> {
    await this.chain;
    if (this.handle) await (await this.handle).close();
  }
}

/** `nowrest-failures-<UTC timestamp>.ndjson`, the default failures file name. */
export function defaultFailuresName(now: Date): string {
  return `nowrest-failures-${now.toISOString().replace(/[:.]/g, '-')}.ndjson`;
}
