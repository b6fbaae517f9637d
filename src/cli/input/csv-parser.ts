import { CsvError, parse, type Options } from 'csv-parse/sync';

/** One CSV row with the physical line it starts on; `error` set if the row is malformed. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
  /** The row's source text (without the line break), kept so a bad row can be reported and retried. */
  readonly raw: string;
  readonly error?: string;
}

/** One record per call; column counts are checked by the caller, which names the expected count. */
const PARSE_OPTIONS: Options = { record_delimiter: '\n', relax_column_count: true, skip_empty_lines: true };

/** A record whose quoted field is still open at the end of the text it was given (it may go on next line). */
type Parsed = { fields: string[] } | { error: string } | { open: true } | { blank: true };

/**
 * Streaming RFC 4180 reader on csv-parse: quoted fields may hold commas, `""` and newlines; CRLF and LF
 * both end a row; a leading BOM is dropped. Rows are cut at line breaks and each is parsed on its own,
 * joining the next lines only while a quoted field is open, so a malformed row (stray quote, garbage
 * after a closing quote) is reported with its line and raw text, and parsing resumes at the next line:
 * one bad row never sinks a bulk import. Empty lines are skipped.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRow> {
  let pending: { line: number; text: string } | undefined;
  for await (const { line, text } of physicalLines(chunks)) {
    if (pending) {
      pending.text += `\n${text}`;
      // A line without a quote cannot close the open field: skip the re-parse (keeps long fields linear).
      if (!text.includes('"')) continue;
    } else {
      pending = { line, text };
    }
    const row = toRow(pending.line, pending.text, parseRecord(pending.text, pending.line));
    if (row === 'open') continue;
    pending = undefined;
    if (row) yield row;
  }
  if (pending) {
    const raw = withoutCr(pending.text);
    const fields = [raw];
    yield { line: pending.line, fields, raw, error: `unterminated quoted field starting on line ${pending.line}` };
  }
}

function toRow(line: number, text: string, parsed: Parsed): CsvRow | 'open' | undefined {
  if ('open' in parsed) return 'open';
  if ('blank' in parsed) return undefined;
  const raw = withoutCr(text);
  if ('error' in parsed) return { line, fields: [], raw, error: parsed.error };
  return { line, fields: parsed.fields, raw };
}

function parseRecord(text: string, firstLine: number): Parsed {
  let records: string[][];
  try {
    records = parse(withoutCr(text), PARSE_OPTIONS);
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') return { open: true };
    return { error: describe(err, firstLine + lineOf(err) - 1) };
  }
  const [fields] = records;
  if (!fields) return { blank: true };
  return { fields };
}

function lineOf(err: CsvError): number {
  const { lines } = err as unknown as { lines?: unknown };
  return typeof lines === 'number' && lines >= 1 ? lines : 1;
}

function describe(err: CsvError, line: number): string {
  if (err.code === 'INVALID_OPENING_QUOTE') {
    return `stray quote in an unquoted field at line ${line} (quote the whole field and double inner quotes)`;
  }
  if (err.code === 'CSV_INVALID_CLOSING_QUOTE') return `unexpected character after a closing quote at line ${line}`;
  return `at line ${line}: ${err.message}`;
}

/** The trailing CR of a CRLF line break is not data (a CR inside a quoted field is kept). */
function withoutCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** Splits text chunks into physical lines (each keeps a trailing CR), numbered from 1; drops a leading BOM. */
async function* physicalLines(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<{ line: number; text: string }> {
  let buffer = '';
  let line = 0;
  let first = true;
  for await (const chunk of chunks) {
    buffer += chunk;
    if (first && buffer.length > 0) {
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
      first = false;
    }
    let start = 0;
    let nl = buffer.indexOf('\n', start);
    while (nl >= 0) {
      line += 1;
      yield { line, text: buffer.slice(start, nl) };
      start = nl + 1;
      nl = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  if (buffer.length > 0) yield { line: line + 1, text: buffer };
}
