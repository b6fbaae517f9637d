import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/cli/input/csv-parser.js';
import { readRecords, parseJsonObject } from '../../src/cli/input/record-source.js';
import { createRecordFormatter, csvRow } from '../../src/cli/output/record-format.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function* chunked(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Parses `text` cut into chunks of each size and checks every row's [line, fields, raw, error]. */
async function assertRows(text: string, sizes: number[], expected: unknown[][]): Promise<void> {
  for (const size of sizes) {
    const rows = await collect(parseCsv(chunked(text, size)));
    assert.deepEqual(
      rows.map((r) => [r.line, r.fields, r.raw, r.error]),
      expected,
      `chunk size ${size}`,
    );
  }
}

void test('CSV parser handles quotes, embedded newlines, CRLF and LF mixed, a lone CR and surrogate pairs across chunks', async () => {
  const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",z\r\n\r\n3,,last\n4,e\rf,\u{1F600}\n\n"\u{1F600}",,';
  await assertRows(
    text,
    [1, 2, 3, 7, 1000],
    [
      [1, ['a', 'b', 'c'], 'a,b,c', undefined],
      [2, ['1', 'x, y', 'say "hi"'], '1,"x, y","say ""hi"""', undefined],
      [3, ['2', 'multi\nline', 'z'], '2,"multi\nline",z', undefined],
      [6, ['3', '', 'last'], '3,,last', undefined],
      [7, ['4', 'e\rf', '\u{1F600}'], '4,e\rf,\u{1F600}', undefined],
      [9, ['\u{1F600}', '', ''], '"\u{1F600}",,', undefined],
    ],
  );
});

void test('CSV parser reports a malformed row with its line and carries on', async () => {
  const rows = await collect(parseCsv(chunked('a,b\n1,x"y\n2,"ok"\n3,"unterminated', 4)));
  assert.equal(rows.length, 4);
  assert.match(rows[1]!.error ?? '', /stray quote.*line 2/);
  assert.equal(rows[1]!.raw, '1,x"y');
  assert.deepEqual(rows[2]!.fields, ['2', 'ok']);
  assert.match(rows[3]!.error ?? '', /unterminated quoted field starting on line 4/);
});

void test('CSV parser drops a BOM, keeps CRLF inside quoted fields and resumes after garbage past a closing quote', async () => {
  await assertRows(
    '\uFEFFa,b\r\n1,"x\r\ny"\r\n4,"x"z,5\r\n5,ok\r\n',
    [1, 4, 1000],
    [
      [1, ['a', 'b'], 'a,b', undefined],
      [2, ['1', 'x\r\ny'], '1,"x\r\ny"', undefined],
      [4, [], '4,"x"z,5', 'unexpected character after a closing quote at line 4'],
      [5, ['5', 'ok'], '5,ok', undefined],
    ],
  );
});

void test('CSV parser cuts a malformed row at the line break after its error and reads the next line afresh', async () => {
  // csv-parse's skip_records_with_error would carry on inside the open quote and swallow `2,ok` and `3,"q"`.
  const text = 'a,b\n1,x"y,"abc\n2,ok\n3,"q"\r\n"b\r\n\r\nc"x,1\r\n4,"z"\r';
  const stray = 'stray quote in an unquoted field at line 2 (quote the whole field and double inner quotes)';
  await assertRows(
    text,
    [1, 5, 1000],
    [
      [1, ['a', 'b'], 'a,b', undefined],
      [2, [], '1,x"y,"abc', stray],
      [3, ['2', 'ok'], '2,ok', undefined],
      [4, ['3', 'q'], '3,"q"', undefined],
      // The row starts on line 5; its error is on physical line 7 (a CRLF inside quotes is one line break).
      [5, [], '"b\r\n\r\nc"x,1', 'unexpected character after a closing quote at line 7'],
      // A CR that ends the input is the first half of a cut-off CRLF, not data.
      [8, ['4', 'z'], '4,"z"', undefined],
    ],
  );
});

