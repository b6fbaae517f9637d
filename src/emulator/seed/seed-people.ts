/** The fixed people and organisation records of the demo dataset (reference §8). */

/** The admin user's well-known sys_id (as on a real instance). */
export const ADMIN_SYS_ID = '6816f79cc0a8016401c5a33be04be441';

export interface SeedUser {
  readonly userName: string;
  readonly first: string;
  readonly last: string;
  readonly title: string;
  readonly roles: readonly string[];
  readonly department: string;
  /** Key into the demo password table; users without one cannot log in. */
  readonly demo?: 'admin' | 'itil.user' | 'readonly.user';
}

export const DEMO_PASSWORDS = { admin: 'admin', 'itil.user': 'itil', 'readonly.user': 'readonly' } as const;

export const ROLES = [
  ['admin', 'Administrator: full access'],
  ['itil', 'ITIL fulfiller: works task records'],
  ['snc_read_only', 'Read-only access to task records'],
  ['rest_api_explorer', 'Uses the REST API Explorer'],
  ['snc_platform_rest_api_access', 'Access to the platform REST APIs'],
] as const;

export const USERS: readonly SeedUser[] = [
  {
    userName: 'admin',
    first: 'System',
    last: 'Administrator',
    title: 'System Administrator',
    roles: ['admin'],
    // A PDI's admin is in Finance (public client tests walk admin → department → dept_head).
    department: 'Finance',
    demo: 'admin',
  },
  {
    userName: 'itil.user',
    first: 'ITIL',
    last: 'User',
    title: 'Service Desk Agent',
    roles: ['itil', 'snc_platform_rest_api_access'],
    department: 'IT',
    demo: 'itil.user',
  },
  {
    userName: 'readonly.user',
    first: 'Read',
    last: 'Only',
    title: 'Auditor',
    roles: ['snc_read_only', 'snc_platform_rest_api_access'],
    department: 'Finance',
    demo: 'readonly.user',
  },
  { userName: 'abel.tuter', first: 'Abel', last: 'Tuter', title: 'Sales Manager', roles: [], department: 'Sales' },
  {
    userName: 'beth.anglin',
    first: 'Beth',
    last: 'Anglin',
    title: 'Network Engineer',
    roles: ['itil'],
    department: 'IT',
  },
  {
    userName: 'david.loo',
    first: 'David',
    last: 'Loo',
    title: 'Hardware Technician',
    roles: ['itil'],
    department: 'IT',
  },
  {
    userName: 'fred.luddy',
    first: 'Fred',
    last: 'Luddy',
    title: 'Database Administrator',
    roles: ['itil'],
    department: 'IT',
  },
  { userName: 'bud.richman', first: 'Bud', last: 'Richman', title: 'Accountant', roles: [], department: 'Finance' },
  {
    userName: 'don.goodliffe',
    first: 'Don',
    last: 'Goodliffe',
    title: 'Service Desk Lead',
    roles: ['itil'],
    department: 'IT',
  },
  {
    userName: 'charlie.whitherspoon',
    first: 'Charlie',
    last: 'Whitherspoon',
    title: 'Recruiter',
    roles: [],
    department: 'HR',
  },
];

export const GROUPS = [
  {
    name: 'Service Desk',
    manager: 'don.goodliffe',
    members: ['itil.user', 'don.goodliffe'],
    description: 'First-line support',
  },
  { name: 'Network', manager: 'beth.anglin', members: ['beth.anglin', 'itil.user'], description: 'Network operations' },
  { name: 'Hardware', manager: 'david.loo', members: ['david.loo'], description: 'Desktop and server hardware' },
  { name: 'Database', manager: 'fred.luddy', members: ['fred.luddy'], description: 'Database administration' },
] as const;

export const COMPANIES = [
  { name: 'ACME North America', stock: 'ACME', city: 'San Diego', country: 'USA' },
  { name: 'ServiceNow', stock: 'NOW', city: 'Santa Clara', country: 'USA' },
  { name: 'Dell Inc.', stock: 'DELL', city: 'Round Rock', country: 'USA' },
] as const;

export const DEPARTMENTS = ['IT', 'Finance', 'Sales', 'HR', 'Development'] as const;

export const LOCATIONS = [
  { name: 'San Diego', street: '3 Ocean Way', city: 'San Diego', state: 'CA', country: 'USA' },
  { name: 'London', street: '1 Thames Street', city: 'London', state: '', country: 'UK' },
  { name: 'Amsterdam', street: 'Keizersgracht 100', city: 'Amsterdam', state: '', country: 'NL' },
  { name: 'Sydney', street: '10 Harbour Road', city: 'Sydney', state: 'NSW', country: 'Australia' },
] as const;
