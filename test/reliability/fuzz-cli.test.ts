// Fuzz of the CLI's argument and input parsing: random argv and random (also broken-encoding) JSON, NDJSON
// and CSV input, in-process through run() and the parsers (many runs) and through the real CLI process
// (a few runs). Properties: no stack trace on stderr ("    at " frames), exit codes in the documented set,
// run() never rejects, the parsers never throw anything but a CliError.
// FUZZ_RUNS=N raises the in-process run counts; FUZZ_PROCESS_RUNS=N the spawned ones.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CliError } from '../../src/cli/cli-error.js';
import { parseCsv } from '../../src/cli/input/csv-parser.js';
import { parseJsonObject, readRecords, type InputFormat } from '../../src/cli/input/record-source.js';
import { startEmulatorSandbox, type CliResult, type CliSandbox } from '../cli/cli-harness.js';
import { fuzzRuns, STACK_FRAME } from './fuzz-http.js';

/** Exit codes documented in `nowrest --help` (src/cli/exit-codes.ts). */
const DOCUMENTED_EXIT_CODES = new Set([0, 1, 2, 3, 4, 5, 130]);

/** Commands that wait for a person or run until Ctrl-C (demo, emulator, console, oauth generate) are left out. */
const COMMANDS: readonly string[][] = [
  ['query'],
  ['get'],
  ['create'],
  ['update'],
  ['upsert'],
  ['delete'],
  ['export'],
  ['stats'],
  ['sync'],
  ['schema', 'tables'],
  ['schema', 'fields'],
  ['schema', 'choices'],
  ['schema', 'types'],
  ['connection', 'list'],
  ['connection', 'show'],
  ['connection', 'test'],
  ['connection', 'add'],
  ['oauth', 'status'],
  ['oauth', 'reset'],
  ['api'],
  ['journal'],
  ['change', 'create'],
  ['change', 'get'],
  ['change', 'list'],
  ['change', 'conflicts'],
  ['nosuchcommand'],
  [],
];

const FLAGS = [
  '-c',
  '--connection',
  '--json',
  '--verbose',
  '--insecure',
  '--ca',
  '--no-color',
  '--query',
  '--where',
  '--fields',
  '--order-by',
  '--display-value',
  '--exclude-reference-link',
  '--view',
  '--max',
  '--page-size',
  '--concurrency',
  '--format',
  '--output',
  '--data',
  '--file',
  '--input-format',
  '--failures',
  '--key',
  '--yes',
  '-y',
  '--resume',
  '--count',
  '--no-count',
  '--avg',
  '--min',
  '--sum',
  '--group-by',
  '--having',
  '--lookback',
  '--no-deletes',
  '--delete-tables',
  '--base-url',
  '--auth',
  '--user',
  '--password-stdin',
  '--client-id',
  '--token-url',
  '--unknown-flag',
  '-x',
  '--',
  '-V',
];

/** Values: meaningful ones, the emulator's tables and ids, and junk (no '/', so files stay in the sandbox). */
const value = fc.oneof(
  fc.constantFrom(
    'emu',
    'nope',
    'incident',
    'sys_user',
    'no_such_table',
    'f'.repeat(32),
    'active=true',
    'number,short_description',
    'priority=1',
    '{"short_description":"fuzz"}',
    '{bad',
    '[1]',
    'null',
    '0',
    '-1',
    '1e309',
    'NaN',
    '99999999999999999999',
    'true',
    'all',
    'ndjson',
    'csv',
    'json',
    'table',
    'xml',
    'out.ndjson',
    'in.csv',
    'in.ndjson',
    'in.json',
    'missing.csv',
    'http://127.0.0.1:9',
    'not a url',
    '',
    '-',
    '=',
    'COUNT^DESC',
    'count^priority^>^3',
  ),
  fc.string({ maxLength: 20 }).map((s) => s.replace(/[/\\]/g, '_')),
);

