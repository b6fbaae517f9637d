import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { query, gs, ConfigError, type Condition } from '../../src/lib/index.js';
import { splitTerms } from '../../src/lib/query-values.js';

void describe('query builder', () => {
  void it('builds AND / OR / NQ and orders', () => {
    const q = query()
      .where('active')
      .is(true)
      .and('priority')
      .lessThan(3)
      .or('state')
      .in(['1', '2'])
      .orderByDesc('sys_updated_on');
    assert.equal(q.toString(), 'active=true^priority<3^ORstateIN1,2^ORDERBYDESCsys_updated_on');
    const nq = query().where('priority').is(1).newQuery().where('state').is(2).orderBy('number');
    assert.equal(nq.toString(), 'priority=1^NQstate=2^ORDERBYnumber');
  });

  void it('covers every operator family', () => {
    const cases: [string, (c: Condition) => unknown][] = [
      ['f!=x', (c) => c.isNot('x')],
      ['fLIKEx', (c) => c.like('x')],
      ['fNOT LIKEx', (c) => c.notLike('x')],
      ['fSTARTSWITHx', (c) => c.startsWith('x')],
      ['fENDSWITHx', (c) => c.endsWith('x')],
      ['fISEMPTY', (c) => c.isEmpty()],
      ['fISNOTEMPTY', (c) => c.isNotEmpty()],
      ['fANYTHING', (c) => c.isAnything()],
      ['fEMPTYSTRING', (c) => c.isEmptyString()],
      ['f<=2', (c) => c.lessThanOrEqual(2)],
      ['f>2', (c) => c.greaterThan(2)],
      ['f>=2', (c) => c.greaterThanOrEqual(2)],
      ['fBETWEEN1@3', (c) => c.between(1, 3)],
      ['fNOT INa,b', (c) => c.notIn(['a', 'b'])],
      ['fSAMEASg', (c) => c.sameAs('g')],
      ['fNSAMEASg', (c) => c.notSameAs('g')],
      ['fGT_FIELDg', (c) => c.gtField('g')],
      ['fLT_FIELDg', (c) => c.ltField('g')],
      ['fGT_OR_EQUALS_FIELDg', (c) => c.gteField('g')],
      ['fLT_OR_EQUALS_FIELDg', (c) => c.lteField('g')],
      ['fONToday@javascript:gs.beginningOfToday()@javascript:gs.endOfToday()', (c) => c.on('today')],
      ['fNOTONLast week@javascript:gs.beginningOfLastWeek()@javascript:gs.endOfLastWeek()', (c) => c.notOn('lastWeek')],
      ['fRELATIVEGT@hour@ago@1', (c) => c.relative('after', 1, 'hour')],
      ['fRELATIVELT@day@ahead@2', (c) => c.relative('before', 2, 'day', 'ahead')],
      ['fDYNAMIC90d1921e5f510100a9ad2572f2b477fe', (c) => c.dynamic('me')],
      ['f>javascript:gs.daysAgoStart(1)', (c) => c.greaterThan(gs.daysAgoStart(1))],
      ['f=2024-01-02 03:04:05', (c) => c.is(new Date('2024-01-02T03:04:05Z'))],
    ];
    for (const [expected, build] of cases) {
      const q = query();
      build(q.where('f'));
      assert.equal(q.toString(), expected);
    }
  });

  void it('groups: and(group) keeps ORs bound, or(group) refuses an AND inside', () => {
    const q = query()
      .where('a')
      .is(1)
      .and((g) => g.where('b').is(2).or('c').is(3));
    assert.equal(q.toString(), 'a=1^b=2^ORc=3');
    const o = query()
      .where('a')
      .is(1)
      .or((g) => g.where('b').is(2).or('c').is(3));
    assert.equal(o.toString(), 'a=1^ORb=2^ORc=3');
    assert.throws(
      () =>
        query()
          .where('a')
          .is(1)
          .or((g) => g.where('b').is(2).and('c').is(3)),
      ConfigError,
    );
  });

  void it('where(field, value) shortcut', () => {
    assert.equal(query().where('caller_id.name', 'Abel Tuter').toString(), 'caller_id.name=Abel Tuter');
  });

  void it('escapes ^ and refuses , in IN lists and @ in BETWEEN', () => {
    assert.equal(query().where('f').is('a^NQb=1').toString(), 'f=a^^NQb=1');
    assert.throws(() => query().where('f').in(['a,b']), ConfigError);
    assert.throws(() => query().where('f').between('a@b', 'c'), ConfigError);
    assert.throws(() => query().where('f').in([]), ConfigError);
  });

  void it('validates field names', () => {
    for (const bad of ['Priority', 'a=b', 'a^b', '', 'a b', 'a..b', '.a']) {
      assert.throws(() => query().where(bad), ConfigError, bad);
    }
    assert.throws(() => query().where('a').sameAs('B^x'), ConfigError);
    assert.throws(() => query().orderBy('x^NQ'), ConfigError);
  });

  void it('property: random values never change the number of conditions', () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('^', '^^', '^NQ', '^OR', 'x^', '^x', 'ORDERBYa', '^^^'));
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        const text = query()
          .where('a')
          .is(a)
          .and('b')
          .like(b)
          .or('c')
          .startsWith(c)
          .newQuery()
          .where('d')
          .isNot(a)
          .toString();
        const terms = splitTerms(text);
        assert.equal(terms.length, 4);
        assert.ok(terms[0]?.startsWith('a='));
        assert.ok(terms[1]?.startsWith('bLIKE'));
        assert.ok(terms[2]?.startsWith('ORcSTARTSWITH'));
        assert.ok(terms[3]?.startsWith('NQd!='));
      }),
      { numRuns: 500 },
    );
  });

  void it('property: IN lists keep their length unless refused', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), (values) => {
        try {
          const text = query().where('f').in(values).toString();
          assert.equal(splitTerms(text).length, 1);
          assert.equal(text.slice(3).split(',').length, values.length);
        } catch (error) {
          assert.ok(error instanceof ConfigError);
          assert.ok(values.some((v) => v.includes(',')));
        }
      }),
    );
  });
});
