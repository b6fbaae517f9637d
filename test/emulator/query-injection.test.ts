// Hostile values are inert: they only ever travel as bound parameters, never as SQL text, and
// hostile field names or structures become invalid terms. Pathological sizes still prepare and run.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createFixture } from './query-fixture.js';

const HOSTILE = [
  "'; DROP TABLE task; --",
  '" OR 1=1 --',
  "') OR ('1'='1",
  "x' OR 'a'='a",
  '1 OR 1=1',
  '*/ SELECT 1 /*',
  '\\',
  '\\%',
  "%' --",
];

void describe('SQL injection attempts are inert', () => {
  const fixture = createFixture();
  after(() => fixture.close());
  const count = (): number => (fixture.db.prepare('SELECT COUNT(*) AS n FROM "task"').get() as { n: number }).n;

  for (const value of HOSTILE) {
    void it(`value ${JSON.stringify(value)}`, () => {
      const queries = [
        `short_description=${value}`,
        `short_descriptionLIKE${value}`,
        `short_descriptionSTARTSWITH${value}`,
        `short_descriptionINa,${value}`,
        `caller_id.name=${value}`,
        `123TEXTQUERY321=${value}`,
        `short_descriptionBETWEEN${value}@${value}`,
      ];
      for (const query of queries) {
        const { ids, compiled } = fixture.run('incident', query);
        assert.deepEqual(ids, [], query);
        if (value.length > 3) assert.ok(!compiled.where.includes(value), `value leaked into SQL: ${compiled.where}`);
      }
      // Negated forms match every incident: the value compared as plain text with nothing.
      assert.equal(fixture.run('incident', `short_description!=${value}`).ids.length, 11);
      assert.equal(count(), 18);
    });
  }

  void it('hostile field names and order terms are invalid, never SQL', () => {
    for (const query of [
      'short_description"=1 OR 1=1--',
      'ORDERBYnumber; DROP TABLE task',
      'ORDERBYDESCnumber"--',
      'caller_id.name"; DROP TABLE sys_user; --=x',
      "sys_class_nameINSTANCEOFtask' OR '1'='1",
      'RLQUERYtask;drop.parent,>=1^ENDRLQUERY',
    ]) {
      const { ids, compiled } = fixture.run('incident', query);
      assert.ok(compiled.invalidTerms.length > 0, query);
      assert.ok(!/DROP|OR '1'/.test(compiled.where + compiled.orderBy.map((o) => o.sql).join()), query);
      assert.ok(ids.length === 11 || ids.length === 0, query);
    }
    assert.equal(count(), 18);
  });

  void it('% and _ in LIKE values are literal', () => {
    assert.deepEqual(fixture.run('cmn_department', 'nameLIKE_').ids, ['d3']);
    assert.deepEqual(fixture.run('cmn_department', 'nameENDSWITH0%').ids, ['d3']);
    assert.deepEqual(fixture.run('task', 'short_descriptionSTARTSWITH100%').ids, ['i4']);
    assert.deepEqual(fixture.run('task', 'short_descriptionLIKE\\').ids, []);
  });
});

void describe('pathological inputs', () => {
  const fixture = createFixture();
  after(() => fixture.close());

  void it('a 1,000-term OR chain and a 1,000-term AND chain prepare and run', () => {
    const ors = Array.from({ length: 1000 }, (_, i) => `${i === 0 ? '' : 'OR'}number=INC${String(i).padStart(4, '0')}`);
    const orResult = fixture.run('incident', ors.join('^'));
    assert.equal(orResult.ids.length, 11);
    const ands = Array.from({ length: 1000 }, () => 'short_descriptionLIKEe').join('^');
    assert.equal(fixture.run('incident', ands).ids.length, 10);
  });

  void it('terms beyond the cap are dropped and reported, the rest applies', () => {
    const terms = Array.from({ length: 1500 }, () => 'priority=1').join('^');
    const { ids, compiled } = fixture.run('incident', terms);
    assert.deepEqual(ids.sort(), ['i1', 'i8']);
    assert.equal(compiled.invalidTerms.length, 1);
  });

  void it('a huge IN list, a megabyte-long value and a deep dot-walk do not break the statement', () => {
    const list = Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(',');
    assert.deepEqual(fixture.run('task', `sys_idIN${list},t2`).ids, ['t2']);
    // Over SQLite's LIKE pattern limit: that term is invalid, its OR partner still applies.
    const long = 'a'.repeat(100_000);
    const likeResult = fixture.run('task', `short_descriptionLIKE${long}^ORpriority=5`);
    assert.deepEqual(likeResult.ids, ['i5']);
    assert.equal(likeResult.compiled.invalidTerms.length, 1);
    // The LIKE limit is in UTF-8 bytes: 30,000 two-byte characters are over it.
    const wide = fixture.run('task', `short_descriptionLIKE${'é'.repeat(30_000)}^ORpriority=5`);
    assert.deepEqual(wide.ids, ['i5']);
    assert.equal(wide.compiled.invalidTerms.length, 1);
    assert.deepEqual(fixture.run('task', `short_descriptionLIKE${'é'.repeat(20_000)}`).ids, []);
    // Over the query length cap: everything from the over-long term on is dropped and reported once.
    const huge = fixture.run('task', `priority=5^short_descriptionLIKE${'b'.repeat(1_000_000)}^priority=1`);
    assert.deepEqual(huge.ids, ['i5']);
    assert.equal(huge.compiled.invalidTerms.length, 1);
    assert.ok((huge.compiled.invalidTerms[0] ?? '').length < 300);
    const deep = Array.from({ length: 40 }, () => 'manager').join('.');
    const deepResult = fixture.run('sys_user', `${deep}.name=x^active=false`);
    assert.deepEqual(deepResult.ids, ['u4']);
    assert.deepEqual(deepResult.compiled.invalidTerms, [`${deep}.name=x`]);
    const walk = 'manager.manager.manager.manager.manager.name';
    assert.deepEqual(fixture.run('sys_user', `${walk}ISEMPTY`).ids.length, 6);
  });

  void it('a parameter-hungry query stays under SQLite limits', () => {
    const items = Array.from({ length: 3000 }, (_, i) => `n${i}`).join(',');
    const query = Array.from({ length: 12 }, () => `numberIN${items}`).join('^OR');
    const { compiled } = fixture.run('incident', query);
    assert.ok(compiled.params.length <= 30_000);
    assert.ok(compiled.invalidTerms.length > 0);
  });
});