const argvArb = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(value, { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom(...FLAGS), fc.option(value, { nil: undefined })), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([command, positionals, flags, withConnection]) => [
    ...command,
    ...positionals,
    ...flags.flatMap(([flag, v]) => (v === undefined ? [flag] : [flag, v])),
    ...(withConnection ? ['-c', 'emu'] : []),
  ]);

/** Input file bytes: plausible records, arbitrary text, and broken encodings (lone bytes, BOMs, UTF-16, NUL). */
const inputBytes = fc.oneof(
  fc
    .array(
      fc.dictionary(
        fc.constantFrom('short_description', 'urgency', 'sys_id', 'number', 'x'),
        fc.jsonValue({ maxDepth: 1 }),
      ),
      {
        maxLength: 4,
      },
    )
    .chain((records) =>
      fc.constantFrom(
        records.map((r) => JSON.stringify(r)).join('\n'),
        JSON.stringify(records),
        // JSON.stringify, not String(): a generated {"toString":1} cannot be converted to a primitive.
        `short_description,urgency\n${records.map((r) => `"${cell(r['short_description'])}",${cell(r['urgency'])}`).join('\n')}`,
      ),
    )
    .map((s) => Buffer.from(s)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc
    .tuple(
      fc.constantFrom(
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xfe, 0xff]),
        Buffer.from([0xc3]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0x00]),
      ),
      fc.constantFrom('{"short_description":"x"}\n', 'a,b\n1,2\n', '[{"a":1}]', '"unterminated\n'),
    )
    .map(([prefix, text]) => Buffer.concat([prefix, Buffer.from(text, 'utf16le').subarray(0, 8), Buffer.from(text)])),
);

const cell = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/** A bulk command over a file, with the flags only that command takes (delete: --yes, upsert: --key). */
function bulkArgv(command: string, file: string): string[] {
  const argv = [command, 'incident', '-c', 'emu', '--file', file];
  if (command === 'delete') argv.push('--yes');
  if (command === 'upsert') argv.push('--key', 'number');
  return argv;
}

