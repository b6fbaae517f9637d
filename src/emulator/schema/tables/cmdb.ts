import type { TableDef } from '../types.js';
import { ITIL_READS } from './access.js';
import { choice, dt, nameField, ref, str, table } from './field-builders.js';

/** itil and read-only users read the CMDB (reference §8); only admin writes it. */
export const CMDB_TABLES: readonly TableDef[] = [
  table('cmdb', 'Base Configuration Item', { extendable: true, ...ITIL_READS }, [
    nameField(255),
    { name: 'sys_class_name', label: 'Class', type: 'sys_class_name' },
    { name: 'sys_domain', label: 'Domain', type: 'domain_id', defaultValue: 'global' },
    str('sys_domain_path', 'Domain Path', { defaultValue: '/' }),
    choice('operational_status', 'Operational status', { defaultValue: '1' }),
    choice('install_status', 'Status', { defaultValue: '1' }),
    str('serial_number', 'Serial number', 255),
    str('asset_tag', 'Asset tag', 255),
    ref('company', 'Company', 'core_company'),
    ref('location', 'Location', 'cmn_location'),
    ref('support_group', 'Support group', 'sys_user_group'),
    ref('assigned_to', 'Assigned to', 'sys_user'),
    str('discovery_source', 'Discovery source', { choice: true, maxLength: 40 }),
    dt('install_date', 'Installed'),
  ]),
  table('cmdb_ci', 'Configuration Item', { superClass: 'cmdb', extendable: true, ...ITIL_READS }, [
    str('ip_address', 'IP Address', 255),
    str('fqdn', 'Fully qualified domain name', 255),
    str('short_description', 'Description', 1000),
    str('category', 'Category', 40),
  ]),
  table('cmdb_ci_hardware', 'Hardware', { superClass: 'cmdb_ci', extendable: true, ...ITIL_READS }, [
    ref('manufacturer', 'Manufacturer', 'core_company'),
    str('model_number', 'Model number', 255),
    str('mac_address', 'MAC Address', 255),
  ]),
  table('cmdb_ci_computer', 'Computer', { superClass: 'cmdb_ci_hardware', extendable: true, ...ITIL_READS }, [
    str('os', 'Operating System', 40),
    str('os_version', 'OS Version', 40),
    str('cpu_count', 'CPU count', 40),
    str('ram', 'RAM (MB)', 40),
    str('disk_space', 'Disk space (GB)', 40),
  ]),
  table('cmdb_ci_server', 'Server', { superClass: 'cmdb_ci_computer', extendable: true, ...ITIL_READS }, []),
  table('cmdb_ci_linux_server', 'Linux Server', { superClass: 'cmdb_ci_server', ...ITIL_READS }, [
    str('kernel_release', 'Kernel release', 100),
  ]),
  table('cmdb_ci_win_server', 'Windows Server', { superClass: 'cmdb_ci_server', ...ITIL_READS }, [
    str('os_service_pack', 'OS Service Pack', 40),
  ]),
  table('cmdb_ci_appl', 'Application', { superClass: 'cmdb_ci', extendable: true, ...ITIL_READS }, [
    str('version', 'Version', 40),
    str('edition', 'Edition', 40),
    str('install_directory', 'Installation directory', 255),
  ]),
  table('cmdb_ci_service', 'Business Service', { superClass: 'cmdb_ci', ...ITIL_READS }, [
    choice('busines_criticality', 'Business criticality', { defaultValue: '3', type: 'string' }),
    ref('owned_by', 'Owned by', 'sys_user'),
    str('service_classification', 'Service classification', { defaultValue: 'Business Service' }),
  ]),
  table('cmdb_rel_type', 'CI Relationship Type', ITIL_READS, [
    nameField(100),
    str('parent_descriptor', 'Parent descriptor', 50),
    str('child_descriptor', 'Child descriptor', 50),
  ]),
  table('cmdb_rel_ci', 'CI Relationship', ITIL_READS, [
    ref('parent', 'Parent', 'cmdb_ci'),
    ref('child', 'Child', 'cmdb_ci'),
    ref('type', 'Type', 'cmdb_rel_type', { display: true }),
  ]),
];
