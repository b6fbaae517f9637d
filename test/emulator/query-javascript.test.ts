// The javascript: whitelist evaluator, checked against hand-computed UTC values for a fixed clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime } from '../../src/emulator/query/date-math.js';
import { evaluateScript } from '../../src/emulator/query/javascript-value.js';

// Wednesday 2026-06-17 12:34:56 UTC.
const ctx = { now: new Date('2026-06-17T12:34:56Z'), userId: 'abc123' };

const DATES: readonly (readonly [string, string])[] = [
  ['gs.nowDateTime()', '2026-06-17 12:34:56'],
  ['gs.beginningOfToday()', '2026-06-17 00:00:00'],
  ['gs.endOfToday()', '2026-06-17 23:59:59'],
  ['gs.beginningOfYesterday()', '2026-06-16 00:00:00'],
  ['gs.endOfTomorrow()', '2026-06-18 23:59:59'],
  ['gs.beginningOfThisWeek()', '2026-06-15 00:00:00'],
  ['gs.endOfThisWeek()', '2026-06-21 23:59:59'],
  ['gs.beginningOfLastWeek()', '2026-06-08 00:00:00'],
  ['gs.beginningOfNextWeek()', '2026-06-22 00:00:00'],
  ['gs.beginningOfThisMonth()', '2026-06-01 00:00:00'],
  ['gs.endOfThisMonth()', '2026-06-30 23:59:59'],
  ['gs.endOfLastMonth()', '2026-05-31 23:59:59'],
  ['gs.beginningOfNextMonth()', '2026-07-01 00:00:00'],
  ['gs.beginningOfThisQuarter()', '2026-04-01 00:00:00'],
  ['gs.endOfThisQuarter()', '2026-06-30 23:59:59'],
  ['gs.beginningOfLastQuarter()', '2026-01-01 00:00:00'],
  ['gs.endOfNextQuarter()', '2026-09-30 23:59:59'],
  ['gs.beginningOfThisYear()', '2026-01-01 00:00:00'],
  ['gs.endOfLastYear()', '2025-12-31 23:59:59'],
  ['gs.beginningOfNextYear()', '2027-01-01 00:00:00'],
  ['gs.beginningOfLast7Days()', '2026-06-10 00:00:00'],
  ['gs.beginningOfLast30Days()', '2026-05-18 00:00:00'],
  ['gs.beginningOfLast15Minutes()', '2026-06-17 12:19:56'],
  ['gs.endOfLast7Days()', '2026-06-17 23:59:59'],
  ['gs.daysAgo(2)', '2026-06-15 12:34:56'],
  ['gs.daysAgo(-1)', '2026-06-18 12:34:56'],
  ['gs.daysAgoStart(1)', '2026-06-16 00:00:00'],
  ['gs.daysAgoEnd(0)', '2026-06-17 23:59:59'],
  ['gs.hoursAgo(3)', '2026-06-17 09:34:56'],
  ['gs.hoursAgoStart(1)', '2026-06-17 11:00:00'],
  ['gs.hoursAgoEnd(1)', '2026-06-17 11:59:59'],
  ['gs.minutesAgo(30)', '2026-06-17 12:04:56'],
  ['gs.minutesAgoStart(0)', '2026-06-17 12:34:00'],
  ['gs.monthsAgo(4)', '2026-02-17 12:34:56'],
  ['gs.monthsAgoStart(1)', '2026-05-01 00:00:00'],
  ['gs.monthsAgoEnd(4)', '2026-02-28 23:59:59'],
  ['gs.quartersAgo(1)', '2026-03-17 12:34:56'],
  ['gs.quartersAgoStart(1)', '2026-01-01 00:00:00'],
  ['gs.quartersAgoEnd(2)', '2025-12-31 23:59:59'],
  ['gs.yearsAgo(1)', '2025-06-17 12:34:56'],
  ["gs.dateGenerate('2026-02-03','04:05:06')", '2026-02-03 04:05:06'],
  ["gs.dateGenerate('2026-02-03','start')", '2026-02-03 00:00:00'],
  ["gs.dateGenerate('2026-02-03','end')", '2026-02-03 23:59:59'],
  ['gs.dateGenerate("2026-02-03 04:05:06")', '2026-02-03 04:05:06'],
  [' gs.daysAgoStart( 3 ) ; ', '2026-06-14 00:00:00'],
];

