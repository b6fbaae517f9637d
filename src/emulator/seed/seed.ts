import { hashPassword } from '../auth/password.js';
import { formatDateTime } from '../store/date-time.js';
import { formatNumber, newRowDefaults } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';
import type { Row, Store } from '../store/store.js';
import { insertIncidents } from './generate.js';
import { createRandom } from './random.js';
import { schemaRows } from './schema-rows.js';
import { formLayoutRows } from './seed-form-layout.js';
import { seedTasks } from './seed-tasks.js';
import { KNOWN_DEPARTMENT_IDS, KNOWN_GROUP_IDS, KNOWN_ROLE_IDS, KNOWN_USER_IDS } from './baseline/known-ids.js';
import {
  BASELINE_EXTRA_ROLES,
  BASELINE_GROUPS,
  BASELINE_ROLES,
  BASELINE_USERS,
  DEPARTMENT_HEADS,
} from './baseline/people.js';
import { seedBaseline } from './baseline/seed-baseline.js';
import {
  ADMIN_SYS_ID,
  COMPANIES,
  DEPARTMENTS,
  DEMO_PASSWORDS,
  GROUPS,
  LOCATIONS,
  ROLES,
  USERS,
} from './seed-people.js';

export type DemoUser = keyof typeof DEMO_PASSWORDS;

export interface SeedOptions {
  readonly now: Date;
  readonly passwords?: Partial<Record<DemoUser, string>>;
  /** Number of incidents; the first 60 are the hand-shaped INC0000001…, the rest are generated. */
  readonly incidents?: number;
  /** Only the dictionary, properties, people and groups: no CIs or task records. */
  readonly minimal?: boolean;
}

/** The number of fixed-numbered seed incidents (INC0000001…INC0000060, reference §8). */
export const SEED_INCIDENTS = 60;

export const userId = (userName: string): string =>
  userName === 'admin' ? ADMIN_SYS_ID : (KNOWN_USER_IDS[userName] ?? fixedId(`sys_user:${userName}`));
export const groupId = (name: string): string => KNOWN_GROUP_IDS[name] ?? fixedId(`sys_user_group:${name}`);
export const companyId = (name: string): string => fixedId(`core_company:${name}`);
export const departmentId = (name: string): string => KNOWN_DEPARTMENT_IDS[name] ?? fixedId(`cmn_department:${name}`);
export const locationId = (name: string): string => fixedId(`cmn_location:${name}`);
export const roleId = (name: string): string => KNOWN_ROLE_IDS[name] ?? fixedId(`sys_user_role:${name}`);

/** A row writer for seeding: fills defaults and system fields, then inserts into the physical table. */
export type Put = (table: string, row: Row) => void;

