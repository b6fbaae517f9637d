// Property: for any input string, the compiler never throws and always yields SQL that better-sqlite3
// prepares and runs against the fixture. 10,000 structured queries plus 10,000 arbitrary strings.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { compileEncodedQueryStrict } from '../../src/emulator/query/compile.js';
import { OPERATORS } from '../../src/emulator/query/operators.js';
import { createFixture, NOW, USER_ID } from './query-fixture.js';

const TABLES = ['task', 'incident', 'problem', 'sys_user', 'cmn_department', 'no_such_table'];
const FIELDS = [
  'number',
  'short_description',
  'state',
  'priority',
  'active',
  'assigned_to',
  'opened_at',
  'due_date',
  'cost',
  'parent',
  'caller_id',
  'severity',
  'sys_class_name',
  'sys_id',
  'name',
  'manager',
  'birthday',
  'caller_id.department.name',
  'assigned_to.manager.manager.active',
  'parent.parent.opened_at',
  'nope',
  'caller_id.nope',
  '',
];
const VALUES = [
  '',
  '1',
  '-2.5',
  'true',
  'FALSE',
  'abc',
  "'; DROP TABLE task; --",
  '%_\\',
  '2026-06-17',
  '2026-06-17 10:00:00',
  '2026-13-45',
  'javascript:gs.beginningOfToday()',
  'javascript:gs.daysAgo(3)',
  'javascript:gs.getUserID()',
  'javascript:gs.nope()',
  "javascript:gs.dateGenerate('2026-01-01','end')",
  '1@5',
  'Today@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()',
  '@hour@ago@3',
  '@day@ahead@x',
  '@year@ahead@999999',
  '@month@ago@99999',
  'opened_at@year@after@999999',
  'opened_at@hour@before@2',
  'opened_at@day',
  '1,2,,3',
  'incident',
  'opened_at',
  '90d1921e5f510100a9ad2572f2b477fe',
  "Monday@javascript:gs.datePart('dayofweek','monday','NE')",
  "x@javascript:gs.datePart('month','13','EQ')",
  't1',
];
const JOINERS = ['^', '^OR', '^NQ', '^^', '^', '^OR'];
const EXTRAS = [
  'ORDERBYnumber',
  'ORDERBYDESCcaller_id.name',
  'GROUPBYstate',
  'EQ',
  'NQ',
  '123TEXTQUERY321=mail',
  'RLQUERYincident.caller_id,>=1',
  'ENDRLQUERY',
  'JOINincident.caller_id=sys_user.sys_id!active=true',
  'ORDERBY',
];

const GS = ['daysAgo', 'daysAgoStart', 'hoursAgoEnd', 'monthsAgo', 'monthsAgoEnd', 'quartersAgoStart', 'yearsAgo'];
const script = fc
  .tuple(fc.constantFrom(...GS), fc.integer({ min: -9_999_999, max: 9_999_999 }))
  .map(([name, n]) => `javascript:gs.${name}(${n})`);
const dateish = fc
  .tuple(
    fc.constantFrom('', 'Today', 'opened_at', 'closed_at'),
    fc.constantFrom('second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'eon'),
    fc.constantFrom('ago', 'ahead', 'before', 'after'),
    fc.oneof(fc.nat({ max: 999_999 }), fc.integer()),
  )
  .map((parts) => parts.join('@'));
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: script },
  { weight: 1, arbitrary: fc.tuple(script, script).map(([a, b]) => `${a}@${b}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 5 }), script, script).map((p) => p.join('@')) },
  { weight: 1, arbitrary: dateish },
);
const term = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...OPERATORS, '~', ''), value)
      .map(([f, o, v]) => `${f}${o}${v}`),
  },
  { weight: 1, arbitrary: fc.constantFrom(...EXTRAS) },
);
const structured = fc
  .array(fc.tuple(fc.constantFrom(...JOINERS), term), { maxLength: 12 })
  .map((parts) => parts.map(([j, t]) => `${j}${t}`).join(''));

void describe('compiler robustness (fast-check)', () => {
  const fixture = createFixture();
  after(() => fixture.close());

  const check = (table: string, query: string): void => {
    const resolved = fixture.schema.table(table);
    const compiled = compileEncodedQueryStrict(query, { schema: fixture.schema, table, now: NOW, userId: USER_ID });
    assert.equal(typeof compiled.where, 'string');
    assert.ok(Array.isArray(compiled.invalidTerms));
    const physical = resolved?.physical ?? 'task';
    const order = [...compiled.orderBy.map((o) => `${o.sql}${o.desc ? ' DESC' : ''}`), 't.rowid'].join(', ');
    fixture.db
      .prepare(`SELECT t."sys_id" FROM "${physical}" t WHERE ${compiled.where} ORDER BY ${order}`)
      .all(...compiled.params);
  };

  void it('10,000 structured queries compile to runnable SQL', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TABLES), structured, (table, query) => check(table, query)),
      { numRuns: 10_000 },
    );
  });

  void it('any clock, even an invalid Date, only ever makes date terms invalid', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: false }), structured, (now, query) => {
        const compiled = compileEncodedQueryStrict(query, {
          schema: fixture.schema,
          table: 'task',
          now,
          userId: USER_ID,
        });
        fixture.db.prepare(`SELECT t."sys_id" FROM "task" t WHERE ${compiled.where}`).all(...compiled.params);
      }),
      { numRuns: 3_000 },
    );
  });

  void it('10,000 arbitrary strings compile to runnable SQL', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })),
        (table, query) => check(table, query),
      ),
      { numRuns: 10_000 },
    );
  });
});
