import type { TableDef } from '../types.js';
import { int, ref, str, table } from './field-builders.js';

/** Import Set API callers need import_set_loader or import_transformer (admin always passes). */
const IMPORT_ROLES = ['import_set_loader', 'import_transformer'];

/**
 * Import sets (reference §6, [IMP]): sys_import_set (one per load, ISET numbers), the staging row base
 * sys_import_set_row and two staging tables with transform maps in src/emulator/import/transform-maps.ts:
 * imp_user → sys_user (coalesce user_name) and u_imp_incident → incident (coalesce number).
 */
export const IMPORT_SET_TABLES: readonly TableDef[] = [
  table('sys_import_set', 'Import Set', { numberPrefix: 'ISET', readRoles: IMPORT_ROLES }, [
    str('number', 'Set', { maxLength: 40, display: true, readOnly: true }),
    str('table_name', 'Import set table', 80),
    str('state', 'State', { maxLength: 40, defaultValue: 'loading' }),
    str('mode', 'Mode', { maxLength: 40, defaultValue: 'synchronous' }),
    str('short_description', 'Short description', 160),
    str('multi_import_set_id', 'Multi import set', 32),
  ]),
  table('sys_import_set_row', 'Import Set Row', { extendable: true, readRoles: IMPORT_ROLES }, [
    ref('sys_import_set', 'Set', 'sys_import_set'),
    int('sys_import_row', 'Row'),
    str('sys_import_state', 'State', { maxLength: 40, defaultValue: 'pending' }),
    str('sys_import_state_comment', 'Comment', 1000),
    str('sys_target_table', 'Target table', 80),
    str('sys_target_sys_id', 'Target record', 32),
    str('sys_transform_map', 'Transform map', 80),
    str('sys_row_error', 'Row error', 1000),
  ]),
  table('imp_user', 'User Import', { superClass: 'sys_import_set_row', readRoles: IMPORT_ROLES }, [
    str('user_name', 'User ID', 40),
    str('first_name', 'First name', 50),
    str('last_name', 'Last name', 50),
    str('email', 'Email', 100),
    str('title', 'Title', 60),
    str('department', 'Department', 100),
    str('active', 'Active', 10),
  ]),
  table('u_imp_incident', 'Incident Import', { superClass: 'sys_import_set_row', readRoles: IMPORT_ROLES }, [
    str('u_number', 'Number', 40),
    str('u_short_description', 'Short description', 160),
    str('u_description', 'Description', 4000),
    str('u_caller', 'Caller', 151),
    str('u_category', 'Category', 40),
    str('u_urgency', 'Urgency', 40),
    str('u_impact', 'Impact', 40),
    str('u_state', 'State', 40),
    str('u_assignment_group', 'Assignment group', 80),
  ]),
];