/** Fills an empty database with the demo dataset (reference §8), in one transaction. */
export function seedDatabase(store: Store, options: SeedOptions): void {
  const { now } = options;
  const rand = createRandom(20260101);
  const past = (maxDays: number): string =>
    formatDateTime(new Date(now.getTime() - Math.floor(rand.next() * maxDays * 86_400_000)));
  const put: Put = (tableName, row) => {
    const table = store.schema.table(tableName);
    if (!table) throw new Error(`seed: unknown table ${tableName}`);
    const created = row.sys_created_on ?? past(400);
    const full = {
      ...newRowDefaults(table, row.sys_id ?? fixedId(`${tableName}:${JSON.stringify(row)}`), 'admin', now),
      sys_updated_on: created,
      sys_created_on: created,
      ...row,
    };
    store.insert(table.physical, full);
  };
  store.db.transaction(() => {
    for (const { table, row } of schemaRows(store.schema))
      put(table, { sys_created_on: '2024-01-01 00:00:00', ...row });
    for (const { table, row } of formLayoutRows()) put(table, { sys_created_on: '2024-01-01 00:00:00', ...row });
    put('sys_properties', {
      sys_id: fixedId('prop:invalid_query'),
      name: 'glide.invalid_query.returns_no_rows',
      value: 'false',
      type: 'true|false',
    });
    put('sys_properties', {
      sys_id: fixedId('prop:cc_grant'),
      name: 'glide.oauth.inbound.client.credential.grant_type.enabled',
      value: 'false',
      type: 'true|false',
    });
    for (const c of COMPANIES)
      put('core_company', {
        sys_id: companyId(c.name),
        name: c.name,
        stock_symbol: c.stock,
        city: c.city,
        country: c.country,
        customer: 'true',
      });
    const hq = companyId(COMPANIES[0].name);
    for (const l of LOCATIONS)
      put('cmn_location', {
        sys_id: locationId(l.name),
        name: l.name,
        street: l.street,
        city: l.city,
        state: l.state,
        country: l.country,
        company: hq,
      });
    for (const d of DEPARTMENTS)
      put('cmn_department', {
        sys_id: departmentId(d),
        name: d,
        id: d.toUpperCase(),
        company: hq,
        dept_head: DEPARTMENT_HEADS[d] === undefined ? '' : userId(DEPARTMENT_HEADS[d]),
      });
    for (const [name, description] of [...ROLES, ...BASELINE_ROLES])
      put('sys_user_role', { sys_id: roleId(name), name, description });
    const passwords = { ...DEMO_PASSWORDS, ...options.passwords };
    [...USERS, ...BASELINE_USERS].forEach((u, i) => {
      const roles = [...u.roles, ...(BASELINE_EXTRA_ROLES[u.userName] ?? [])];
      const id = userId(u.userName);
      put('sys_user', {
        sys_id: id,
        user_name: u.userName,
        first_name: u.first,
        last_name: u.last,
        name: `${u.first} ${u.last}`.trim(),
        email: `${u.userName}@example.com`,
        title: u.title,
        department: departmentId(u.department),
        company: hq,
        location: locationId(LOCATIONS[i % LOCATIONS.length]?.name ?? 'San Diego'),
        manager: u.userName === 'admin' ? '' : ADMIN_SYS_ID,
        time_zone: '',
        roles: roles.join(','),
        // Salt from the sys_id so the memoised hash is reused across resets.
        user_password: u.demo === undefined ? '' : hashPassword(passwords[u.demo], id),
      });
      for (const role of roles)
        put('sys_user_has_role', {
          sys_id: fixedId(`has_role:${u.userName}:${role}`),
          user: id,
          role: roleId(role),
          state: 'active',
        });
    });
    for (const g of [...GROUPS, ...BASELINE_GROUPS]) {
      put('sys_user_group', {
        sys_id: groupId(g.name),
        name: g.name,
        description: g.description,
        manager: userId(g.manager),
        email: `${g.name.toLowerCase().replace(/ /g, '.')}@example.com`,
        type: 'itil',
      });
      for (const m of g.members)
        put('sys_user_grmember', {
          sys_id: fixedId(`grmember:${g.name}:${m}`),
          group: groupId(g.name),
          user: userId(m),
        });
    }
    seedBaseline(put, { userId, groupId, roleId }, options.minimal === true);
    if (options.minimal === true) return;
    seedTasks(store, put, rand, now);
    const total = options.incidents ?? SEED_INCIDENTS;
    insertIncidents(store, Math.min(total, SEED_INCIDENTS), now, { fixedNumbering: { start: 1 }, seed: 60 });
    if (total > SEED_INCIDENTS) insertIncidents(store, total - SEED_INCIDENTS, now);
    seedJournal(put, now);
  })();
  store.touch();
}

/** A few journal entries so display_value=true shows history on the first incidents. */
function seedJournal(put: Put, now: Date): void {
  for (let n = 1; n <= 5; n++) {
    const incident = fixedId(`incident:${n}`);
    const stamp = formatDateTime(new Date(now.getTime() - (10 - n) * 3_600_000));
    put('sys_journal_field', {
      sys_id: fixedId(`journal:${n}:c`),
      element_id: incident,
      name: 'incident',
      element: 'comments',
      value: `Customer reports the problem again (${formatNumber('INC', n)}).`,
      sys_created_on: stamp,
      sys_created_by: 'abel.tuter',
    });
    put('sys_journal_field', {
      sys_id: fixedId(`journal:${n}:w`),
      element_id: incident,
      name: 'incident',
      element: 'work_notes',
      value: 'Investigating logs.',
      sys_created_on: stamp,
      sys_created_by: 'itil.user',
    });
  }
}
