// Fixture data for the encoded-query compiler tests: a small schema (task → incident/problem,
// sys_user → cmn_department) and 27 rows with readable sys_ids. Expected results in the case table
// are written by hand from these rows.
import type { FieldDef, TableDef } from '../../src/emulator/schema/types.js';

const f = (name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label: name,
  type,
  ...extra,
});

export const TABLES: readonly TableDef[] = [
  {
    name: 'cmn_department',
    label: 'Department',
    fields: [
      f('name', 'string', { display: true }),
      f('code', 'string'),
      f('head', 'reference', { reference: 'sys_user' }),
    ],
  },
  {
    name: 'sys_user',
    label: 'User',
    fields: [
      f('user_name', 'string'),
      f('name', 'string', { display: true }),
      f('email', 'email'),
      f('department', 'reference', { reference: 'cmn_department' }),
      f('manager', 'reference', { reference: 'sys_user' }),
      f('active', 'boolean'),
      f('vip', 'boolean'),
      f('birthday', 'glide_date'),
      f('last_login', 'glide_date_time'),
      f('user_password', 'password'),
    ],
  },
  {
    name: 'task',
    label: 'Task',
    extendable: true,
    fields: [
      f('number', 'string'),
      f('short_description', 'string'),
      f('state', 'integer', { choice: true }),
      f('priority', 'integer'),
      f('active', 'boolean'),
      f('assigned_to', 'reference', { reference: 'sys_user' }),
      f('opened_at', 'glide_date_time'),
      f('closed_at', 'glide_date_time'),
      f('due_date', 'glide_date'),
      f('cost', 'decimal'),
      f('parent', 'reference', { reference: 'task' }),
    ],
  },
  {
    name: 'incident',
    label: 'Incident',
    superClass: 'task',
    fields: [f('caller_id', 'reference', { reference: 'sys_user' }), f('category', 'string'), f('severity', 'integer')],
  },
  { name: 'problem', label: 'Problem', superClass: 'task', fields: [f('known_error', 'boolean')] },
];

export type Row = Record<string, string | null>;

const D = (sys_id: string, name: string, code: string, head: string | null): Row => ({ sys_id, name, code, head });
export const DEPARTMENTS: Row[] = [
  D('d1', 'IT', 'IT-01', 'u3'),
  D('d2', 'Finance', 'FIN', 'u2'),
  D('d3', 'R&D_lab 100%', 'RD', null),
];

const U = (
  sys_id: string,
  user_name: string,
  name: string,
  email: string,
  department: string | null,
  manager: string | null,
  active: string | null,
  vip: string | null,
  birthday: string | null,
  last_login: string | null,
): Row => ({
  sys_id,
  user_name,
  name,
  email,
  department,
  manager,
  active,
  vip,
  birthday,
  last_login,
  // Every user has a (fake) password so the tests can show that no query can probe it.
  user_password: `secret-${sys_id}`,
});
export const USERS: Row[] = [
  U(
    'u1',
    'abel.tuter',
    'Abel Tuter',
    'abel.tuter@example.com',
    'd1',
    'u3',
    'true',
    'false',
    '1990-04-01',
    '2026-06-17 09:00:00',
  ),
  U(
    'u2',
    'beth.anglin',
    'Beth Anglin',
    'beth.anglin@example.com',
    'd2',
    'u3',
    'true',
    'true',
    '1985-06-17',
    '2026-06-10 08:00:00',
  ),
  U('u3', 'carol.boss', 'Carol Boss', 'carol@example.com', 'd1', null, 'true', 'true', null, null),
  U('u4', 'dan.idle', 'Dan Idle', '', null, 'u3', 'false', 'false', null, null),
  U('u5', 'eve.ohara', "Eve O'Hara", 'eve@example.com', 'd3', 'u2', 'true', 'false', null, null),
  U('u6', 'fred.luddy', 'Fred Luddy', 'fred@example.com', 'd2', 'u2', null, null, null, null),
];

