import type { TableDef } from '../types.js';
import { ADMIN_READS, ADMIN_WRITES, ITIL_READS } from './access.js';
import { bool, dt, int, nameField, ref, str, table } from './field-builders.js';

/**
 * Dictionary tables. Their rows are generated from the TableDefs (see store/schema-rows.ts), so they always
 * agree with what the emulator actually stores.
 */
export const SCHEMA_TABLES: readonly TableDef[] = [
  // Read ACL denies non-admins; the list answers 403 (a documented divergence the Test Connection relies on).
  table('sys_db_object', 'Table', ADMIN_READS, [
    nameField(80),
    str('label', 'Label', 80),
    ref('super_class', 'Extends table', 'sys_db_object'),
    bool('is_extendable', 'Extensible'),
    ref('number_ref', 'Auto number', 'sys_number'),
    str('extension_model', 'Extension model', 40),
    str('sys_scope', 'Application', { defaultValue: 'global' }),
    str('access', 'Accessible from', { defaultValue: 'public' }),
    bool('read_access', 'Can read', 'true'),
    bool('create_access', 'Can create', 'true'),
    bool('update_access', 'Can update', 'true'),
    bool('delete_access', 'Can delete', 'true'),
    bool('ws_access', 'Allow access to this table via web services', 'true'),
  ]),
  table('sys_glide_object', 'Field class', ADMIN_WRITES, [nameField(40), str('label', 'Label', 40)]),
  table('sys_dictionary', 'Dictionary Entry', ADMIN_WRITES, [
    str('name', 'Table', 80),
    str('element', 'Column name', 80),
    str('column_label', 'Column label', { maxLength: 80, display: true }),
    ref('internal_type', 'Type', 'sys_glide_object'),
    int('max_length', 'Max length'),
    // Holds the referenced table's name (as the reference's wire value does on an instance).
    str('reference', 'Reference', 80),
    bool('mandatory', 'Mandatory'),
    bool('read_only', 'Read only'),
    bool('active', 'Active', 'true'),
    bool('display', 'Display'),
    str('default_value', 'Default value', 512),
    int('choice', 'Choice', { defaultValue: '0' }),
    str('dependent', 'Dependent', 80),
    str('attributes', 'Attributes', 1000),
  ]),
  table('sys_choice', 'Choices', ADMIN_WRITES, [
    str('name', 'Table', 80),
    str('element', 'Element', 80),
    str('value', 'Value', 40),
    str('label', 'Label', { maxLength: 100, display: true }),
    int('sequence', 'Sequence'),
    bool('inactive', 'Inactive'),
    str('language', 'Language', { defaultValue: 'en' }),
    str('dependent_value', 'Dependent value', 100),
  ]),
  table('sys_number', 'Number', ADMIN_READS, [
    str('category', 'Table', 80),
    str('prefix', 'Prefix', { maxLength: 40, display: true }),
    int('number', 'Number', { defaultValue: '1000' }),
    int('maximum_digits', 'Number of digits', { defaultValue: '7' }),
  ]),
];

/** Operational tables: journals, delete audit and the OAuth data O's routes use (properties: metadata.ts). */
export const OPERATIONAL_TABLES: readonly TableDef[] = [
  table('sys_number_counter', 'Number Counter', ADMIN_READS, [
    str('table', 'Table', { maxLength: 80, display: true }),
    int('number', 'Number', { defaultValue: '0' }),
  ]),
  table('sys_journal_field', 'Journal Entry', ITIL_READS, [
    str('element_id', 'Element ID', 32),
    str('name', 'Table', 80),
    str('element', 'Element', 80),
    str('value', 'Value', { maxLength: 4000, display: true }),
  ]),
  table('sys_audit_delete', 'Deleted Records', ITIL_READS, [
    str('tablename', 'Table', 80),
    str('documentkey', 'Document key', 32),
    str('display_value', 'Display value', { maxLength: 255, display: true }),
    str('payload', 'Payload', 65000),
  ]),
  table('oauth_entity', 'Application Registry', ADMIN_READS, [
    nameField(100),
    str('client_id', 'Client ID', 100),
    { name: 'client_secret', label: 'Client Secret', type: 'password', maxLength: 255 },
    str('redirect_url', 'Redirect URL', 4000),
    int('access_token_lifespan', 'Access Token Lifespan', { defaultValue: '1800' }),
    int('refresh_token_lifespan', 'Refresh Token Lifespan', { defaultValue: '8640000' }),
    bool('public_client', 'Public Client'),
    bool('active', 'Active', 'true'),
    // The user a client_credentials token acts as ("OAuth Application User", added to the form by an admin).
    ref('oauth_application_user', 'OAuth Application User', 'sys_user'),
  ]),
  // JWT bearer grant: the keys that may sign assertions for an application (ServiceNow keeps these as
  // "JWT Verifier Maps" pointing at a certificate; here the PEM sits on the row).
  table('jwt_verifier_map', 'JWT Verifier Maps', ADMIN_READS, [
    nameField(100),
    str('client_id', 'Client ID', 100),
    str('kid', 'Key ID', 100),
    str('public_key', 'Public key or certificate (PEM)', 16000),
    str('issuer', 'Issuer (empty: the client ID)', 255),
    str('user_field', 'User field', { maxLength: 40, defaultValue: 'user_name' }),
    bool('active', 'Active', 'true'),
  ]),
  table('oauth_credential', 'OAuth Credential', ADMIN_READS, [
    // SHA-256 hex of the token: the token itself is never stored.
    str('token', 'Token', { maxLength: 64, display: true }),
    str('token_type', 'Token type', 40),
    ref('user', 'User', 'sys_user'),
    str('client_id', 'Client ID', 100),
    dt('expires', 'Expires'),
    str('scope', 'Scope', 255),
  ]),
];
