import type { SkippedRecord } from '../../lib/record-list.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { FailuresFile } from './failures-file.js';

/**
 * Where a read (export, sync) puts the records the instance cannot serve even one per request (an oversized
 * row): each goes to a failures file with its sys_id, and the run goes on. `finish` says how many and where,
 * and makes the exit code 5 (partial) unless the run was interrupted or already failed.
 */
export class UnreadableRecords {
  readonly #ctx: CliContext;
  readonly #file: FailuresFile;

  constructor(ctx: CliContext, path: string) {
    this.#ctx = ctx;
    this.#file = new FailuresFile(path, ctx.io.cwd, ctx.secrets);
  }

  /** The library's onSkip for a read of `table`. */
  onSkipIn(table: string): (skipped: SkippedRecord) => Promise<void> {
    return (skipped) =>
      this.#file.add({
        table,
        sys_id: skipped.sys_id,
        record: { sys_id: skipped.sys_id },
        error: { code: skipped.error.code, message: skipped.error.message },
      });
  }

  async finish(options: { interrupted?: boolean } = {}): Promise<void> {
    await this.#file.close();
    if (this.#file.count === 0) return;
    this.#ctx.io.stderr.write(
      `${this.#file.count} record(s) could not be read even one per request and were skipped; their sys_ids are in ${this.#file.path}\n`,
    );
    if (options.interrupted !== true && this.#ctx.exitCode === 0) this.#ctx.exitCode = ExitCode.partial;
  }
}
