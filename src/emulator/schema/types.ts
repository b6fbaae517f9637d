/**
 * The emulator's schema model. Table definitions are plain data (see tables/*.ts); the registry resolves
 * inheritance (reference §5: task → incident, cmdb → cmdb_ci → cmdb_ci_server) into one physical SQLite
 * table per hierarchy root, with a sys_class_name column telling the rows apart (table-per-hierarchy).
 */

/** The field types the emulator stores (sys_glide_object names). */
export const FIELD_TYPES = [
  'GUID',
  'string',
  'integer',
  'decimal',
  'boolean',
  'glide_date_time',
  'glide_date',
  'glide_duration',
  'reference',
  'journal',
  'journal_input',
  'journal_list',
  'password',
  'url',
  'email',
  'sys_class_name',
  'domain_id',
] as const;

/** A field's internal_type (sys_glide_object name). */
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDef {
  /** Column name, lowercase [a-z0-9_] as in sys_dictionary.element. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  /** For type 'reference': the referenced table. */
  readonly reference?: string;
  /** True when values come from sys_choice (choice ≠ 0 in sys_dictionary). */
  readonly choice?: boolean;
  /** For dependent choice lists (e.g. incident.subcategory depends on category). */
  readonly dependentOn?: string;
  readonly maxLength?: number;
  readonly mandatory?: boolean;
  readonly readOnly?: boolean;
  /** The table's display field (sys_dictionary display=true). */
  readonly display?: boolean;
  readonly defaultValue?: string;
}

export interface TableDef {
  readonly name: string;
  readonly label: string;
  /** Parent table name, e.g. 'task' for incident. */
  readonly superClass?: string;
  readonly extendable?: boolean;
  /** Auto-number prefix, e.g. 'INC'; the table then has a 'number' field. */
  readonly numberPrefix?: string;
  /** Only the fields this table defines itself; inherited fields come from superClass. */
  readonly fields: readonly FieldDef[];
  /** Roles that may read (any one suffices). Undefined: any authenticated user. 'admin' always passes. */
  readonly readRoles?: readonly string[];
  /** Roles that may insert/update/delete. Undefined: same as readRoles. */
  readonly writeRoles?: readonly string[];
}

/** A field as seen from a concrete table, with the table that defines it. */
export interface ResolvedField extends FieldDef {
  readonly definedOn: string;
}

export interface ResolvedTable {
  readonly name: string;
  readonly def: TableDef;
  /** This table then its ancestors, e.g. ['incident', 'task']. */
  readonly chain: readonly string[];
  /** The SQLite table holding this hierarchy (the root's name). */
  readonly physical: string;
  /** This table and every descendant: the sys_class_name values its queries include. */
  readonly classes: readonly string[];
  /** Every field visible on this table (own and inherited), by name. */
  readonly fields: ReadonlyMap<string, ResolvedField>;
  /** The display field name (dictionary display=true, else number, name, u_number, u_name), if any. */
  readonly displayField: string | undefined;
}

export interface SchemaRegistry {
  table(name: string): ResolvedTable | undefined;
  tables(): readonly ResolvedTable[];
  /** Replaces the tables defined at run time (sys_db_object rows a user created; schema/custom-tables.ts). */
  setExtraTables?(defs: readonly TableDef[]): void;
}
