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
  /** How many records the parser had emitted before it (they are good). */
  readonly recordsBefore: number;
}

/** What csv-parse emits with `raw: true`. */
interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
}

/**
 * Column counts are checked by the caller, which names the expected count. Both CRLF and LF end a record (in any
 * mix); a lone CR is data. The BOM is dropped by CsvText, so a parser restarted mid-file never drops one.
 * `skip_records_with_error` keeps the stream alive past an error: a destroyed stream would drop the good records
 * it still buffers. `raw` gives the text CsvText needs to find each record's end.
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

/** Parses `text` from where it stands with one parser, until the input ends or a record fails. */
async function* parseUntilFailure(text: CsvText): AsyncGenerator<CsvRow, Failure | undefined> {
  let failure: Failure | undefined;
  const parser: Parser = parse({
    ...PARSE_OPTIONS,
    on_skip: (error, raw) => {
      if (error && !failure) failure = { error, raw, recordsBefore: parser.info.records };
    },
  });
  const feeding = feed(parser, text, () => failure !== undefined);
  let records = 0;
  try {
    for await (const record of parser as AsyncIterable<ParsedRecord>) {
      // Records after the failure come from a broken quote state: the next parser reads that text again.
      if (failure && records >= failure.recordsBefore) continue;
      records += 1;
      yield toRow(text, record);
    }
  } finally {
    parser.destroy();
    await feeding;
  }
  return failure;
}

function toRow(text: CsvText, record: ParsedRecord): CsvRow {
  const { line, raw } = text.takeRecord(record.raw);
  return { line, fields: record.record, raw };
}

/** Writes what `text` holds, then each chunk it pulls, with backpressure; stops early once a record has failed. */
async function feed(parser: Parser, text: CsvText, failed: () => boolean): Promise<void> {
  const pending = text.pending();
  let chunk = pending.length > 0 ? pending : await text.pull();
  while (chunk !== undefined && !failed() && !parser.destroyed) {
    if (!parser.write(chunk)) await drained(parser);
    if (failed() || parser.destroyed) break;
    chunk = await text.pull();
  }
  if (!parser.destroyed) parser.end();
}

function drained(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
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
