import type { TableDef } from '../types.js';
import { choice, dt, ref, str } from './field-builders.js';

/** itil and read-only users read the CMDB (reference §8); only admin writes it. */
const CMDB_READ = ['itil', 'snc_read_only'];
const ADMIN_WRITE: readonly string[] = [];

export const CMDB_TABLES: readonly TableDef[] = [
  {
    name: 'cmdb',
    label: 'Base Configuration Item',
    extendable: true,
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 255, display: true }),
      { name: 'sys_class_name', label: 'Class', type: 'sys_class_name' },
      { name: 'sys_domain', label: 'Domain', type: 'domain_id', defaultValue: 'global' },
      str('sys_domain_path', 'Domain Path', { defaultValue: '/' }),
      choice('operational_status', 'Operational status', { defaultValue: '1' }),
      choice('install_status', 'Status', { defaultValue: '1' }),
      str('serial_number', 'Serial number', { maxLength: 255 }),
      str('asset_tag', 'Asset tag', { maxLength: 255 }),
      ref('company', 'Company', 'core_company'),
      ref('location', 'Location', 'cmn_location'),
      ref('support_group', 'Support group', 'sys_user_group'),
      ref('assigned_to', 'Assigned to', 'sys_user'),
      str('discovery_source', 'Discovery source', { choice: true, maxLength: 40 }),
      dt('install_date', 'Installed'),
    ],
  },
  {
    name: 'cmdb_ci',
    label: 'Configuration Item',
    superClass: 'cmdb',
    extendable: true,
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      str('ip_address', 'IP Address', { maxLength: 255 }),
      str('fqdn', 'Fully qualified domain name', { maxLength: 255 }),
      str('short_description', 'Description', { maxLength: 1000 }),
      str('category', 'Category', { maxLength: 40 }),
    ],
  },
  {
    name: 'cmdb_ci_server',
    label: 'Server',
    superClass: 'cmdb_ci',
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      str('os', 'Operating System', { maxLength: 40 }),
      str('os_version', 'OS Version', { maxLength: 40 }),
      str('cpu_count', 'CPU count', { maxLength: 40 }),
      str('ram', 'RAM (MB)', { maxLength: 40 }),
    ],
  },
  {
    name: 'cmdb_ci_service',
    label: 'Business Service',
    superClass: 'cmdb_ci',
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      choice('busines_criticality', 'Business criticality', { defaultValue: '3', type: 'string' }),
      ref('owned_by', 'Owned by', 'sys_user'),
      str('service_classification', 'Service classification', { defaultValue: 'Business Service' }),
    ],
  },
  {
    name: 'cmdb_rel_type',
    label: 'CI Relationship Type',
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('parent_descriptor', 'Parent descriptor', { maxLength: 50 }),
      str('child_descriptor', 'Child descriptor', { maxLength: 50 }),
    ],
  },
  {
    name: 'cmdb_rel_ci',
    label: 'CI Relationship',
    readRoles: CMDB_READ,
    writeRoles: ADMIN_WRITE,
    fields: [
      ref('parent', 'Parent', 'cmdb_ci'),
      ref('child', 'Child', 'cmdb_ci'),
      ref('type', 'Type', 'cmdb_rel_type', { display: true }),
    ],
  },
];
