import type { TableDef } from '../types.js';
import { bool, dt, nameField, ref, str, table } from './field-builders.js';

/** Roles of the Change Management API (reference more-apis §1): reads also by sn_change_read. */
const CHANGE_READ = ['itil', 'change_manager', 'sn_change_read', 'snc_read_only'];
const CHANGE_WRITE = ['itil', 'change_manager'];

/**
 * Tables behind the Change Management API: change tasks, standard change templates (the record producers
 * `POST /change/standard/{id}` takes) and the conflicts a conflict check finds.
 */
export const CHANGE_TABLES: readonly TableDef[] = [
  table(
    'change_task',
    'Change Task',
    { superClass: 'task', numberPrefix: 'CTASK', readRoles: CHANGE_READ, writeRoles: CHANGE_WRITE },
    [
      ref('change_request', 'Change request', 'change_request'),
      str('change_task_type', 'Type', { choice: true, defaultValue: 'implementation' }),
      dt('planned_start_date', 'Planned start date'),
      dt('planned_end_date', 'Planned end date'),
    ],
  ),
  table(
    'std_change_record_producer',
    'Standard Change Template',
    { readRoles: CHANGE_READ, writeRoles: ['change_manager'] },
    [
      nameField(100),
      str('short_description', 'Short description', 160),
      str('category', 'Category', 80),
      bool('active', 'Active', 'true'),
      // The change_request values the template applies, as an encoded query of field=value pairs
      // (on an instance: the producer's template; see docs/emulator-divergences.md).
      str('template', 'Template', 4000),
    ],
  ),
  table('conflict', 'Conflict', { readRoles: CHANGE_READ, writeRoles: ['admin'] }, [
    ref('change', 'Change', 'change_request', { display: true }),
    ref('conflicting_change', 'Conflicting change', 'change_request'),
    ref('configuration_item', 'Configuration item', 'cmdb_ci'),
    str('type', 'Type', { choice: true }),
    dt('last_checked', 'Last checked'),
  ]),
];
