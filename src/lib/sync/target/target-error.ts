import { ServiceNowError, type ServiceNowErrorOptions } from '../../errors/service-now-error.js';

/**
 * The target database refused or failed an operation (connection, DDL, a write). The message names the target
 * by its redacted description; the driver's error is the `cause`, never copied with a password in it.
 */
export class TargetError extends ServiceNowError {
  constructor(message: string, options: ServiceNowErrorOptions = {}) {
    super(message, 'SN_TARGET', options);
  }
}

/**
 * Runs a driver call, turning its failure into a TargetError: `what` failed on `description`, plus the
 * driver's message with `secrets` masked (drivers echo connection strings in some errors).
 */
export async function targetCall<T>(
  description: string,
  what: string,
  secrets: readonly string[],
  fn: () => Promise<T> | T,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ServiceNowError) throw error;
    let detail = error instanceof Error ? error.message : String(error);
    for (const secret of secrets) {
      if (secret !== '') detail = detail.split(secret).join('***').split(encodeURIComponent(secret)).join('***');
    }
    throw new TargetError(`${description}: ${what} failed: ${detail}`, { cause: error });
  }
}
