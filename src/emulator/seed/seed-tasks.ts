import { formatDateTime } from '../store/date-time.js';
import { formatNumber } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';
import type { Store } from '../store/store.js';
import type { createRandom } from './random.js';
import type { Put } from './seed.js';

const SERVERS = [
  'lnux100',
  'lnux101',
  'lnux102',
  'lnux103',
  'win2019-app01',
  'win2019-app02',
  'win2019-db01',
  'ora-db01',
  'ora-db02',
  'mail01',
  'vpn-gw01',
  'web01',
];
const SERVICES = ['Email', 'SAP ERP', 'Intranet', 'VPN', 'Payroll'];
const PLAIN_CIS = ['PS LinuxApp01', 'Storage Area Network 001', 'Core Switch London'];
const PROBLEM_STATES = ['101', '102', '103', '104', '104', '106', '106', '107', '107', '101'];
const CHANGE_STATES = ['-5', '-4', '-3', '-2', '-1', '0', '3', '3', '4', '-2'];
const CHANGE_TYPES = ['normal', 'standard', 'emergency'];

/** sys_id of a seeded CI by name. */
export const ciId = (name: string): string =>
  name === 'lnux100' ? '53958ff0c0a801640171ec76aa0c8f86' : fixedId(`cmdb_ci:${name}`);

/** Seeds CIs, their relationships, problems and changes (incidents come from the generator). */
export function seedTasks(store: Store, put: Put, rand: ReturnType<typeof createRandom>, now: Date): void {
  const companies = (store.prepare(`SELECT sys_id FROM core_company ORDER BY rowid`).all() as { sys_id: string }[]).map(
    (r) => r.sys_id,
  );
  const locations = (store.prepare(`SELECT sys_id FROM cmn_location ORDER BY rowid`).all() as { sys_id: string }[]).map(
    (r) => r.sys_id,
  );
  const members = store.prepare(`SELECT "user", "group" FROM sys_user_grmember ORDER BY rowid`).all() as {
    user: string;
    group: string;
  }[];
  const at = (daysAgo: number): string => formatDateTime(new Date(now.getTime() - daysAgo * 86_400_000));
  const ciCommon = (name: string, i: number) => {
    const owner = members[i % members.length];
    return {
      sys_id: ciId(name),
      name,
      company: companies[0] ?? '',
      location: locations[i % locations.length] ?? '',
      support_group: owner?.group ?? '',
      assigned_to: owner?.user ?? '',
      serial_number: `SN-${String(1000 + i)}`,
      asset_tag: `P${String(100000 + i)}`,
      discovery_source: i % 3 === 0 ? 'Manual Entry' : 'ServiceNow',
      install_date: at(300 + i * 7),
      sys_created_on: at(320 + i),
    };
  };
  SERVERS.forEach((name, i) =>
    put('cmdb_ci_server', {
      ...ciCommon(name, i),
      ip_address: `10.0.${Math.floor(i / 4)}.${10 + i}`,
      fqdn: `${name}.example.com`,
      os: name.startsWith('win') ? 'Windows 2019 Standard' : 'Linux Red Hat',
      cpu_count: String(2 ** (1 + (i % 4))),
      ram: String(4096 * (1 + (i % 4))),
      operational_status: i === 11 ? '2' : '1',
    }),
  );
  SERVICES.forEach((name, i) =>
    put('cmdb_ci_service', { ...ciCommon(name, i + 20), busines_criticality: String(1 + (i % 3)) }),
  );
  PLAIN_CIS.forEach((name, i) => put('cmdb_ci', { ...ciCommon(name, i + 40), ip_address: `10.1.0.${i + 1}` }));
  const dependsOn = fixedId('cmdb_rel_type:depends');
  put('cmdb_rel_type', {
    sys_id: dependsOn,
    name: 'Depends on::Used by',
    parent_descriptor: 'Depends on',
    child_descriptor: 'Used by',
  });
  put('cmdb_rel_type', {
    sys_id: fixedId('cmdb_rel_type:runs'),
    name: 'Runs on::Runs',
    parent_descriptor: 'Runs on',
    child_descriptor: 'Runs',
  });
  SERVICES.forEach((service, i) => {
    for (const server of [SERVERS[i * 2], SERVERS[i * 2 + 1]]) {
      if (server === undefined) continue;
      put('cmdb_rel_ci', {
        sys_id: fixedId(`rel:${service}:${server}`),
        parent: ciId(service),
        child: ciId(server),
        type: dependsOn,
      });
    }
  });
  for (let n = 1; n <= 10; n++) {
    const owner = members[n % members.length];
    const state = PROBLEM_STATES[n - 1] ?? '101';
    const opened = at(150 - n * 9);
    put('problem', {
      sys_id: fixedId(`problem:${n}`),
      number: formatNumber('PRB', n),
      short_description: `Recurring failure ${n}: ${rand.pick(['email outages', 'VPN drops', 'slow database', 'disk alerts'])}`,
      problem_statement: 'Several incidents share the same symptom.',
      state,
      active: state === '107' ? 'false' : 'true',
      impact: String(1 + (n % 3)),
      urgency: String(1 + ((n + 1) % 3)),
      priority: String(1 + ((2 * n + 1) % 5)),
      assignment_group: owner?.group ?? '',
      assigned_to: owner?.user ?? '',
      opened_at: opened,
      known_error: n % 4 === 0 ? 'true' : 'false',
      cmdb_ci: ciId(SERVERS[n % SERVERS.length] ?? 'lnux100'),
      sys_created_on: opened,
    });
  }
  for (let n = 1; n <= 10; n++) {
    const owner = members[(n + 1) % members.length];
    const state = CHANGE_STATES[n - 1] ?? '-5';
    const opened = at(120 - n * 8);
    put('change_request', {
      sys_id: fixedId(`change_request:${n}`),
      number: formatNumber('CHG', n),
      short_description: `${rand.pick(['Upgrade', 'Patch', 'Replace', 'Reconfigure'])} ${SERVERS[n % SERVERS.length] ?? 'server'}`,
      type: CHANGE_TYPES[n % 3] ?? 'normal',
      state,
      active: state === '3' || state === '4' ? 'false' : 'true',
      risk: String(2 + (n % 3)),
      category: rand.pick(['Hardware', 'Software', 'Network']),
      assignment_group: owner?.group ?? '',
      assigned_to: owner?.user ?? '',
      requested_by: owner?.user ?? '',
      opened_at: opened,
      start_date: at(100 - n * 8),
      end_date: at(99 - n * 8),
      implementation_plan: 'Follow the standard runbook.',
      backout_plan: 'Restore from the last snapshot.',
      test_plan: 'Smoke test the service.',
      cmdb_ci: ciId(SERVERS[n % SERVERS.length] ?? 'lnux100'),
      sys_created_on: opened,
    });
  }
}
