import type { TableDef } from '../types.js';
import { ATTACHMENT_TABLES } from './attachment.js';
import { CATALOG_TABLES } from './catalog.js';
import { CHANGE_TABLES } from './change.js';
import { CMDB_TABLES } from './cmdb.js';
import { FORM_LAYOUT_TABLES } from './form-layout.js';
import { IMPORT_SET_TABLES } from './import-set.js';
import { METADATA_TABLES, PLATFORM_TABLES } from './metadata.js';
import { SCRIPTED_REST_TABLES } from './scripted-rest.js';
import { OPERATIONAL_TABLES, SCHEMA_TABLES } from './system.js';
import { TASK_TABLES } from './task.js';
import { USER_TABLES } from './user.js';

/** Every table the emulator knows, parents before children. */
export const ALL_TABLES: readonly TableDef[] = [
  ...TASK_TABLES,
  ...USER_TABLES,
  ...CMDB_TABLES,
  ...SCHEMA_TABLES,
  ...OPERATIONAL_TABLES,
  ...FORM_LAYOUT_TABLES,
  ...ATTACHMENT_TABLES,
  ...IMPORT_SET_TABLES,
  ...CATALOG_TABLES,
  ...METADATA_TABLES,
  ...PLATFORM_TABLES,
  ...CHANGE_TABLES,
  ...SCRIPTED_REST_TABLES,
];
