import { formatDateTime } from '../store/date-time.js';
import type { Row } from '../store/store.js';
import type { createRandom } from './random.js';

/** sys_ids the task generators draw from. */
export interface SeedRefs {
  readonly callers: readonly string[];
  readonly agents: readonly { user: string; userName: string; group: string }[];
  readonly cis: readonly string[];
  readonly companies: readonly string[];
  readonly locations: readonly string[];
}

const SUBJECTS: Record<string, readonly [string, string][]> = {
  inquiry: [
    ['How do I reset my password?', 'email'],
    ['Request for new laptop bag', 'internal_application'],
    ['Question about VPN access', 'internal_application'],
  ],
  software: [
    ['Email client crashes on startup', 'email'],
    ['Operating system update failed', 'operating_system'],
    ['Cannot open shared spreadsheet', 'email'],
  ],
  hardware: [
    ['Laptop will not power on', 'cpu'],
    ['Monitor flickering', 'monitor'],
    ['Disk almost full on workstation', 'disk'],
    ['Keyboard keys sticking', 'keyboard'],
  ],
  network: [
    ['Wireless keeps disconnecting', 'wireless'],
    ['VPN drops every hour', 'vpn'],
    ['DNS lookups slow in London office', 'dns'],
  ],
  database: [
    ['Oracle listener down', 'oracle'],
    ['Slow queries on reporting database', 'ms_sql_server'],
    ['DB2 backup job failed', 'db2'],
  ],
};
const CATEGORIES = Object.keys(SUBJECTS);
const STATES = ['1', '1', '2', '2', '2', '3', '6', '7', '7', '8'];
const CLOSE_CODES = [
  'Solved (Permanently)',
  'Solved (Work Around)',
  'Resolved by caller',
  'Not Solved (Not Reproducible)',
];
const CONTACTS = ['email', 'phone', 'self-service', 'walk-in'];

/** Priority from impact and urgency, as the standard incident priority lookup does. */
export function derivePriority(impact: string, urgency: string): string {
  const i = Number(impact);
  const u = Number(urgency);
  if (!Number.isInteger(i) || !Number.isInteger(u) || i < 1 || i > 3 || u < 1 || u > 3) return '';
  return String(i + u - 1);
}

type Random = ReturnType<typeof createRandom>;

/**
 * One realistic incident (without sys_id/number/system fields), varied in state, priority, category,
 * assignment and caller, opened at a random time within the `spanDays` before `now`.
 */
export function buildIncident(rand: Random, refs: SeedRefs, now: Date, spanDays: number): Row {
  const category = rand.pick(CATEGORIES);
  const [subject, subcategory] = rand.pick(SUBJECTS[category] ?? [['Issue', '']]);
  const state = rand.pick(STATES);
  const impact = String(rand.int(1, 3));
  const urgency = String(rand.int(1, 3));
  const agent = rand.pick(refs.agents);
  const caller = rand.pick(refs.callers);
  const openedMs = now.getTime() - Math.floor(rand.next() * spanDays * 86_400_000) - 3_600_000;
  const opened = formatDateTime(new Date(openedMs));
  const updated = formatDateTime(new Date(Math.min(now.getTime(), openedMs + rand.int(1, 72) * 3_600_000)));
  const closed = state === '6' || state === '7' || state === '8';
  return {
    short_description: subject,
    description: `${subject}. Reported by the caller via the service portal.`,
    category,
    subcategory,
    state,
    incident_state: state,
    active: closed ? 'false' : 'true',
    impact,
    urgency,
    priority: derivePriority(impact, urgency),
    severity: '3',
    caller_id: caller,
    opened_by: caller,
    opened_at: opened,
    assignment_group: state === '1' && rand.next() < 0.3 ? '' : agent.group,
    assigned_to: state === '1' ? '' : agent.user,
    cmdb_ci: rand.next() < 0.6 ? rand.pick(refs.cis) : '',
    company: rand.pick(refs.companies),
    location: rand.pick(refs.locations),
    hold_reason: state === '3' ? '1' : '',
    close_code: closed ? rand.pick(CLOSE_CODES) : '',
    close_notes: closed ? 'Issue resolved and confirmed with the caller.' : '',
    resolved_at: closed ? updated : '',
    resolved_by: closed ? agent.user : '',
    closed_at: state === '7' ? updated : '',
    closed_by: state === '7' ? agent.user : '',
    contact_type: rand.pick(CONTACTS),
    sys_created_on: opened,
    sys_updated_on: updated,
    sys_updated_by: agent.userName,
    sys_mod_count: String(rand.int(0, 8)),
  };
}
