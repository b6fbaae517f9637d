import type { TableDef } from '../types.js';
import { ADMIN_WRITES } from './access.js';
import { bool, dt, nameField, ref, str, table } from './field-builders.js';

/** Any authenticated user reads people and organisation data; only admin writes it. */
export const USER_TABLES: readonly TableDef[] = [
  table('sys_user', 'User', ADMIN_WRITES, [
    str('user_name', 'User ID', 40),
    str('first_name', 'First name', 50),
    str('last_name', 'Last name', 50),
    nameField(151),
    { name: 'email', label: 'Email', type: 'email', maxLength: 100 },
    str('title', 'Title', 60),
    ref('department', 'Department', 'cmn_department'),
    ref('company', 'Company', 'core_company'),
    ref('location', 'Location', 'cmn_location'),
    ref('manager', 'Manager', 'sys_user'),
    bool('active', 'Active', 'true'),
    bool('locked_out', 'Locked out'),
    str('time_zone', 'Time zone', 40),
    str('date_format', 'Date format', 40),
    str('time_format', 'Time format', 40),
    { name: 'user_password', label: 'Password', type: 'password', maxLength: 255 },
    // Multi-factor for API calls: a base32 TOTP secret (RFC 6238); when set, the password must end in the code.
    { name: 'mfa_totp_secret', label: 'MFA TOTP secret', type: 'password', maxLength: 64 },
    str('roles', 'Roles', 255),
    dt('last_login_time', 'Last login time'),
  ]),
  table('sys_user_group', 'Group', ADMIN_WRITES, [
    nameField(80),
    str('description', 'Description', 1000),
    ref('manager', 'Manager', 'sys_user'),
    { name: 'email', label: 'Group email', type: 'email', maxLength: 100 },
    bool('active', 'Active', 'true'),
    str('type', 'Type', 1024),
  ]),
  table('sys_user_grmember', 'Group Member', ADMIN_WRITES, [
    ref('group', 'Group', 'sys_user_group', { display: true }),
    ref('user', 'User', 'sys_user'),
  ]),
  table('sys_user_role', 'Role', ADMIN_WRITES, [nameField(100), str('description', 'Description', 1000)]),
  table('sys_user_has_role', 'User Role', ADMIN_WRITES, [
    ref('user', 'User', 'sys_user'),
    ref('role', 'Role', 'sys_user_role', { display: true }),
    str('state', 'State', { defaultValue: 'active' }),
  ]),
  table('core_company', 'Company', ADMIN_WRITES, [
    nameField(80),
    str('stock_symbol', 'Stock symbol', 40),
    str('city', 'City', 50),
    str('country', 'Country', 40),
    bool('customer', 'Customer'),
    bool('vendor', 'Vendor'),
  ]),
  table('cmn_department', 'Department', ADMIN_WRITES, [
    nameField(100),
    str('id', 'ID', 40),
    ref('company', 'Company', 'core_company'),
    ref('dept_head', 'Department head', 'sys_user'),
  ]),
  table('cmn_location', 'Location', ADMIN_WRITES, [
    nameField(100),
    str('street', 'Street', 255),
    str('city', 'City', 50),
    str('state', 'State / Province', 40),
    str('country', 'Country', 40),
    ref('company', 'Company', 'core_company'),
  ]),
];
