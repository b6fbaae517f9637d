import type { CallOptions } from '../table.js';
import type { ChangeFieldValue, ChangeRecord } from './change-record.js';

/** Field values to set; display values are accepted (`state: 'Scheduled'`, `cmdb_ci: 'lnux101'`). */
export type ChangeFields = Readonly<Record<string, string | number | boolean>>;

/** Change types the API creates from a type (standard changes come from a template). */
export type ChangeCreateType = 'normal' | 'emergency';
export type ChangeType = ChangeCreateType | 'standard';

/** Options of {@link ChangeApi.list} and the other lists. */
export interface ChangeListParams extends CallOptions {
  /** Only changes of this type (`GET /change/{type}`). */
  readonly type?: ChangeType;
  /** An encoded query (`sysparm_query`). */
  readonly query?: string;
  /** Order by this field; a leading `-` sorts descending. */
  readonly order?: string;
  /** Page size (`sysparm_limit`), default 500 on the instance. */
  readonly limit?: number;
  /** `sysparm_offset`. */
  readonly offset?: number;
}

/** One conflict a conflict check found. */
export interface ChangeConflict {
  /** The conflict type, e.g. `{ value: 'ci_already_scheduled', display_value: 'Configuration Item Already Scheduled' }`. */
  readonly type: ChangeFieldValue;
  /** The other change, as `{ value: sys_id, display_value: number }`, when the conflict is with a change. */
  readonly conflictingChange: ChangeFieldValue | undefined;
  /** The configuration item both changes touch. */
  readonly configurationItem: ChangeFieldValue | undefined;
  /** The conflict record verbatim. */
  readonly fields: Readonly<Record<string, ChangeFieldValue>>;
}

/** `GET /change/{id}/conflict`: the state of the last (or running) conflict check. */
export interface ConflictCheckResult {
  /** `Not Run`, `Conflict` or `No Conflict` (an instance may say `Conflict` with no conflicts listed). */
  readonly status: string;
  readonly lastRun: string;
  readonly recordCount: number;
  readonly jobStatus: string;
  readonly conflicts: readonly ChangeConflict[];
}

export type { ChangeRecord };
