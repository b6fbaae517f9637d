/** Options accepted by every nowrest error constructor. */
export interface ServiceNowErrorOptions {
  readonly cause?: unknown;
}

/**
 * Root of every error nowrest throws. `code` is a stable `SN_*` string that callers (and the CLI's exit-code map)
 * can test without `instanceof`, which breaks when two copies of the package are loaded.
 */
export class ServiceNowError extends Error {
  /** Stable machine-readable code, always starting with `SN_`. */
  readonly code: string;

  constructor(message: string, code: string, options: ServiceNowErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
  }

  /** Keeps `JSON.stringify(err)` to safe, already-redacted fields. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/**
 * True for any nowrest error, even one created by another copy of the library: it checks the `SN_` code prefix
 * rather than the prototype chain.
 */
export function isServiceNowError(error: unknown): error is ServiceNowError {
  if (typeof error !== 'object' || error === null || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SN_');
}
