import type { SeedUser } from '../seed-people.js';

/**
 * Demo people a PDI has beyond the emulator's original ten (seed-people.ts): the problem and change demo
 * accounts, the Finance department's head and staff, and more agents. None can log in (no password).
 */
export const BASELINE_USERS: readonly SeedUser[] = [
  person('problem.admin', 'Problem', 'Administrator', 'Problem Manager', ['admin', 'itil'], 'IT'),
  person('problem.coordinator.a', 'Problem Coordinator', 'A', 'Problem Coordinator', ['admin', 'itil'], 'IT'),
  person('problem.coordinator.b', 'Problem Coordinator', 'B', 'Problem Coordinator', ['admin', 'itil'], 'IT'),
  person('problem.task.analyst.a', 'Problem Task Analyst', 'A', 'Problem Analyst', ['admin', 'itil'], 'IT'),
  person('change.manager', 'Change', 'Manager', 'Change Manager', ['admin', 'itil'], 'IT'),
  person('natasha.ingram', 'Natasha', 'Ingram', 'Chief Financial Officer', ['admin'], 'Finance'),
  person('lucius.bagnoli', 'Lucius', 'Bagnoli', 'Financial Analyst', [], 'Finance'),
  person('jimmie.barninger', 'Jimmie', 'Barninger', 'Controller', [], 'Finance'),
  person('christen.mitchell', 'Christen', 'Mitchell', 'Payroll Specialist', [], 'Finance'),
  person('bow.ruggeri', 'Bow', 'Ruggeri', 'Network Technician', ['admin', 'itil'], 'IT'),
  person('manifah.masood', 'Manifah', 'Masood', 'Developer', ['admin', 'itil'], 'Development'),
  person('guillermo.frohlich', 'Guillermo', 'Frohlich', 'Developer', ['admin', 'itil'], 'Development'),
  person('howard.johnson', 'Howard', 'Johnson', 'Field Technician', ['admin', 'itil'], 'IT'),
  person('luke.wilson', 'Luke', 'Wilson', 'Service Desk Agent', ['admin', 'itil'], 'IT'),
  person('joe.employee', 'Joe', 'Employee', 'Employee', [], 'Sales'),
  person('guest', 'Guest', '', '', [], 'Sales'),
];

/** Roles beyond seed-people.ts's five. */
export const BASELINE_ROLES: readonly (readonly [string, string])[] = [
  ['user', 'Default role of every user'],
  ['itil_admin', 'ITIL administrator'],
  ['problem_admin', 'Problem administrator'],
  ['problem_coordinator', 'Problem coordinator'],
  ['change_manager', 'Change manager'],
  ['import_set_loader', 'Loads import sets'],
  ['import_transformer', 'Runs and edits transform maps'],
  ['catalog', 'Browses the service catalog'],
];

/** Extra roles granted to the new people (on top of the list in `person`). */
export const BASELINE_EXTRA_ROLES: Readonly<Record<string, readonly string[]>> = {
  'problem.admin': ['problem_admin'],
  'problem.coordinator.a': ['problem_coordinator'],
  'problem.coordinator.b': ['problem_coordinator'],
  'change.manager': ['change_manager'],
};

/** Groups a PDI has beyond seed-people.ts's four, with their members. */
export const BASELINE_GROUPS = [
  { name: 'Software', manager: 'fred.luddy', members: ['fred.luddy', 'howard.johnson'], description: 'Software' },
  {
    name: 'Problem Analyzers',
    manager: 'problem.admin',
    members: ['problem.coordinator.a', 'problem.coordinator.b', 'problem.task.analyst.a'],
    description: 'Problem analysis',
  },
  { name: 'Change Management', manager: 'change.manager', members: ['change.manager'], description: 'CAB' },
  {
    name: 'Application Development',
    manager: 'manifah.masood',
    members: ['manifah.masood', 'guillermo.frohlich'],
    description: 'Application development',
  },
] as const;

/** Roles each group grants its members (sys_group_has_role). */
export const GROUP_ROLES: Readonly<Record<string, readonly string[]>> = {
  'Service Desk': ['itil'],
  Network: ['itil'],
  Hardware: ['itil'],
  Database: ['itil'],
  Software: ['itil'],
  'Problem Analyzers': ['itil', 'problem_coordinator'],
  'Change Management': ['itil', 'change_manager'],
};

/** Department heads (cmn_department.dept_head). */
export const DEPARTMENT_HEADS: Readonly<Record<string, string>> = {
  Finance: 'natasha.ingram',
  IT: 'don.goodliffe',
  Sales: 'abel.tuter',
};

function person(
  userName: string,
  first: string,
  last: string,
  title: string,
  roles: readonly string[],
  department: string,
): SeedUser {
  return { userName, first, last, title, roles, department };
}
