import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * An error the CLI reports as one line, "what is wrong — how to fix it", with a chosen exit code.
 * `code` is stable (printed in `--json` errors) so scripts can branch on it.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly remedy: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { exitCode?: ExitCodeValue; remedy?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.remedy = options.remedy;
  }
}

/** A usage error (exit 2). */
export function usageError(message: string, remedy?: string): CliError {
  return new CliError('CLI_USAGE', message, { exitCode: ExitCode.usage, ...(remedy ? { remedy } : {}) });
}
