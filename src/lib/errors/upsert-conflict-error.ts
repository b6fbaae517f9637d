import { ServiceNowError, type ServiceNowErrorOptions } from './service-now-error.js';

/** An upsert's keys matched more than one record, so nowrest refuses to guess which one to update. */
export class UpsertConflictError extends ServiceNowError {
  readonly table: string;
  readonly keys: Readonly<Record<string, unknown>>;
  /** The sys_ids of every matching record. */
  readonly sysIds: readonly string[];

  constructor(
    table: string,
    keys: Record<string, unknown>,
    sysIds: readonly string[],
    options: ServiceNowErrorOptions = {},
  ) {
    super(
      `Upsert on ${table} matched ${sysIds.length} records (${sysIds.join(', ')}); make the keys unique`,
      'SN_UPSERT_CONFLICT',
      options,
    );
    this.table = table;
    this.keys = keys;
    this.sysIds = sysIds;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), table: this.table, sysIds: this.sysIds };
  }
}
