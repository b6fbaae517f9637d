import { parse, type CsvError, type Options, type Parser } from 'csv-parse';
import { CsvText } from './csv-text.js';

/** One CSV row with the physical line it starts on; `error` set if the row is malformed. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
  /** The row's source text (without the line break), kept so a bad row can be reported and retried. */
  readonly raw: string;
  readonly error?: string;
}

/** The first error in a parser's input: the record it sits in is cut off at that line's break. */
interface Failure {
  readonly error: CsvError;
  /** csv-parse's raw text of the record up to the character it failed on. */
  readonly raw: string | undefined;
}

/** What csv-parse emits with `raw: true`. */
interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
}

/**
 * Column counts are checked by the caller, which names the expected count. Both CRLF and LF end a record (in any
 * mix); a lone CR is data. The BOM is dropped by CsvText, so a parser restarted mid-file never drops one.
 * `raw` gives the text CsvText needs to find each record's end; `skip_records_with_error` makes csv-parse hand a
 * record's first error to `on_skip` with the raw text up to the failing character (see ParserRun).
 */
const PARSE_OPTIONS: Options = {
  bom: false,
  raw: true,
  record_delimiter: ['\r\n', '\n'],
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
};

/**
 * Streaming RFC 4180 reader on csv-parse's stream API: quoted fields may hold commas, `""` and newlines; CRLF and
 * LF both end a row; a leading BOM is dropped; empty lines are skipped. A malformed row (stray quote, garbage after
 * a closing quote) is reported with its line and raw text up to the end of the physical line holding the error, and
 * parsing resumes on the next line with a fresh parser: one bad row never sinks a bulk import. (csv-parse's own
 * `skip_records_with_error` carries on inside the broken quote state, which can swallow the rows that follow.)
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRow> {
  const text = new CsvText(chunks);
  try {
    for (;;) {
      const failure = yield* parseUntilFailure(text);
      if (!failure) return;
      yield await malformedRow(text, failure);
    }
  } finally {
    await text.close();
  }
}

/**
 * Parses `text` from where it stands with one parser, until the input ends or a record fails. csv-parse parses a
 * chunk within `write`, so its records can be read as soon as `write` returns.
 */
async function* parseUntilFailure(text: CsvText): AsyncGenerator<CsvRow, Failure | undefined> {
  const run = new ParserRun();
  const pending = text.pending();
  for (let chunk = pending || (await text.pull()); chunk !== undefined; chunk = await text.pull()) {
    run.parser.write(chunk);
    yield* takeRows(text, run);
    if (run.failure) return run.failure;
  }
  await ended(run);
  yield* takeRows(text, run);
  return run.failure;
}

/**
 * Thrown from `on_skip`, so that csv-parse stops at a record's first error instead of reading on inside it (the
 * next parser reads that text again). The records it made before the error stay readable.
 */
const STOP = new Error('stop at the first malformed record');

/** One csv-parse stream and its first failure. */
class ParserRun {
  failure?: Failure;
  /** An error that is not a malformed record (a bug): it is thrown. */
  error?: Error;
  readonly parser: Parser = parse({
    ...PARSE_OPTIONS,
    on_skip: (error, raw) => {
      if (error) this.failure = { error, raw };
      throw STOP;
    },
  });

  constructor() {
    this.parser.on('error', (error) => {
      if (error !== STOP) this.error = error;
    });
  }
}

function* takeRows(text: CsvText, run: ParserRun): Generator<CsvRow> {
  for (let record = readRecord(run); record; record = readRecord(run)) {
    const { line, raw } = text.takeRecord(record.raw);
    yield { line, fields: record.record, raw };
  }
  if (run.error !== undefined) throw run.error;
}

function readRecord(run: ParserRun): ParsedRecord | null {
  return run.parser.read() as ParsedRecord | null;
}

/** Ends the input and waits for csv-parse to parse what it held back (the last record, an open quote). */
function ended(run: ParserRun): Promise<void> {
  return new Promise((resolve) => {
    run.parser.once('finish', resolve);
    run.parser.once('error', () => resolve());
    run.parser.end();
  });
}

async function malformedRow(text: CsvText, { error, raw }: Failure): Promise<CsvRow> {
  const atEnd = error.code === 'CSV_QUOTE_NOT_CLOSED';
  const row = await text.takeMalformed(atEnd ? undefined : raw);
  return { line: row.line, fields: [], raw: row.raw, error: describe(error, row.line, row.errorLine) };
}

/** What each error csv-parse can raise under PARSE_OPTIONS says, by code; others fall back to its own message. */
const MESSAGES: Partial<Record<CsvError['code'], (firstLine: number, line: number) => string>> = {
  CSV_QUOTE_NOT_CLOSED: (firstLine) => `unterminated quoted field starting on line ${firstLine}`,
  INVALID_OPENING_QUOTE: (_, line) =>
    `stray quote in an unquoted field at line ${line} (quote the whole field and double inner quotes)`,
  CSV_INVALID_CLOSING_QUOTE: (_, line) => `unexpected character after a closing quote at line ${line}`,
};

function describe(error: CsvError, firstLine: number, line: number): string {
  return MESSAGES[error.code]?.(firstLine, line) ?? `at line ${line}: ${error.message}`;
}
