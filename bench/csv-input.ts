/**
 * CPU of reading CSV input (`nowrest create/update/import --input x.csv`): nowrest's `parseCsv` against csv-parse's
 * own plain stream parse of the same text in the same run, alternating. The text is BENCH_CSV_ROWS rows (default
 * 200k) of 10 columns with CRLF line breaks; every 5th row quotes a field holding a comma, every 11th one holding a
 * line break, and every row has a field with doubled quotes. A second figure adds one malformed row per 1,000
 * (garbage after a closing quote), each of which restarts the parser on the next line. Runs: BENCH_CSV_RUNS (3).
 */
import { parse } from 'csv-parse';
import { parseCsv } from '../src/cli/input/csv-parser.js';
import { envInt, median } from './support/lib-client.js';
import { fmt, report } from './support/stats.js';

const ROWS = envInt('BENCH_CSV_ROWS', 200_000);
const RUNS = envInt('BENCH_CSV_RUNS', 3);
const CHUNK = 64 * 1024;

function csvText(rows: number, badEvery: number | undefined): string {
  const lines = ['number,short_description,count,category,notes,code,quote,opened_at,caller,city'];
  for (let i = 1; i <= rows; i += 1) {
    const category = i % 5 === 0 ? '"Disk, full"' : 'hardware';
    const notes = i % 11 === 0 ? '"first line\nsecond line"' : 'none';
    const quote = badEvery !== undefined && i % badEvery === 0 ? '"say"x' : '"say ""hi"""';
    lines.push(`INC${i},Printer jam,${i * 7},${category},${notes},abcdef,${quote},2026-01-01 10:00:00,admin,Zürich`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function* chunks(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += CHUNK) yield text.slice(at, at + CHUNK);
}

/**
 * csv-parse fed the same chunks with backpressure, with its default options but for skipping bad records (which
 * costs nothing until one comes; it then reads on inside the broken quote, so it gives fewer rows): the floor.
 */
async function plainParse(text: string): Promise<number> {
  const parser = parse({ skip_records_with_error: true });
  const feeding = (async () => {
    for (const chunk of chunks(text)) {
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
    }
    parser.end();
  })();
  let rows = 0;
  for await (const _record of parser) rows += 1;
  await feeding;
  return rows;
}

async function nowrestParse(text: string): Promise<number> {
  let rows = 0;
  for await (const _row of parseCsv(chunks(text))) rows += 1;
  return rows;
}

/** CPU milliseconds (user + system) of one parse, and the rows it gave. */
async function cpuOf(work: () => Promise<number>): Promise<{ ms: number; rows: number }> {
  const before = process.cpuUsage();
  const rows = await work();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, rows };
}

async function compare(title: string, text: string): Promise<void> {
  const ours: number[] = [];
  const floor: number[] = [];
  let rows = 0;
  let floorRows = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const a = await cpuOf(() => plainParse(text));
    const b = await cpuOf(() => nowrestParse(text));
    floor.push(a.ms);
    ours.push(b.ms);
    rows = b.rows;
    floorRows = a.rows;
  }
  const [mine, base] = [median(ours), median(floor)];
  report(title, [
    ['rows out (header and bad rows included)', `${fmt(rows)} (csv-parse: ${fmt(floorRows)})`],
    [
      'parseCsv CPU (median)',
      `${fmt(mine)} ms (${fmt((mine * 1000) / rows, 2)} µs/row); runs ${ours.map((v) => fmt(v)).join(', ')}`,
    ],
    ['csv-parse plain stream CPU (median)', `${fmt(base)} ms; runs ${floor.map((v) => fmt(v)).join(', ')}`],
    ['ratio', `${fmt(mine / base, 2)}×`],
  ]);
}

export async function runCsvInput(): Promise<void> {
  const mb = (text: string): string => fmt(Buffer.byteLength(text) / 1024 / 1024, 1);
  const clean = csvText(ROWS, undefined);
  await compare(`csv-input: ${fmt(ROWS)} rows × 10 columns, ${mb(clean)} MB`, clean);
  const broken = csvText(ROWS, 1000);
  await compare(`csv-input: the same with one malformed row per 1,000 (${fmt(ROWS / 1000)} parser restarts)`, broken);
}
