// Table-driven suite: each encoded query runs against the fixture and must return exactly the sys_ids
// written by hand from the fixture data (query-fixture.ts). `ordered` cases also check the order.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createFixture } from './query-fixture.js';

interface Case {
  readonly table: string;
  readonly query: string;
  readonly expected: readonly string[];
  readonly ordered?: boolean;
  /** Terms expected in invalidTerms (exactly), when the case is about dropping. */
  readonly invalid?: readonly string[];
}

const ALL_INCIDENTS = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9', 'i10', 'i11'];
const ALL_USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const ALL_TASKS = ['t1', 't2', 't3', ...ALL_INCIDENTS, 'p1', 'p2', 'p3', 'p4'];
const TODAY = '@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()';

const CASES: readonly Case[] = [
  // Booleans, equality and SQL-style negation (which matches empty values).
  { table: 'incident', query: 'active=true', expected: ['i1', 'i2', 'i3', 'i6', 'i8', 'i9', 'i10', 'i11'] },
  { table: 'incident', query: 'active=TRUE', expected: ['i1', 'i2', 'i3', 'i6', 'i8', 'i9', 'i10', 'i11'] },
  { table: 'incident', query: 'active=1', expected: ['i1', 'i2', 'i3', 'i6', 'i8', 'i9', 'i10', 'i11'] },
  { table: 'incident', query: 'active=false', expected: ['i4', 'i5', 'i7'] },
  { table: 'task', query: 'active!=true', expected: ['t2', 'i4', 'i5', 'i7', 'p2'] },
  { table: 'sys_user', query: 'vip=1', expected: ['u2', 'u3'] },
  { table: 'sys_user', query: 'vip!=true', expected: ['u1', 'u4', 'u5', 'u6'] },
  { table: 'sys_user', query: 'active=false', expected: ['u4'] },
  { table: 'incident', query: 'priority=1', expected: ['i1', 'i8'] },
  { table: 'incident', query: 'priority!=1', expected: ['i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i9', 'i10', 'i11'] },
  {
    table: 'task',
    query: 'state!=2',
    expected: ['t1', 't2', 't3', 'i1', 'i4', 'i5', 'i6', 'i7', 'i9', 'i10', 'p1', 'p2', 'p3', 'p4'],
  },
  { table: 'task', query: 'priority=', expected: ['t3'] },
  { table: 'task', query: 'priorityIN,5', expected: ['t3', 'i5'] },
  // Case-insensitive string values.
  { table: 'incident', query: 'category=database', expected: ['i4', 'i8'] },
  { table: 'incident', query: 'category!=network', expected: ['i2', 'i4', 'i5', 'i6', 'i7', 'i8', 'i9', 'i11'] },
  { table: 'incident', query: 'caller_id.name=beth anglin', expected: ['i1', 'i9'] },
  // LIKE family, with literal % and _.
  { table: 'incident', query: 'short_descriptionLIKEemail', expected: ['i1', 'i2'] },
  { table: 'task', query: 'short_description*EMAIL', expected: ['i1', 'i2', 'p1'] },
  { table: 'incident', query: 'short_descriptionNOT LIKEemail', expected: ALL_INCIDENTS.slice(2) },
  { table: 'incident', query: 'short_description!*e', expected: ['i4'] },
  { table: 'task', query: 'short_descriptionSTARTSWITHp', expected: ['i5', 'i7'] },
  { table: 'task', query: 'short_descriptionENDSWITHdown', expected: ['i1'] },
  { table: 'task', query: 'short_description%DOWN', expected: ['i1'] },
  { table: 'task', query: 'short_descriptionLIKE100%', expected: ['i4'] },
  { table: 'task', query: 'short_descriptionLIKE_', expected: ['i4', 'i9'] },
  { table: 'cmn_department', query: 'nameLIKE%', expected: ['d3'] },
  { table: 'cmn_department', query: 'name=r&d_LAB 100%', expected: ['d3'] },
  // Empty and NULL are the same value.
  { table: 'task', query: 'short_descriptionISEMPTY', expected: ['t3'] },
  { table: 'task', query: 'assigned_toISEMPTY', expected: ['t3', 'i6', 'p4'] },
  { table: 'task', query: 'assigned_toEMPTYSTRING', expected: ['t3', 'i6', 'p4'] },
  {
    table: 'task',
    query: 'assigned_toISNOTEMPTY',
    expected: ['t1', 't2', 'i1', 'i2', 'i3', 'i4', 'i5', 'i7', 'i8', 'i9', 'i10', 'i11', 'p1', 'p2', 'p3'],
  },
  { table: 'incident', query: 'categoryANYTHING', expected: ALL_INCIDENTS },
  // Numeric comparisons (decimal strings compared as numbers, not text).
  { table: 'incident', query: 'priority<3', expected: ['i1', 'i2', 'i4', 'i8', 'i9'] },
  { table: 'incident', query: 'priority>=4', expected: ['i5', 'i6', 'i11'] },
  { table: 'task', query: 'cost>50', expected: ['t1', 'i1'] },
  { table: 'task', query: 'cost<10', expected: ['t2', 'i4'] },
  { table: 'task', query: 'costBETWEEN9@100.5', expected: ['t1', 't2', 'i2', 'i8'] },
  { table: 'sys_user', query: 'user_name<c', expected: ['u1', 'u2'] },
  // IN / NOT IN.
  { table: 'incident', query: 'priorityIN1,5', expected: ['i1', 'i5', 'i8'] },
  { table: 'incident', query: 'priorityNOT IN1,2,3', expected: ['i5', 'i6', 'i11'] },
  { table: 'incident', query: 'categoryINnetwork,DATABASE', expected: ['i1', 'i3', 'i4', 'i8', 'i10'] },
  { table: 'sys_user', query: "nameINabel tuter,EVE O'HARA", expected: ['u1', 'u5'] },
  { table: 'task', query: 'sys_idINt1,i1', expected: ['t1', 'i1'] },
  // Precedence of ^, ^OR and ^NQ.
  { table: 'incident', query: 'priority=1^ORpriority=2^active=true', expected: ['i1', 'i2', 'i8', 'i9'] },
  { table: 'incident', query: 'active=true^priority=1^ORpriority=5', expected: ['i1', 'i8'] },
  { table: 'incident', query: 'priority=5^NQcategory=inquiry^active=true', expected: ['i5', 'i6'] },
  {
    table: 'incident',
    query: 'priority=5^NQcategory=inquiry^NQseverity=1',
    expected: ['i1', 'i4', 'i5', 'i6', 'i7', 'i8'],
  },
  // Dot-walks, one and two levels.
  { table: 'incident', query: 'caller_id.department.name=IT', expected: ['i2', 'i4', 'i7', 'i8', 'i10'] },
  { table: 'task', query: 'assigned_to.department.nameSTARTSWITHr&d', expected: ['i8'] },
  {
    table: 'incident',
    query: 'caller_id.manager.name=carol boss',
    expected: ['i1', 'i2', 'i4', 'i6', 'i7', 'i9', 'i10'],
  },
  { table: 'incident', query: 'caller_id.department.nameISEMPTY', expected: ['i6'] },
  // ^^ is a literal ^.
  { table: 'task', query: 'short_description=VPN drops ^^ sometimes', expected: ['i3'] },
  { table: 'task', query: 'short_descriptionLIKE^^^active=true', expected: ['i3'] },
  // Ordering (checked in order).
  { table: 'incident', query: 'active=false^ORDERBYpriority', expected: ['i4', 'i7', 'i5'], ordered: true },
  { table: 'incident', query: 'active=false^ORDERBYDESCpriority', expected: ['i5', 'i7', 'i4'], ordered: true },
  { table: 'incident', query: 'active=false^GROUPBYpriority', expected: ['i4', 'i7', 'i5'], ordered: true },
  {
    table: 'task',
    query: 'cost!=^ORDERBYcost',
    expected: ['i4', 't2', 'i8', 'i2', 't1', 'i1'],
    ordered: true,
  },
  {
    table: 'incident',
    query: 'ORDERBYstate^stateIN1,2^ORDERBYDESCnumber',
    expected: ['i10', 'i6', 'i1', 'i11', 'i8', 'i3', 'i2'],
    ordered: true,
  },
  {
    table: 'incident',
    query: 'stateIN6,7^ORDERBYDESCcaller_id.name^ORDERBYnumber',
    expected: ['i5', 'i4', 'i7'],
    ordered: true,
  },
  { table: 'incident', query: '^ORDERBYDESCnumber', expected: [...ALL_INCIDENTS].reverse(), ordered: true },
  // javascript: dates against now = Wed 2026-06-17 12:00:00 UTC.
  { table: 'task', query: 'opened_at>javascript:gs.beginningOfToday()', expected: ['t1', 'i1', 'i10', 'p4'] },
  { table: 'task', query: 'opened_at>=javascript:gs.beginningOfToday()', expected: ['t1', 'i1', 'i6', 'i10', 'p4'] },
  { table: 'task', query: `opened_atONToday${TODAY}`, expected: ['t1', 'i1', 'i6', 'i10', 'p4'] },
  {
    table: 'task',
    query: 'opened_atONThis week@javascript:gs.beginningOfThisWeek()@javascript:gs.endOfThisWeek()',
    expected: ['t1', 'i1', 'i2', 'i3', 'i6', 'i10', 'p3', 'p4'],
  },
  {
    table: 'task',
    query: `opened_atNOTONToday${TODAY}`,
    expected: ['t2', 't3', 'i2', 'i3', 'i4', 'i5', 'i7', 'i8', 'i9', 'i11', 'p1', 'p2', 'p3'],
  },
  { table: 'task', query: 'opened_at<javascript:gs.daysAgoStart(30)', expected: ['t2', 'i5', 'i9', 'i11', 'p2'] },
  {
    table: 'task',
    query:
      "opened_atBETWEENjavascript:gs.dateGenerate('2026-06-01','start')@javascript:gs.dateGenerate('2026-06-10','end')",
    expected: ['i4', 'i7'],
  },
  {
    table: 'task',
    query: 'opened_at>javascript:gs.dateGenerate("2026-06-16 12:00:00")',
    expected: ['t1', 'i1', 'i6', 'i10', 'p3', 'p4'],
  },
  { table: 'task', query: 'opened_at>javascript:gs.daysAgo(1)', expected: ['t1', 'i1', 'i6', 'i10', 'p3', 'p4'] },
  { table: 'task', query: 'opened_at>javascript:gs.minutesAgo(1)', expected: ['p4'] },
  {
    table: 'task',
    query: 'opened_atBETWEENjavascript:gs.beginningOfLastMonth()@javascript:gs.endOfLastMonth()',
    expected: ['t2'],
  },
  { table: 'task', query: 'opened_at<javascript:gs.beginningOfThisYear()', expected: ['i11', 'p2'] },
  {
    table: 'task',
    query: 'opened_atONQ1@javascript:gs.beginningOfLastQuarter()@javascript:gs.endOfLastQuarter()',
    expected: ['i5', 'i9'],
  },
  {
    table: 'task',
    query: 'opened_at>=javascript:gs.monthsAgoStart(5)^opened_at<javascript:gs.monthsAgoStart(4)',
    expected: ['i5'],
  },
  { table: 'task', query: 'opened_atRELATIVEGT@hour@ago@1', expected: ['i1', 'i10', 'p4'] },
  { table: 'task', query: 'opened_atRELATIVELE@year@ago@1', expected: ['i11'] },
  { table: 'task', query: 'opened_atRELATIVEEE@day@ago@1', expected: ['i2', 'p3'] },
  { table: 'task', query: 'opened_atRELATIVEGE@dayofweek@ago@1', expected: ['t1', 'i1', 'i6', 'i10', 'p3', 'p4'] },
  { table: 'incident', query: 'GOTOnumber>=INC0010', expected: ['i10', 'i11'] },
  { table: 'task', query: 'opened_at>2026-06-17', expected: ['t1', 'i1', 'i10', 'p4'] },
  { table: 'task', query: 'due_date<=javascript:gs.now()', expected: ['i2'] },
  { table: 'sys_user', query: 'birthday=1985-06-17', expected: ['u2'] },
  {
    table: 'task',
    query: "opened_atDATEPARTMonday@javascript:gs.datePart('dayofweek','monday','EQ')",
    expected: ['i3', 'i4'],
  },
  {
    table: 'task',
    query: "opened_atDATEPARTJune@javascript:gs.datePart('month','june','EQ')",
    expected: ['t1', 'i1', 'i2', 'i3', 'i4', 'i6', 'i7', 'i8', 'i10', 'i11', 'p1', 'p3', 'p4'],
  },
  {
    table: 'task',
    query: "opened_atDATEPARTNoon or later@javascript:gs.datePart('hour','12','GE')",
    expected: ['i3', 'i8', 'i9', 'i11', 'p1', 'p2', 'p3', 'p4'],
  },
  {
    table: 'incident',
    query: "opened_atDATEPARTx@javascript:gs.datePart('century','1','EQ')^priority=5",
    expected: ['i5'],
    invalid: ["opened_atDATEPARTx@javascript:gs.datePart('century','1','EQ')"],
  },
  // The caller: gs.getUserID() and DYNAMIC "Me".
  { table: 'task', query: 'assigned_to=javascript:gs.getUserID()', expected: ['t1', 'i1', 'i4', 'i11', 'p3'] },
  {
    table: 'task',
    query: 'assigned_toDYNAMIC90d1921e5f510100a9ad2572f2b477fe',
    expected: ['t1', 'i1', 'i4', 'i11', 'p3'],
  },
  // Classes.
  { table: 'task', query: 'sys_class_nameINSTANCEOFincident', expected: ALL_INCIDENTS },
  { table: 'task', query: 'sys_class_nameINSTANCEOFtask', expected: ALL_TASKS },
  { table: 'task', query: 'sys_class_name=problem', expected: ['p1', 'p2', 'p3', 'p4'] },
  // Field-to-field comparisons.
  { table: 'incident', query: 'caller_idSAMEASassigned_to', expected: ['i4'] },
  { table: 'incident', query: 'caller_idNSAMEASassigned_to', expected: ALL_INCIDENTS.filter((id) => id !== 'i4') },
  { table: 'task', query: 'closed_atGT_FIELDopened_at', expected: ['t2', 'i4', 'i5', 'i7', 'p2'] },
  { table: 'incident', query: 'priorityGT_FIELDseverity', expected: ['i4', 'i5', 'i10'] },
  {
    table: 'incident',
    query: 'priorityLT_OR_EQUALS_FIELDseverity',
    expected: ['i1', 'i2', 'i3', 'i7', 'i8', 'i9'],
  },
  { table: 'task', query: 'closed_atMORETHANopened_at@hour@after@24', expected: ['i4', 'p2'] },
  { table: 'task', query: 'closed_atLESSTHANopened_at@hour@after@2', expected: ['i5', 'i7'] },
  { table: 'task', query: 'parentIN_HIERARCHYt1', expected: ['i3', 'p3'] },
  { table: 'sys_user', query: 'managerIN_HIERARCHYu3', expected: ['u1', 'u2', 'u4'] },
  // Text search and related-list counts.
  { table: 'incident', query: '123TEXTQUERY321=reset', expected: ['i7'] },
  { table: 'incident', query: '123TEXTQUERY321=NETWORK', expected: ['i1', 'i3', 'i10'] },
  { table: 'sys_user', query: 'RLQUERYincident.caller_id,>=2^active=true^ENDRLQUERY', expected: ['u1', 'u2', 'u5'] },
  { table: 'sys_user', query: 'RLQUERYproblem.assigned_to,>=1^ENDRLQUERY^vip=true', expected: ['u2', 'u3'] },
  { table: 'incident', query: 'JOINincident.caller_id=sys_user.sys_id!vip=true', expected: ['i1', 'i8', 'i9'] },
  { table: 'sys_user', query: 'JOINsys_user.sys_id=incident.caller_id!active=false', expected: ['u1', 'u6'] },
  { table: 'sys_user', query: 'JOINsys_user.sys_id=problem.assigned_to!', expected: ['u1', 'u2', 'u3'] },
  {
    table: 'incident',
    query: 'JOINfoo.bar=sys_user.sys_id!vip=true^priority=5',
    expected: ['i5'],
    invalid: ['JOINfoo.bar=sys_user.sys_id!vip=true'],
  },
  // Invalid terms are dropped without widening.
  { table: 'incident', query: 'nosuchfield=1^priority=1', expected: ['i1', 'i8'], invalid: ['nosuchfield=1'] },
  { table: 'incident', query: 'priority=1^ORbogus=2', expected: ['i1', 'i8'], invalid: ['bogus=2'] },
  { table: 'incident', query: 'bogus=2^ORpriority=5^active=false', expected: ['i5'], invalid: ['bogus=2'] },
  // A value the field's type cannot hold keeps its term, which matches nothing (never widens the filter).
  { table: 'incident', query: 'priority=abc^active=false', expected: [] },
  { table: 'incident', query: 'priority=abc^ORactive=false', expected: ['i4', 'i5', 'i7'] },
  { table: 'incident', query: 'active=maybe', expected: [] },
  { table: 'incident', query: 'active!=maybe', expected: ALL_INCIDENTS },
  { table: 'incident', query: 'priorityINabc,def', expected: [] },
  { table: 'incident', query: 'priorityIN1,abc', expected: ['i1', 'i8'] },
  { table: 'incident', query: 'priorityNOT INabc', expected: ALL_INCIDENTS },
  { table: 'incident', query: 'priorityBETWEENx@5', expected: [] },
  { table: 'incident', query: 'opened_atONx@notadate@2026-06-17', expected: [] },
  // =NULL / !=NULL are is-empty / is-not-empty (reference §5).
  { table: 'task', query: 'assigned_to=NULL', expected: ['t3', 'i6', 'p4'] },
  { table: 'task', query: 'priority=NULL', expected: ['t3'] },
  { table: 'incident', query: 'priority=1^NQbogus=1', expected: ['i1', 'i8'], invalid: ['bogus=1'] },
  {
    table: 'incident',
    query: 'opened_at>javascript:gs.evil()^priority=5',
    expected: ['i5'],
    invalid: ['opened_at>javascript:gs.evil()'],
  },
  { table: 'incident', query: 'priority~1^priority=5', expected: ['i5'], invalid: ['priority~1'] },
  {
    table: 'incident',
    query: 'caller_id.nope.name=x^priority=5',
    expected: ['i5'],
    invalid: ['caller_id.nope.name=x'],
  },
  { table: 'incident', query: 'priorityVALCHANGES^priority=5', expected: ['i5'], invalid: ['priorityVALCHANGES'] },
  { table: 'incident', query: 'opened_at>2026-02-30^priority=5', expected: [] },
  { table: 'incident', query: 'opened_at>notadate', expected: [] },
  {
    table: 'incident',
    query: 'opened_atRELATIVEGT@year@ago@999999^priority=5',
    expected: ['i5'],
    invalid: ['opened_atRELATIVEGT@year@ago@999999'],
  },
  { table: 'incident', query: 'priority=5^ORDERBYbogus', expected: ['i5'], invalid: ['ORDERBYbogus'] },
  // Password fields are write-only: never filtered, searched or sorted on.
  {
    table: 'sys_user',
    query: 'user_passwordSTARTSWITHsecret-u1',
    expected: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'],
    invalid: ['user_passwordSTARTSWITHsecret-u1'],
  },
  {
    table: 'incident',
    query: 'caller_id.user_password=secret-u1^ORpriority=5',
    expected: ['i5'],
    invalid: ['caller_id.user_password=secret-u1'],
  },
  { table: 'sys_user', query: '123TEXTQUERY321=secret', expected: [] },
  { table: 'sys_user', query: 'nameSAMEASuser_password', expected: ALL_USERS, invalid: ['nameSAMEASuser_password'] },
  {
    table: 'sys_user',
    query: 'active=false^ORDERBYuser_password',
    expected: ['u4'],
    invalid: ['ORDERBYuser_password'],
  },
  // Tolerated framing.
  { table: 'incident', query: '', expected: ALL_INCIDENTS, invalid: [] },
  { table: 'incident', query: 'priority=1^EQ', expected: ['i1', 'i8'], invalid: [] },
  { table: 'incident', query: '123TEXTQUERY321=', expected: ALL_INCIDENTS },
];

void describe('encoded query cases', () => {
  const fixture = createFixture();
  after(() => fixture.close());

  void it('has a broad table of cases', () => {
    assert.ok(CASES.length >= 60, `only ${CASES.length} cases`);
  });

  for (const c of CASES) {
    void it(`${c.table}: ${c.query || '(empty)'}`, () => {
      const { ids, compiled } = fixture.run(c.table, c.query);
      if (c.ordered) assert.deepEqual(ids, c.expected);
      else assert.deepEqual([...ids].sort(), [...c.expected].sort());
      if (c.invalid) assert.deepEqual(compiled.invalidTerms, c.invalid);
      else assert.deepEqual(compiled.invalidTerms, [], `unexpected invalid terms`);
    });
  }
});