function assertClean(argv: readonly string[], result: CliResult): void {
  const label = JSON.stringify(argv);
  assert.ok(DOCUMENTED_EXIT_CODES.has(result.code), `exit code ${result.code} for ${label}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, STACK_FRAME, `stack trace on stderr for ${label}`);
  assert.doesNotMatch(result.stderr, /^ {4}at /m, `a stack frame line on stderr for ${label}`);
  assert.doesNotMatch(result.stdout, STACK_FRAME, `stack trace on stdout for ${label}`);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

void describe('input parsers (in-process)', () => {
  const chunking = fc.integer({ min: 1, max: 64 });
  const split = (text: string, size: number): string[] => {
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    return parts;
  };

  void it('readRecords never throws anything but a CliError, and every item is a record or a line-numbered error', async () => {
    await fc.assert(
      fc.asyncProperty(
        inputBytes,
        fc.constantFrom<InputFormat>('ndjson', 'csv', 'json'),
        chunking,
        fc.boolean(),
        async (bytes, format, size, sysIds) => {
          // Decoded as the CLI reads files (UTF-8, invalid bytes become U+FFFD).
          const text = bytes.toString('utf8');
          try {
            for (const item of await collect(readRecords(split(text, size), format, { allowSysIdLines: sysIds }))) {
              assert.ok(Number.isInteger(item.line) && item.line >= 1);
              if ('error' in item) assert.match(item.error, /^(line|item) \d+: /);
              else assert.equal(typeof item.record, 'object');
            }
          } catch (err) {
            assert.ok(err instanceof CliError, `${format}: ${String(err)}`);
            assert.ok(err.message.length > 0 && err.remedy !== undefined && err.remedy.length > 0);
          }
        },
      ),
      { numRuns: fuzzRuns(2000) },
    );
  });

  void it('parseCsv never throws and reports every broken row with its line', async () => {
    const csvText = fc
      .array(fc.constantFrom('a', ',', '"', '\n', '\r\n', '\r', ' ', 'é', '\uFFFD', '""'), { maxLength: 60 })
      .map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvText, fc.string()), chunking, async (text, size) => {
        for (const row of await collect(parseCsv(split(text, size)))) {
          assert.ok(row.line >= 1);
          if (row.error !== undefined) assert.match(row.error, /line \d+/);
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  void it('parseJsonObject: an object, or a usage CliError naming the flag', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })), (text) => {
        try {
          const value = parseJsonObject(text, '--data');
          assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value));
        } catch (err) {
          assert.ok(err instanceof CliError, String(err));
          assert.equal(err.exitCode, 2);
          assert.match(err.message, /--data/);
        }
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });
});

void describe('CLI fuzz against the emulator', () => {
  let sb: CliSandbox;
  let close: () => Promise<void>;
  before(async () => {
    const started = await startEmulatorSandbox({ seedIncidents: 30 });
    sb = started.sb;
    close = () => started.close();
  });
  after(() => close());

  /** run() must resolve with an exit code; anything it throws is shown with inspect (it may not be an Error). */
  const runInProcess = async (argv: string[], options: { stdin?: string }): Promise<CliResult> => {
    try {
      return await sb.run(argv, options);
    } catch (err) {
      assert.fail(`run() rejected for ${JSON.stringify(argv)}: ${inspect(err)}`);
    }
  };

  const writeInputs = async (bytes: Buffer): Promise<void> => {
    for (const name of ['in.csv', 'in.ndjson', 'in.json']) await writeFile(join(sb.dir, name), bytes);
  };

  void it('random argv and input files in-process: documented exit codes, no stack traces', async () => {
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        argvArb,
        inputBytes,
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        async (argv, bytes, stdin) => {
          await writeInputs(bytes);
          const result = await runInProcess(argv, stdin === undefined ? {} : { stdin });
          assertClean(argv, result);
          codes.add(result.code);
        },
      ),
      { numRuns: fuzzRuns(250) },
    );
    // Not only usage errors: some random command lines ran and talked to the emulator.
    assert.ok(codes.has(0) && codes.has(2), `exit codes seen: ${[...codes].join(',')}`);
  });

  void it('bulk input with broken encodings in-process: every command reports, none crashes', async () => {
    const codes = new Map<number, number>();
    const bulk = fc.tuple(
      fc.constantFrom('create', 'update', 'upsert', 'delete'),
      fc.constantFrom('in.csv', 'in.ndjson', 'in.json', '-'),
      fc.option(fc.constantFrom('ndjson', 'csv', 'json'), { nil: undefined }),
      inputBytes,
    );
    await fc.assert(
      fc.asyncProperty(bulk, async ([command, file, format, bytes]) => {
        await writeInputs(bytes);
        const argv = bulkArgv(command, file);
        if (format !== undefined) argv.push('--input-format', format);
        const result = await runInProcess(argv, file === '-' ? { stdin: bytes.toString('latin1') } : {});
        assertClean(argv, result);
        codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
      }),
      { numRuns: fuzzRuns(150) },
    );
    // The inputs reached the server: some runs wrote records, some failed per record (exit 5) or as a whole.
    const seen = JSON.stringify([...codes]);
    assert.ok((codes.get(0) ?? 0) > 0, `exit codes: ${seen}`);
    assert.ok((codes.get(5) ?? 0) + (codes.get(2) ?? 0) > 0, `exit codes: ${seen}`);
  });

  void it('the real CLI process: random argv and broken input files, no stack traces', async () => {
    const runs = Number(process.env['FUZZ_PROCESS_RUNS']) || 20;
    let spawned = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          argvArb,
          fc
            .tuple(fc.constantFrom('create', 'upsert', 'delete'), fc.constantFrom('in.csv', 'in.ndjson', 'in.json'))
            .map(([c, f]) => bulkArgv(c, f)),
        ),
        inputBytes,
        async (argv, bytes) => {
          await writeInputs(bytes);
          const result = await sb.spawn(argv);
          spawned++;
          assertClean(argv, result);
        },
      ),
      { numRuns: runs },
    );
    assert.equal(spawned, runs);
  });
});