const REJECTED = [
  'gs.evil()',
  'gs.daysAgo()',
  "gs.daysAgo('x')",
  'gs.daysAgo(1.5)',
  'gs.getUserID(1)',
  'gs.getUserID();gs.now()',
  'gs.getUserID() + 1',
  'new Date()',
  'this.constructor.constructor("return process")()',
  'gs.beginningOfToday(1)',
  'gs.beginningOfFortnight()',
  "gs.dateGenerate('2026-02-30','start')",
  "gs.dateGenerate('2026-02-03','noon')",
  "gs.dateGenerate('2026-02-03 04:05:06','start')",
  'gs.daysAgo(9999999)',
  "gs.dateGenerate('2026-01-01', 'a', 'b', 'c', 'd')",
  '',
];

void describe('javascript: whitelist evaluator', () => {
  for (const [script, expected] of DATES) {
    void it(`${script} = ${expected}`, () => {
      const value = evaluateScript(script, ctx);
      assert.equal(value?.kind, 'date');
      assert.equal(value.kind === 'date' ? formatDateTime(value.date) : '', expected);
    });
  }

  void it('gs.now() is the date only; gs.getUserID() is the caller', () => {
    const now = evaluateScript('gs.now()', ctx);
    const midnight = new Date('2026-06-17T00:00:00Z');
    assert.deepEqual(now, { kind: 'date', date: midnight, local: midnight, dateOnly: true });
    assert.deepEqual(evaluateScript('gs.getUserID()', ctx), { kind: 'text', value: 'abc123' });
  });

  void it("follows the caller's time zone: its midnights, its calendar date", () => {
    // 12:34:56 UTC is 05:34:56 in Los Angeles (PDT) and 21:34:56 in Tokyo, both on 2026-06-17.
    const la = { ...ctx, timeZone: 'America/Los_Angeles' };
    const tokyo = { ...ctx, timeZone: 'Asia/Tokyo' };
    const at = (script: string, zoned: typeof la): string => {
      const value = evaluateScript(script, zoned);
      assert.equal(value?.kind, 'date', script);
      return value?.kind === 'date' ? formatDateTime(value.date) : '';
    };
    assert.equal(at('gs.beginningOfToday()', la), '2026-06-17 07:00:00');
    assert.equal(at('gs.endOfToday()', la), '2026-06-18 06:59:59');
    assert.equal(at('gs.beginningOfToday()', tokyo), '2026-06-16 15:00:00');
    assert.equal(at('gs.beginningOfThisMonth()', tokyo), '2026-05-31 15:00:00');
    assert.equal(at('gs.nowDateTime()', tokyo), '2026-06-17 12:34:56');
    assert.equal(at('gs.daysAgo(1)', la), '2026-06-16 12:34:56');
    const today = evaluateScript('gs.now()', tokyo);
    assert.deepEqual(today, {
      kind: 'date',
      date: new Date('2026-06-16T15:00:00Z'),
      local: new Date('2026-06-17T00:00:00Z'),
      dateOnly: true,
    });
  });

  for (const script of REJECTED) {
    void it(`rejects ${JSON.stringify(script)}`, () => {
      assert.equal(evaluateScript(script, ctx), undefined);
    });
  }

  void it('month arithmetic clamps to the last day of the month', () => {
    const eom = { now: new Date('2026-03-31T10:00:00Z'), userId: 'x' };
    const value = evaluateScript('gs.monthsAgo(1)', eom);
    assert.equal(value?.kind === 'date' ? formatDateTime(value.date) : '', '2026-02-28 10:00:00');
  });
});

void describe('calendar edges', () => {
  void it('years 0–99 stay years 0–99 (Date.UTC would read them as 19xx)', () => {
    const early = { now: new Date('0050-05-20T10:00:00Z'), userId: 'x' };
    const start = evaluateScript('gs.beginningOfThisYear()', early);
    assert.equal(start?.kind === 'date' ? formatDateTime(start.date) : '', '0050-01-01 00:00:00');
    const end = evaluateScript('gs.endOfThisMonth()', early);
    assert.equal(end?.kind === 'date' ? formatDateTime(end.date) : '', '0050-05-31 23:59:59');
  });
});
