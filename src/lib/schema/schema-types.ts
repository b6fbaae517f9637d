/** A table from sys_db_object. */
export interface TableInfo {
  readonly name: string;
  readonly label: string;
  /** The parent table's name (e.g. 'task' for incident), when it has one. */
  readonly superClass?: string;
}

/** A field from sys_dictionary, as seen from a concrete table. */
export interface FieldInfo {
  readonly name: string;
  readonly label: string;
  /** sys_dictionary.internal_type, e.g. string, integer, reference, glide_date_time. */
  readonly type: string;
  /** For reference fields: the referenced table. */
  readonly reference?: string;
  readonly maxLength?: number;
  readonly mandatory: boolean;
  readonly readOnly: boolean;
  /** True for the table's display field. */
  readonly display: boolean;
  /** True when values come from sys_choice. */
  readonly choice: boolean;
  readonly defaultValue?: string;
  /** The table in the hierarchy that defines this field (e.g. 'task' for incident.short_description). */
  readonly definedOn: string;
}

/** An active choice from sys_choice. */
export interface ChoiceInfo {
  readonly value: string;
  readonly label: string;
  readonly sequence: number;
  readonly dependentValue?: string;
}