void test('CSV parser resumes after bad rows deep in a large input, in order and with the right line numbers', async () => {
  const lines = Array.from({ length: 3000 }, (_, i) => (i % 700 === 699 ? `${i + 1},"x"y` : `${i + 1},"v, ${i}"`));
  const rows = await collect(parseCsv(chunked(`${lines.join('\n')}\n`, 4096)));
  assert.equal(rows.length, 3000);
  for (const [i, row] of rows.entries()) {
    assert.equal(row.line, i + 1);
    if (i % 700 === 699) assert.match(row.error ?? '', new RegExp(`after a closing quote at line ${i + 1}$`));
    else assert.deepEqual(row.fields, [`${i + 1}`, `v, ${i}`]);
  }
});

void test('CSV parser closes its source when the reader stops early', async () => {
  let closed = false;
  function* source(): Generator<string> {
    try {
      for (let i = 0; i < 1000; i += 1) yield `h\n${i}\n`;
    } finally {
      closed = true;
    }
  }
  for await (const row of parseCsv(source())) if (row.fields[0] === 'h') break;
  assert.equal(closed, true);
});

void test('CSV records: wrong column counts become errors, good rows become objects', async () => {
  const items = await collect(
    readRecords(chunked('short_description,urgency\nPrinter,1\nbad\n"Disk, full",2\n', 5), 'csv'),
  );
  assert.deepEqual(items[0], { line: 2, record: { short_description: 'Printer', urgency: '1' } });
  assert.match((items[1] as { error: string }).error, /line 3: expected 2 columns, found 1/);
  assert.deepEqual(items[2], { line: 4, record: { short_description: 'Disk, full', urgency: '2' } });
});

void test('NDJSON records: blank lines skipped, bad lines reported by line number, sys_id lines for delete', async () => {
  const text = '{"a":1}\n\n{x\n[1]\n0123456789abcdef0123456789abcdef\r\n{"b":2}';
  const items = await collect(readRecords(chunked(text, 3), 'ndjson', { allowSysIdLines: true }));
  assert.deepEqual(items[0], { line: 1, record: { a: 1 } });
  assert.match((items[1] as { error: string }).error, /^line 3: invalid JSON/);
  assert.match((items[2] as { error: string }).error, /^line 4: expected a JSON object/);
  assert.deepEqual(items[3], { line: 5, record: { sys_id: '0123456789abcdef0123456789abcdef' } });
  assert.deepEqual(items[4], { line: 6, record: { b: 2 } });
});

void test('--data JSON errors name the position', () => {
  assert.throws(
    () => parseJsonObject('{x', '--data'),
    (err: Error) => /invalid JSON in --data: .*position 1/.test(err.message),
  );
  assert.throws(() => parseJsonObject('[1]', '--data'), /must be a JSON object/);
  assert.deepEqual(parseJsonObject('{"a":"b"}', '--data'), { a: 'b' });
});

void test('CSV output quotes only when needed and round-trips through the parser', async () => {
  assert.equal(
    csvRow(['plain', 'a,b', 'say "x"', ' edge', 'two\nlines']),
    'plain,"a,b","say ""x"""," edge","two\nlines"\r\n',
  );
  const f = createRecordFormatter('csv');
  const records = [
    { n: 'INC1', d: 'line1\nline2', ref: { link: 'http://x', value: 'abc' } },
    { n: 'INC2', d: 'comma, "quote"', ref: '' },
  ];
  const text = records.map((r) => f.record(r)).join('') + f.end();
  const rows = await collect(parseCsv(chunked(text, 5)));
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ['n', 'd', 'ref'],
      ['INC1', 'line1\nline2', 'abc'],
      ['INC2', 'comma, "quote"', ''],
    ],
  );
});

void test('JSON output is a valid array, empty or not', () => {
  const f = createRecordFormatter('json');
  assert.deepEqual(JSON.parse(f.end()), []);
  const g = createRecordFormatter('json');
  const text = g.record({ a: '1' }) + g.record({ a: '2' }) + g.end();
  assert.deepEqual(JSON.parse(text), [{ a: '1' }, { a: '2' }]);
});
