/** Types of the CMDB Instance API and of Identification/Reconciliation; see {@link CmdbApi}. */

/** A relation of a CI, from its side: `target` is the other CI. */
export interface CiRelation {
  /** sys_id of the cmdb_rel_ci record (use it to delete the relation). */
  readonly sysId: string;
  readonly type: { readonly sysId: string; readonly name: string };
  readonly target: { readonly sysId: string; readonly name: string };
}

/** A CI as the Instance API returns it. */
export interface Ci {
  readonly sysId: string;
  readonly className: string;
  /** The record's fields: strings, references as `{display_value, link, value}`. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Relations where this CI is the parent. */
  readonly outboundRelations: readonly CiRelation[];
  /** Relations where this CI is the child. */
  readonly inboundRelations: readonly CiRelation[];
}

/** A relation to add: a cmdb_rel_type sys_id and the other CI's sys_id. */
export interface CiRelationInput {
  readonly type: string;
  readonly target: string;
}

export interface CiWriteParams {
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The discovery source (a `cmdb_ci.discovery_source` choice value such as `ServiceNow`). Required. */
  readonly source: string;
}

export interface CiCreateParams extends CiWriteParams {
  readonly inboundRelations?: readonly CiRelationInput[];
  readonly outboundRelations?: readonly CiRelationInput[];
}

export interface CiRelationsParams {
  readonly source: string;
  readonly inboundRelations?: readonly CiRelationInput[];
  readonly outboundRelations?: readonly CiRelationInput[];
}

export interface CiListParams {
  /** An encoded query, e.g. `nameSTARTSWITHweb`. */
  readonly query?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** One CI of an IRE payload (wire names, as the API takes them). */
export interface IreItem {
  readonly className: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** A name for this item that relations can use (`parent_id` / `child_id`). */
  readonly internal_id?: string;
  readonly lookup?: readonly unknown[];
  readonly related?: readonly unknown[];
  readonly settings?: Readonly<Record<string, boolean>>;
  readonly sys_object_source_info?: Readonly<Record<string, string>>;
}

/** A relation between payload items: by index (`parent`/`child`) or by internal_id (`parent_id`/`child_id`). */
export interface IreRelation {
  readonly type: string;
  readonly parent?: number;
  readonly child?: number;
  readonly parent_id?: string;
  readonly child_id?: string;
}

export interface IrePayload {
  readonly items: readonly IreItem[];
  readonly relations?: readonly IreRelation[];
}

export interface IreError {
  /** A stable IRE code, e.g. `MISSING_MATCHING_ATTRIBUTES`, `DUPLICATE_PAYLOAD_RECORDS`. */
  readonly error: string;
  readonly message: string;
}

export type IreOperation =
  | 'INSERT'
  | 'UPDATE'
  | 'NO_CHANGE'
  | 'DELETE'
  | 'UPDATE_WITH_UPGRADE'
  | 'UPDATE_WITH_DOWNGRADE'
  | 'UPDATE_WITH_SWITCH'
  | 'INSERT_AS_PARTIAL'
  | 'INSERT_AS_INCOMPLETE';

export interface IreItemResult {
  readonly className: string;
  readonly operation: IreOperation;
  /** The CI's sys_id; undefined when the item failed (the wire says `Unknown`) or a dry run would insert. */
  readonly sysId: string | undefined;
  /** Empty when the item succeeded. */
  readonly errors: readonly IreError[];
  readonly identificationAttempts: readonly {
    readonly identifierName: string;
    readonly attemptResult: string;
    readonly attributes: readonly string[];
  }[];
}

export interface IreRelationResult {
  readonly operation: 'INSERT' | 'NO_CHANGE' | 'INSERT_AS_PARTIAL' | 'INSERT_AS_INCOMPLETE';
  readonly sysId: string | undefined;
  readonly errors: readonly IreError[];
}

/** Results in payload order. */
export interface IreResult {
  readonly items: readonly IreItemResult[];
  readonly relations: readonly IreRelationResult[];
}

export interface IreOptions {
  /** `sysparm_data_source`, e.g. `ServiceNow`. */
  readonly dataSource?: string;
  /** Identify only (`/identifyreconcile/query`): nothing is written. */
  readonly dryRun?: boolean;
}
