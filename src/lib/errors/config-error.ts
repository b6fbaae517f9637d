import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** A connection or option is invalid. `fix` says how to correct it, so the CLI and console can show it as-is. */
export class ConfigError extends ServiceNowError {
  /** What is wrong, without the fix, e.g. "The base URL has no scheme". */
  readonly problem: string;
  /** What to do about it, e.g. "Use https://<instance>.service-now.com/api/now/v2". */
  readonly fix: string | undefined;

  constructor(message: string, fix?: string, options: ServiceNowErrorOptions = {}, code = 'SN_CONFIG') {
    super(fix === undefined ? message : `${message}. ${fix}`, code, options);
    this.problem = message;
    this.fix = fix;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), fix: this.fix };
  }
}

/** The schema lookup found no table of that name in sys_db_object. Code `SN_UNKNOWN_TABLE`. */
export class UnknownTableError extends ConfigError {
  /** The table name that does not exist. */
  readonly table: string;

  constructor(table: string, options: ServiceNowErrorOptions = {}) {
    super(
      `Table "${table}" was not found in sys_db_object`,
      'Check the table name (e.g. incident)',
      options,
      'SN_UNKNOWN_TABLE',
    );
    this.table = table;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), table: this.table };
  }
}
