import type { TableDef } from '../types.js';
import { bool, dt, ref, str } from './field-builders.js';

/** Any authenticated user reads people and organisation data; only admin writes it. */
const ADMIN_WRITE: readonly string[] = [];

export const USER_TABLES: readonly TableDef[] = [
  {
    name: 'sys_user',
    label: 'User',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('user_name', 'User ID', { maxLength: 40 }),
      str('first_name', 'First name', { maxLength: 50 }),
      str('last_name', 'Last name', { maxLength: 50 }),
      str('name', 'Name', { maxLength: 151, display: true }),
      { name: 'email', label: 'Email', type: 'email', maxLength: 100 },
      str('title', 'Title', { maxLength: 60 }),
      ref('department', 'Department', 'cmn_department'),
      ref('company', 'Company', 'core_company'),
      ref('location', 'Location', 'cmn_location'),
      ref('manager', 'Manager', 'sys_user'),
      bool('active', 'Active', 'true'),
      bool('locked_out', 'Locked out'),
      str('time_zone', 'Time zone', { maxLength: 40 }),
      str('date_format', 'Date format', { maxLength: 40 }),
      str('time_format', 'Time format', { maxLength: 40 }),
      { name: 'user_password', label: 'Password', type: 'password', maxLength: 255 },
      // Multi-factor for API calls: a base32 TOTP secret (RFC 6238); when set, the password must end in the code.
      { name: 'mfa_totp_secret', label: 'MFA TOTP secret', type: 'password', maxLength: 64 },
      str('roles', 'Roles', { maxLength: 255 }),
      dt('last_login_time', 'Last login time'),
    ],
  },
  {
    name: 'sys_user_group',
    label: 'Group',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 80, display: true }),
      str('description', 'Description', { maxLength: 1000 }),
      ref('manager', 'Manager', 'sys_user'),
      { name: 'email', label: 'Group email', type: 'email', maxLength: 100 },
      bool('active', 'Active', 'true'),
      str('type', 'Type', { maxLength: 1024 }),
    ],
  },
  {
    name: 'sys_user_grmember',
    label: 'Group Member',
    writeRoles: ADMIN_WRITE,
    fields: [ref('group', 'Group', 'sys_user_group', { display: true }), ref('user', 'User', 'sys_user')],
  },
  {
    name: 'sys_user_role',
    label: 'Role',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('description', 'Description', { maxLength: 1000 }),
    ],
  },
  {
    name: 'sys_user_has_role',
    label: 'User Role',
    writeRoles: ADMIN_WRITE,
    fields: [
      ref('user', 'User', 'sys_user'),
      ref('role', 'Role', 'sys_user_role', { display: true }),
      str('state', 'State', { defaultValue: 'active' }),
    ],
  },
  {
    name: 'core_company',
    label: 'Company',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 80, display: true }),
      str('stock_symbol', 'Stock symbol', { maxLength: 40 }),
      str('city', 'City', { maxLength: 50 }),
      str('country', 'Country', { maxLength: 40 }),
      bool('customer', 'Customer'),
      bool('vendor', 'Vendor'),
    ],
  },
  {
    name: 'cmn_department',
    label: 'Department',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('id', 'ID', { maxLength: 40 }),
      ref('company', 'Company', 'core_company'),
      ref('dept_head', 'Department head', 'sys_user'),
    ],
  },
  {
    name: 'cmn_location',
    label: 'Location',
    writeRoles: ADMIN_WRITE,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('street', 'Street', { maxLength: 255 }),
      str('city', 'City', { maxLength: 50 }),
      str('state', 'State / Province', { maxLength: 40 }),
      str('country', 'Country', { maxLength: 40 }),
      ref('company', 'Company', 'core_company'),
    ],
  },
];
