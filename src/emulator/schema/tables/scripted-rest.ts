import type { TableDef } from '../types.js';
import { ADMIN_READS } from './access.js';
import { bool, int, nameField, ref, str, table } from './field-builders.js';

/**
 * Scripted REST APIs as data: a definition (namespace + API id → base path /api/{namespace}/{service_id}) and its
 * operations (method + relative path). The emulator cannot run `operation_script`; an operation answers
 * `emulator_response` (fixed JSON, with `emulator_status`) or runs a Table API query on `emulator_table`
 * (`emulator_query`, with `{param}` taken from the path). See docs/emulator-divergences.md.
 */
export const SCRIPTED_REST_TABLES: readonly TableDef[] = [
  table('sys_ws_definition', 'Scripted REST Service', ADMIN_READS, [
    nameField(100),
    str('namespace', 'Namespace', { maxLength: 40, mandatory: true }),
    str('service_id', 'API ID', { maxLength: 100, mandatory: true }),
    str('base_uri', 'Base API path', { maxLength: 255, readOnly: true }),
    bool('active', 'Active', 'true'),
    bool('enforce_acl', 'Enforce ACL'),
    str('short_description', 'Short description', 1000),
  ]),
  table('sys_ws_operation', 'Scripted REST Resource', ADMIN_READS, [
    nameField(100),
    ref('web_service_definition', 'Web service definition', 'sys_ws_definition', { mandatory: true }),
    str('http_method', 'HTTP method', { maxLength: 10, defaultValue: 'GET' }),
    str('relative_path', 'Relative path', { maxLength: 255, defaultValue: '/' }),
    bool('active', 'Active', 'true'),
    bool('requires_authentication', 'Requires authentication', 'true'),
    bool('requires_acl_authorization', 'Requires ACL authorization', 'true'),
    str('produces', 'Produces', { maxLength: 255, defaultValue: 'application/json' }),
    str('operation_script', 'Script', 65000),
    int('emulator_status', 'Emulator: status', { defaultValue: '200' }),
    str('emulator_response', 'Emulator: JSON response', 65000),
    str('emulator_table', 'Emulator: table to query', 80),
    str('emulator_query', 'Emulator: encoded query', 4000),
  ]),
];
