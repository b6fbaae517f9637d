import type { TableDef } from '../types.js';
import { ADMIN_READS, ADMIN_WRITES } from './access.js';
import { bool, dt, int, nameField, ref, str, table } from './field-builders.js';

/** Fields of sys_metadata, the parent of application files (rules, properties, transform maps). */
const METADATA_FIELDS = [
  str('sys_name', 'Display name', 255),
  str('sys_update_name', 'Update name', 250),
  str('sys_scope', 'Application', { maxLength: 32, defaultValue: 'global' }),
  str('sys_package', 'Package', { maxLength: 32, defaultValue: 'global' }),
  str('sys_policy', 'Protection policy', 40),
];

/**
 * sys_metadata and the application-file tables every instance has in it: sys_script (business rules),
 * sys_properties, sys_transform_map and sys_transform_entry. They share one physical table (the emulator's
 * table-per-hierarchy model), so `GET /table/sys_metadata` lists all of them, as on an instance.
 */
export const METADATA_TABLES: readonly TableDef[] = [
  table('sys_metadata', 'Application File', { extendable: true, ...ADMIN_READS }, [
    ...METADATA_FIELDS,
    { name: 'sys_class_name', label: 'Class', type: 'sys_class_name' },
  ]),
  table('sys_properties', 'System Property', { superClass: 'sys_metadata', ...ADMIN_READS }, [
    nameField(100),
    str('value', 'Value', 4000),
    str('description', 'Description', 512),
    str('type', 'Type', { defaultValue: 'string' }),
  ]),
  // No-code business rules (reference part 2 §7.1): the columns the "When to run" and "Actions" tabs set.
  table('sys_script', 'Business Rule', { superClass: 'sys_metadata', ...ADMIN_READS }, [
    nameField(100),
    str('collection', 'Table', 80),
    bool('active', 'Active', 'true'),
    bool('advanced', 'Advanced'),
    str('when', 'When', { maxLength: 40, defaultValue: 'before' }),
    int('order', 'Order', { defaultValue: '100' }),
    bool('action_insert', 'Insert'),
    bool('action_update', 'Update'),
    bool('action_delete', 'Delete'),
    bool('action_query', 'Query'),
    str('filter_condition', 'Filter Conditions', 4000),
    str('condition', 'Condition', 254),
    str('role_conditions', 'Role conditions', 255),
    str('template', 'Set field values', 4000),
    bool('add_message', 'Add message'),
    str('message', 'Message', 4000),
    bool('abort_action', 'Abort action'),
    str('script', 'Script', 8000),
    int('priority', 'Priority', { defaultValue: '100' }),
    str('description', 'Description', 4000),
    str('access', 'Accessible from', { maxLength: 40, defaultValue: 'package_private' }),
  ]),
  // Reference part 2 §8.1.
  table('sys_transform_map', 'Table Transform Map', { superClass: 'sys_metadata', readRoles: ['import_transformer'] }, [
    nameField(80),
    str('source_table', 'Source table', 80),
    str('target_table', 'Target table', 80),
    bool('active', 'Active', 'true'),
    int('order', 'Order', { defaultValue: '100' }),
    bool('run_business_rules', 'Run business rules', 'true'),
    bool('run_script', 'Run script'),
    str('script', 'Script', 8000),
    str('enforce_mandatory_fields', 'Enforce mandatory fields', { maxLength: 40, defaultValue: 'No' }),
    bool('copy_empty_fields', 'Copy empty fields'),
    bool('create_new_record_on_empty_coalesce_fields', 'Create new record on empty coalesce fields'),
  ]),
  // Reference part 2 §8.2.
  table('sys_transform_entry', 'Field Map', { superClass: 'sys_metadata', readRoles: ['import_transformer'] }, [
    ref('map', 'Map', 'sys_transform_map', { display: true }),
    str('source_table', 'Source table', 80),
    str('source_field', 'Source field', 80),
    str('target_table', 'Target table', 80),
    str('target_field', 'Target field', 80),
    bool('coalesce', 'Coalesce'),
    bool('coalesce_case_sensitive', 'Coalesce case sensitive'),
    bool('coalesce_empty_fields', 'Coalesce empty fields'),
    str('choice_action', 'Choice action', { maxLength: 40, defaultValue: 'create' }),
    str('reference_value_field', 'Referenced value field name', 80),
    bool('use_source_script', 'Use source script'),
    str('source_script', 'Source script', 8000),
    str('date_format', 'Date format', { maxLength: 40, defaultValue: 'yyyy-MM-dd HH:mm:ss' }),
  ]),
];

/** Log, field audit and group roles: tables every instance has outside sys_metadata. */
export const PLATFORM_TABLES: readonly TableDef[] = [
  table('syslog', 'System Log', ADMIN_READS, [
    str('level', 'Level', { maxLength: 40, defaultValue: '0' }),
    str('source', 'Source', 80),
    str('message', 'Message', { maxLength: 4000, display: true }),
  ]),
  // Reference part 2 §4.3.
  table('sys_audit', 'Audit', ADMIN_READS, [
    str('tablename', 'Table name', 80),
    str('documentkey', 'Document key', 32),
    str('fieldname', 'Field name', { maxLength: 80, display: true }),
    str('oldvalue', 'Old value', 8000),
    str('newvalue', 'New value', 8000),
    str('user', 'User', 255),
    int('record_checkpoint', 'Record checkpoint'),
    str('internal_checkpoint', 'Internal checkpoint', 40),
    str('reason', 'Reason', 255),
  ]),
  table('sys_group_has_role', 'Group Role', ADMIN_WRITES, [
    ref('group', 'Group', 'sys_user_group'),
    ref('role', 'Role', 'sys_user_role', { display: true }),
    bool('inherits', 'Inherits', 'true'),
    dt('granted_on', 'Granted on'),
  ]),
];
