import type { TableDef } from '../types.js';
import { bool, dt, int, ref, str } from './field-builders.js';

const ADMIN_ONLY: readonly string[] = [];
const TASK_READ = ['itil', 'snc_read_only'];

/**
 * Dictionary tables. Their rows are generated from the TableDefs (see store/schema-rows.ts), so they always
 * agree with what the emulator actually stores.
 */
export const SCHEMA_TABLES: readonly TableDef[] = [
  {
    name: 'sys_db_object',
    label: 'Table',
    // Read ACL denies non-admins; the list answers 403 (a documented divergence the Test Connection relies on).
    readRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Name', { maxLength: 80, display: true }),
      str('label', 'Label', { maxLength: 80 }),
      ref('super_class', 'Extends table', 'sys_db_object'),
      bool('is_extendable', 'Extensible'),
      ref('number_ref', 'Auto number', 'sys_number'),
      str('extension_model', 'Extension model', { maxLength: 40 }),
      str('sys_scope', 'Application', { defaultValue: 'global' }),
      str('access', 'Accessible from', { defaultValue: 'public' }),
      bool('read_access', 'Can read', 'true'),
      bool('create_access', 'Can create', 'true'),
      bool('update_access', 'Can update', 'true'),
      bool('delete_access', 'Can delete', 'true'),
      bool('ws_access', 'Allow access to this table via web services', 'true'),
    ],
  },
  {
    name: 'sys_glide_object',
    label: 'Field class',
    writeRoles: ADMIN_ONLY,
    fields: [str('name', 'Name', { maxLength: 40, display: true }), str('label', 'Label', { maxLength: 40 })],
  },
  {
    name: 'sys_dictionary',
    label: 'Dictionary Entry',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Table', { maxLength: 80 }),
      str('element', 'Column name', { maxLength: 80 }),
      str('column_label', 'Column label', { maxLength: 80, display: true }),
      ref('internal_type', 'Type', 'sys_glide_object'),
      int('max_length', 'Max length'),
      // Holds the referenced table's name (as the reference's wire value does on an instance).
      str('reference', 'Reference', { maxLength: 80 }),
      bool('mandatory', 'Mandatory'),
      bool('read_only', 'Read only'),
      bool('active', 'Active', 'true'),
      bool('display', 'Display'),
      str('default_value', 'Default value', { maxLength: 512 }),
      int('choice', 'Choice', { defaultValue: '0' }),
      str('dependent', 'Dependent', { maxLength: 80 }),
      str('attributes', 'Attributes', { maxLength: 1000 }),
    ],
  },
  {
    name: 'sys_choice',
    label: 'Choices',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Table', { maxLength: 80 }),
      str('element', 'Element', { maxLength: 80 }),
      str('value', 'Value', { maxLength: 40 }),
      str('label', 'Label', { maxLength: 100, display: true }),
      int('sequence', 'Sequence'),
      bool('inactive', 'Inactive'),
      str('language', 'Language', { defaultValue: 'en' }),
      str('dependent_value', 'Dependent value', { maxLength: 100 }),
    ],
  },
  {
    name: 'sys_number',
    label: 'Number',
    readRoles: ADMIN_ONLY,
    fields: [
      str('category', 'Table', { maxLength: 80 }),
      str('prefix', 'Prefix', { maxLength: 40, display: true }),
      int('number', 'Number', { defaultValue: '1000' }),
      int('maximum_digits', 'Number of digits', { defaultValue: '7' }),
    ],
  },
];

/** Operational tables: journals, delete audit and the OAuth data O's routes use (properties: metadata.ts). */
export const OPERATIONAL_TABLES: readonly TableDef[] = [
  {
    name: 'sys_number_counter',
    label: 'Number Counter',
    readRoles: ADMIN_ONLY,
    fields: [str('table', 'Table', { maxLength: 80, display: true }), int('number', 'Number', { defaultValue: '0' })],
  },
  {
    name: 'sys_journal_field',
    label: 'Journal Entry',
    readRoles: TASK_READ,
    writeRoles: ADMIN_ONLY,
    fields: [
      str('element_id', 'Element ID', { maxLength: 32 }),
      str('name', 'Table', { maxLength: 80 }),
      str('element', 'Element', { maxLength: 80 }),
      str('value', 'Value', { maxLength: 4000, display: true }),
    ],
  },
  {
    name: 'sys_audit_delete',
    label: 'Deleted Records',
    readRoles: TASK_READ,
    writeRoles: ADMIN_ONLY,
    fields: [
      str('tablename', 'Table', { maxLength: 80 }),
      str('documentkey', 'Document key', { maxLength: 32 }),
      str('display_value', 'Display value', { maxLength: 255, display: true }),
      str('payload', 'Payload', { maxLength: 65000 }),
    ],
  },
  {
    name: 'oauth_entity',
    label: 'Application Registry',
    readRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('client_id', 'Client ID', { maxLength: 100 }),
      { name: 'client_secret', label: 'Client Secret', type: 'password', maxLength: 255 },
      str('redirect_url', 'Redirect URL', { maxLength: 4000 }),
      int('access_token_lifespan', 'Access Token Lifespan', { defaultValue: '1800' }),
      int('refresh_token_lifespan', 'Refresh Token Lifespan', { defaultValue: '8640000' }),
      bool('public_client', 'Public Client'),
      bool('active', 'Active', 'true'),
      // The user a client_credentials token acts as ("OAuth Application User", added to the form by an admin).
      ref('oauth_application_user', 'OAuth Application User', 'sys_user'),
    ],
  },
  {
    // JWT bearer grant: the keys that may sign assertions for an application (ServiceNow keeps these as
    // "JWT Verifier Maps" pointing at a certificate; here the PEM sits on the row).
    name: 'jwt_verifier_map',
    label: 'JWT Verifier Maps',
    readRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('client_id', 'Client ID', { maxLength: 100 }),
      str('kid', 'Key ID', { maxLength: 100 }),
      str('public_key', 'Public key or certificate (PEM)', { maxLength: 16000 }),
      str('issuer', 'Issuer (empty: the client ID)', { maxLength: 255 }),
      str('user_field', 'User field', { maxLength: 40, defaultValue: 'user_name' }),
      bool('active', 'Active', 'true'),
    ],
  },
  {
    name: 'oauth_credential',
    label: 'OAuth Credential',
    readRoles: ADMIN_ONLY,
    fields: [
      // SHA-256 hex of the token: the token itself is never stored.
      str('token', 'Token', { maxLength: 64, display: true }),
      str('token_type', 'Token type', { maxLength: 40 }),
      ref('user', 'User', 'sys_user'),
      str('client_id', 'Client ID', { maxLength: 100 }),
      dt('expires', 'Expires'),
      str('scope', 'Scope', { maxLength: 255 }),
    ],
  },
];
