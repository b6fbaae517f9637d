/** The transform outcome of one staging row (`status` on the wire). */
export type ImportStatus = 'inserted' | 'updated' | 'ignored' | 'skipped' | 'error';

/** One entry of an Import Set API `result` array, mapped to camelCase. */
export interface ImportRowResult {
  readonly transformMap: string;
  /** The target table. */
  readonly table: string;
  readonly status: ImportStatus | (string & {});
  /** The target record's sys_id ('' on error). */
  readonly sysId: string;
  /** The name of the target's display field, e.g. `name`. */
  readonly displayName: string;
  readonly displayValue: string;
  readonly recordLink: string;
  /** Set when `status` is `error`. */
  readonly errorMessage?: string;
  /** E.g. "No field values changed" for `ignored`. */
  readonly statusMessage?: string;
}

/** The answer of `POST /api/now/import/{staging_table}` (and of reading a staging row). */
export interface ImportResponse {
  /** The import set number, e.g. `ISET0010001`. */
  readonly importSet: string;
  readonly stagingTable: string;
  readonly results: readonly ImportRowResult[];
}

/** The answer of `POST /api/now/import/{staging_table}/insertMultiple`. */
export interface InsertMultipleResult {
  /** sys_id of the sys_import_set; its staging rows carry it in `sys_import_set`. */
  readonly importSetId: string;
  readonly multiImportSetId: string;
}