// Columns: sys_id, class, number, short_description, state, priority, active, assigned_to, opened_at, closed_at,
// due_date, cost, parent, then incident (caller_id, category, severity) or problem (known_error) fields.
const T = (
  sys_id: string,
  sys_class_name: string,
  number: string,
  short_description: string,
  state: string | null,
  priority: string | null,
  active: string,
  assigned_to: string | null,
  opened_at: string | null,
  closed_at: string | null,
  extra: Row = {},
): Row => ({
  sys_id,
  sys_class_name,
  number,
  short_description,
  state,
  priority,
  active,
  assigned_to,
  opened_at,
  closed_at,
  ...extra,
});
export const TASKS: Row[] = [
  T('t1', 'task', 'TASK0001', 'Order laptop', '1', '3', 'true', 'u1', '2026-06-17 08:00:00', null, {
    due_date: '2026-06-20',
    cost: '100.5',
  }),
  T('t2', 'task', 'TASK0002', 'Replace toner', '3', '4', 'false', 'u2', '2026-05-01 10:00:00', '2026-05-02 10:00:00', {
    cost: '9',
  }),
  T('t3', 'task', 'TASK0003', '', null, null, 'true', null, null, null),
  T('i1', 'incident', 'INC0001', 'Email down', '1', '1', 'true', 'u1', '2026-06-17 11:30:00', null, {
    caller_id: 'u2',
    category: 'network',
    severity: '1',
    cost: '1000',
  }),
  T('i2', 'incident', 'INC0002', 'email slow', '2', '2', 'true', 'u2', '2026-06-16 09:00:00', null, {
    caller_id: 'u1',
    category: 'software',
    severity: '2',
    due_date: '2026-06-17',
    cost: '25',
  }),
  T('i3', 'incident', 'INC0003', 'VPN drops ^ sometimes', '2', '3', 'true', 'u3', '2026-06-15 14:00:00', null, {
    caller_id: 'u5',
    category: 'network',
    severity: '3',
    parent: 't1',
  }),
  T(
    'i4',
    'incident',
    'INC0004',
    '100% CPU on db_01',
    '6',
    '2',
    'false',
    'u1',
    '2026-06-01 00:00:00',
    '2026-06-03 12:00:00',
    {
      caller_id: 'u1',
      category: 'database',
      severity: '1',
      cost: '-3',
    },
  ),
  T('i5', 'incident', 'INC0005', 'Printer jam', '7', '5', 'false', 'u4', '2026-01-10 10:00:00', '2026-01-10 11:00:00', {
    caller_id: 'u6',
    category: 'hardware',
    severity: '3',
  }),
  T('i6', 'incident', 'INC0006', "O'Reilly book request", '1', '4', 'true', '', '2026-06-17 00:00:00', null, {
    caller_id: 'u4',
    category: 'inquiry',
    severity: '',
  }),
  T(
    'i7',
    'incident',
    'INC0007',
    'Password reset',
    '6',
    '3',
    'false',
    'u2',
    '2026-06-10 10:00:00',
    '2026-06-10 10:30:00',
    {
      caller_id: 'u1',
      category: 'inquiry',
      severity: '3',
    },
  ),
  T('i8', 'incident', 'INC0008', '100 percent disk', '2', '1', 'true', 'u5', '2026-06-14 23:59:59', null, {
    caller_id: 'u3',
    category: 'Database',
    severity: '1',
    cost: '10',
  }),
  T('i9', 'incident', 'INC0009', 'Laptop_broken', '3', '2', 'true', 'u6', '2026-03-31 12:00:00', null, {
    caller_id: 'u2',
    category: 'hardware',
    severity: '2',
    parent: 'i1',
  }),
  T('i10', 'incident', 'INC0010', 'Network switch', '1', '3', 'true', 'u3', '2026-06-17 11:59:00', null, {
    caller_id: 'u1',
    category: 'network',
    severity: '2',
  }),
  T('i11', 'incident', 'INC0011', 'ALL CAPS ISSUE', '2', '4', 'true', 'u1', '2025-06-17 12:00:00', null, {
    caller_id: 'u5',
    category: 'software',
  }),
  T('p1', 'problem', 'PRB0001', 'Email outages', '101', '2', 'true', 'u3', '2026-06-12 12:00:00', null, {
    known_error: 'true',
  }),
  T(
    'p2',
    'problem',
    'PRB0002',
    'Toner defects',
    '106',
    '4',
    'false',
    'u2',
    '2025-12-31 23:00:00',
    '2026-01-05 00:00:00',
    {
      known_error: 'false',
    },
  ),
  T('p3', 'problem', 'PRB0003', 'VPN stability', '102', '3', 'true', 'u1', '2026-06-16 15:00:00', null, {
    parent: 'i3',
  }),
  T('p4', 'problem', 'PRB0004', 'Disk failures', '103', '1', 'true', null, '2026-06-17 12:00:00', null, {
    known_error: 'true',
  }),
];
