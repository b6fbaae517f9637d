import type { TableDef } from '../types.js';
import { int, ref, str } from './field-builders.js';

/** Import Set API callers need import_set_loader or import_transformer (admin always passes). */
const IMPORT_ROLES = ['import_set_loader', 'import_transformer'];

/**
 * Import sets (reference §6, [IMP]): sys_import_set (one per load, ISET numbers), the staging row base
 * sys_import_set_row and two staging tables with transform maps in src/emulator/import/transform-maps.ts:
 * imp_user → sys_user (coalesce user_name) and u_imp_incident → incident (coalesce number).
 */
export const IMPORT_SET_TABLES: readonly TableDef[] = [
  {
    name: 'sys_import_set',
    label: 'Import Set',
    numberPrefix: 'ISET',
    readRoles: IMPORT_ROLES,
    fields: [
      str('number', 'Set', { maxLength: 40, display: true, readOnly: true }),
      str('table_name', 'Import set table', { maxLength: 80 }),
      str('state', 'State', { maxLength: 40, defaultValue: 'loading' }),
      str('mode', 'Mode', { maxLength: 40, defaultValue: 'synchronous' }),
      str('short_description', 'Short description', { maxLength: 160 }),
      str('multi_import_set_id', 'Multi import set', { maxLength: 32 }),
    ],
  },
  {
    name: 'sys_import_set_row',
    label: 'Import Set Row',
    extendable: true,
    readRoles: IMPORT_ROLES,
    fields: [
      ref('sys_import_set', 'Set', 'sys_import_set'),
      int('sys_import_row', 'Row'),
      str('sys_import_state', 'State', { maxLength: 40, defaultValue: 'pending' }),
      str('sys_import_state_comment', 'Comment', { maxLength: 1000 }),
      str('sys_target_table', 'Target table', { maxLength: 80 }),
      str('sys_target_sys_id', 'Target record', { maxLength: 32 }),
      str('sys_transform_map', 'Transform map', { maxLength: 80 }),
      str('sys_row_error', 'Row error', { maxLength: 1000 }),
    ],
  },
  {
    name: 'imp_user',
    label: 'User Import',
    superClass: 'sys_import_set_row',
    readRoles: IMPORT_ROLES,
    fields: [
      str('user_name', 'User ID', { maxLength: 40 }),
      str('first_name', 'First name', { maxLength: 50 }),
      str('last_name', 'Last name', { maxLength: 50 }),
      str('email', 'Email', { maxLength: 100 }),
      str('title', 'Title', { maxLength: 60 }),
      str('department', 'Department', { maxLength: 100 }),
      str('active', 'Active', { maxLength: 10 }),
    ],
  },
  {
    name: 'u_imp_incident',
    label: 'Incident Import',
    superClass: 'sys_import_set_row',
    readRoles: IMPORT_ROLES,
    fields: [
      str('u_number', 'Number', { maxLength: 40 }),
      str('u_short_description', 'Short description', { maxLength: 160 }),
      str('u_description', 'Description', { maxLength: 4000 }),
      str('u_caller', 'Caller', { maxLength: 151 }),
      str('u_category', 'Category', { maxLength: 40 }),
      str('u_urgency', 'Urgency', { maxLength: 40 }),
      str('u_impact', 'Impact', { maxLength: 40 }),
      str('u_state', 'State', { maxLength: 40 }),
      str('u_assignment_group', 'Assignment group', { maxLength: 80 }),
    ],
  },
];
