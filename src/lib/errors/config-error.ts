import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** A connection or option is invalid. `fix` says how to correct it, so the CLI and console can show it as-is. */
export class ConfigError extends ServiceNowError {
  /** What is wrong, without the fix, e.g. "The base URL has no scheme". */
  readonly problem: string;
  /** What to do about it, e.g. "Use https://<instance>.service-now.com/api/now/v2". */
  readonly fix: string | undefined;

  constructor(message: string, fix?: string, options: ServiceNowErrorOptions = {}) {
    super(fix === undefined ? message : `${message}. ${fix}`, 'SN_CONFIG', options);
    this.problem = message;
    this.fix = fix;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fix: this.fix };
  }
}
