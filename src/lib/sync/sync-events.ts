import type { TableRecord } from '../table.js';

/** A record was created or updated: `record` is its state when read. One line of a change file. */
export interface UpsertEvent {
  readonly op: 'upsert';
  readonly table: string;
  readonly sys_id: string;
  readonly sys_updated_on: string;
  readonly sys_mod_count: string;
  readonly record: TableRecord;
}

/** A record was deleted (from its sys_audit_delete row). One line of a change file. */
export interface DeleteEvent {
  readonly op: 'delete';
  readonly table: string;
  /** The deleted record's sys_id (sys_audit_delete.documentkey). */
  readonly sys_id: string;
  /** When it was deleted (sys_audit_delete.sys_created_on). */
  readonly deleted_on: string;
  /** The class the record had (sys_audit_delete.tablename). */
  readonly tablename: string;
  /** The sys_id of the sys_audit_delete row. */
  readonly audit_sys_id: string;
}

export type ChangeEvent = UpsertEvent | DeleteEvent;
