/** One sys_choice row as plain data (reference §5 and §8). */
export interface ChoiceDef {
  readonly table: string;
  readonly element: string;
  readonly value: string;
  readonly label: string;
  readonly dependentValue?: string;
}

const list = (table: string, element: string, pairs: readonly (readonly [string, string])[]): ChoiceDef[] =>
  pairs.map(([value, label]) => ({ table, element, value, label }));

/** Choices whose value is their label. */
const sameAsLabel = (table: string, element: string, labels: readonly string[]): ChoiceDef[] =>
  labels.map((label) => ({ table, element, value: label, label }));

const dependent = (table: string, element: string, on: string, values: readonly string[]): ChoiceDef[] =>
  values.map((label) => ({ table, element, value: label.toLowerCase().replace(/ /g, '_'), label, dependentValue: on }));

const HIGH_MEDIUM_LOW = [
  ['1', '1 - High'],
  ['2', '2 - Medium'],
  ['3', '3 - Low'],
] as const;

/** incident.state and the older incident.incident_state share one list. */
const INCIDENT_STATES = [
  ['1', 'New'],
  ['2', 'In Progress'],
  ['3', 'On Hold'],
  ['6', 'Resolved'],
  ['7', 'Closed'],
  ['8', 'Canceled'],
] as const;

/** The choice lists the emulator serves through sys_choice and uses for display values. */
export const CHOICES: readonly ChoiceDef[] = [
  ...list('task', 'state', [
    ['-5', 'Pending'],
    ['1', 'Open'],
    ['2', 'Work in Progress'],
    ['3', 'Closed Complete'],
    ['4', 'Closed Incomplete'],
    ['7', 'Closed Skipped'],
  ]),
  ...list('task', 'impact', HIGH_MEDIUM_LOW),
  ...list('task', 'urgency', HIGH_MEDIUM_LOW),
  ...list('task', 'priority', [
    ['1', '1 - Critical'],
    ['2', '2 - High'],
    ['3', '3 - Moderate'],
    ['4', '4 - Low'],
    ['5', '5 - Planning'],
  ]),
  ...list('task', 'approval', [
    ['not requested', 'Not Yet Requested'],
    ['requested', 'Requested'],
    ['approved', 'Approved'],
    ['rejected', 'Rejected'],
  ]),
  ...list('task', 'escalation', [
    ['0', 'Normal'],
    ['1', 'Moderate'],
    ['2', 'High'],
    ['3', 'Overdue'],
  ]),
  ...list('task', 'contact_type', [
    ['email', 'Email'],
    ['phone', 'Phone'],
    ['self-service', 'Self-service'],
    ['walk-in', 'Walk-in'],
  ]),
  ...list('incident', 'state', INCIDENT_STATES),
  ...list('incident', 'incident_state', INCIDENT_STATES),
  ...list('incident', 'category', [
    ['inquiry', 'Inquiry / Help'],
    ['software', 'Software'],
    ['hardware', 'Hardware'],
    ['network', 'Network'],
    ['database', 'Database'],
  ]),
  ...dependent('incident', 'subcategory', 'inquiry', ['Antivirus', 'Email', 'Internal Application']),
  ...dependent('incident', 'subcategory', 'software', ['Email', 'Operating System']),
  ...dependent('incident', 'subcategory', 'hardware', ['CPU', 'Disk', 'Keyboard', 'Memory', 'Monitor', 'Mouse']),
  ...dependent('incident', 'subcategory', 'network', ['DHCP', 'DNS', 'IP Address', 'VPN', 'Wireless']),
  ...dependent('incident', 'subcategory', 'database', ['DB2', 'MS SQL Server', 'Oracle']),
  ...sameAsLabel('incident', 'close_code', [
    'Duplicate',
    'Known error',
    'No resolution provided',
    'Resolved by caller',
    'Resolved by change',
    'Resolved by problem',
    'Rejected',
    'Solution provided',
    'Workaround provided',
    'Solved (Permanently)',
    'Solved (Work Around)',
    'Not Solved (Not Reproducible)',
  ]),
  ...list('incident', 'hold_reason', [
    ['1', 'Awaiting Caller'],
    ['3', 'Awaiting Problem'],
    ['4', 'Awaiting User Info'],
    ['5', 'Awaiting Evidence'],
    ['2', 'Awaiting Change'],
    ['6', 'Awaiting Vendor'],
  ]),
  ...list('incident', 'severity', HIGH_MEDIUM_LOW),
  ...list('problem', 'state', [
    ['101', 'New'],
    ['102', 'Assess'],
    ['103', 'Root Cause Analysis'],
    ['104', 'Fix in Progress'],
    ['106', 'Resolved'],
    ['107', 'Closed'],
  ]),
  ...list('problem', 'resolution_code', [
    ['fix_applied', 'Fix Applied'],
    ['risk_accepted', 'Risk Accepted'],
    ['canceled', 'Canceled'],
    ['duplicate', 'Duplicate'],
  ]),
  ...list('change_request', 'state', [
    ['-5', 'New'],
    ['-4', 'Assess'],
    ['-3', 'Authorize'],
    ['-2', 'Scheduled'],
    ['-1', 'Implement'],
    ['0', 'Review'],
    ['3', 'Closed'],
    ['4', 'Canceled'],
  ]),
  ...list('change_request', 'type', [
    ['standard', 'Standard'],
    ['normal', 'Normal'],
    ['emergency', 'Emergency'],
  ]),
  ...list('change_request', 'risk', [
    ['1', 'Very High'],
    ['2', 'High'],
    ['3', 'Moderate'],
    ['4', 'Low'],
  ]),
  ...sameAsLabel('change_request', 'category', ['Hardware', 'Software', 'Network', 'Other']),
  ...list('cmdb', 'operational_status', [
    ['1', 'Operational'],
    ['2', 'Non-Operational'],
    ['3', 'Repair in Progress'],
    ['6', 'Retired'],
  ]),
  ...list('cmdb', 'install_status', [
    ['1', 'Installed'],
    ['3', 'In Maintenance'],
    ['6', 'In Stock'],
    ['7', 'Retired'],
  ]),
  ...sameAsLabel('cmdb', 'discovery_source', ['ServiceNow', 'Manual Entry', 'SCCM']),
  ...list('cmdb_ci_service', 'busines_criticality', [
    ['1', '1 - most critical'],
    ['2', '2 - somewhat critical'],
    ['3', '3 - less critical'],
  ]),
];
