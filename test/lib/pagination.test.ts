import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseQuery, andEveryGroup, parseLinkHeader, partitionSysIds } from '../../src/lib/pagination.js';

void describe('Link header', () => {
  void it('parses ServiceNow links with angle brackets', () => {
    const h =
      '<https://dev86373.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=0>;rel="first",<https://dev86373.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=-1>;rel="prev",<https://dev86373.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=1>;rel="next",<https://dev86373.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=72>;rel="last"';
    const links = parseLinkHeader(h);
    assert.equal(
      links.next,
      'https://dev86373.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=1',
    );
    assert.equal(links.last?.endsWith('sysparm_offset=72'), true);
    assert.equal(links.prev?.endsWith('sysparm_offset=-1'), true);
  });

  void it('parses the docs form without brackets, and nothing', () => {
    const links = parseLinkHeader('https://a/x?sysparm_offset=10;rel="next", https://a/x?sysparm_offset=0;rel="first"');
    assert.equal(links.next, 'https://a/x?sysparm_offset=10');
    assert.equal(links.first, 'https://a/x?sysparm_offset=0');
    assert.deepEqual(parseLinkHeader(null), {});
    assert.deepEqual(parseLinkHeader('garbage'), {});
  });
});

void describe('keyset query wrapping', () => {
  void it('ANDs the condition into every ^NQ group and keeps orders last', () => {
    assert.equal(andEveryGroup('', ['sys_id>a'], ['ORDERBYsys_id']), 'sys_id>a^ORDERBYsys_id');
    assert.equal(andEveryGroup('a=1^ORb=2', ['sys_id>k']), 'a=1^ORb=2^sys_id>k');
    assert.equal(
      andEveryGroup('a=1^NQb=2^ORc=3', ['sys_id>k'], ['ORDERBYsys_id']),
      'a=1^sys_id>k^NQb=2^ORc=3^sys_id>k^ORDERBYsys_id',
    );
    assert.equal(andEveryGroup('a=1^EQ', ['k']), 'a=1^k');
  });

  void it('is not fooled by escaped carets', () => {
    assert.equal(andEveryGroup('f=x^^NQy', ['k']), 'f=x^^NQy^k');
    assert.deepEqual(analyseQuery('f=x^^NQy^NQg=1^ORDERBYnumber').groups, [['f=x^^NQy'], ['g=1']]);
  });
});

void describe('sys_id partitions', () => {
  void it('covers the whole space with contiguous ranges', () => {
    assert.deepEqual(partitionSysIds(1), [{}]);
    const four = partitionSysIds(4);
    assert.equal(four.length, 4);
    assert.deepEqual(four[0], { to: '40000000000000000000000000000000' });
    assert.deepEqual(four[1], { from: '40000000000000000000000000000000', to: '80000000000000000000000000000000' });
    assert.deepEqual(four[3], { from: 'c0000000000000000000000000000000' });
    const seven = partitionSysIds(7);
    for (let i = 1; i < seven.length; i++) assert.equal(seven[i]?.from, seven[i - 1]?.to);
  });
});
