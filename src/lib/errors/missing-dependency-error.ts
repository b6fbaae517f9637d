import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/**
 * A feature needs an optional peer dependency that is not installed (for example `pg` for a PostgreSQL sync).
 * `install` is the command that fixes it, so the CLI and console can show it as-is.
 */
export class MissingDependencyError extends ServiceNowError {
  /** What is missing, without the fix, e.g. "nowrest sync --to postgres:// needs pg, which is not installed". */
  readonly problem: string;
  /** The package that is missing, e.g. "pg". */
  readonly packageName: string;
  /** The command that installs it, e.g. "npm i pg@8". */
  readonly install: string;

  constructor(
    init: { readonly packageName: string; readonly install: string; readonly feature: string },
    options: ServiceNowErrorOptions = {},
  ) {
    const problem = `${init.feature} needs ${init.packageName}, which is not installed`;
    super(`${problem}. Install it with: ${init.install}`, 'SN_MISSING_DEPENDENCY', options);
    this.problem = problem;
    this.packageName = init.packageName;
    this.install = init.install;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), packageName: this.packageName, install: this.install };
  }
}
