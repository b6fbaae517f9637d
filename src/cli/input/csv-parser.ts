/** One CSV row with the physical line it starts on; `error` set if the row is malformed. */
export interface CsvRow {
  readonly line: number;
  readonly fields: string[];
  /** The row's source text (without the line break), kept so a bad row can be reported and retried. */
  readonly raw: string;
  readonly error?: string;
}

/**
 * Streaming RFC 4180 parser: quoted fields may hold commas, `""` and newlines; CRLF and LF both end a
 * row. A malformed row (stray quote, garbage after a closing quote) is reported with its line and
 * parsing resumes at the next line, so one bad row never sinks a bulk import. Empty lines are skipped.
 */
export async function* parseCsv(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRow> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotePending = false; // saw `"` inside a quoted field: either `""` or the closing quote
  let fieldQuoted = false;
  let line = 1;
  let rowStart = 1;
  let error: string | undefined;
  let raw = '';

  const endRow = (): CsvRow | undefined => {
    fields.push(field);
    const isBlank = fields.length === 1 && fields[0] === '' && !fieldQuoted;
    const row: CsvRow | undefined =
      isBlank && !error ? undefined : { line: rowStart, fields, raw, ...(error ? { error } : {}) };
    raw = '';
    fields = [];
    field = '';
    fieldQuoted = false;
    error = undefined;
    return row;
  };

  for await (const chunk of chunks) {
    const rows: CsvRow[] = [];
    for (const ch of chunk) {
      const quotedChar = inQuotes && (!quotePending || ch === '"');
      if (quotedChar || (ch !== '\n' && ch !== '\r')) raw += ch;
      if (quotePending) {
        quotePending = false;
        if (ch === '"') {
          field += '"';
          continue;
        }
        inQuotes = false; // it was the closing quote; fall through and treat ch as unquoted
        if (ch !== ',' && ch !== '\n' && ch !== '\r' && !error) {
          error = `unexpected character after a closing quote at line ${line}`;
        }
      }
      if (inQuotes) {
        if (ch === '"') quotePending = true;
        else {
          if (ch === '\n') line += 1;
          field += ch;
        }
        continue;
      }
      if (ch === ',') {
        fields.push(field);
        field = '';
        fieldQuoted = false;
      } else if (ch === '\n') {
        const row = endRow();
        if (row) rows.push(row);
        line += 1;
        rowStart = line;
      } else if (ch === '\r') {
        // CR of CRLF: dropped; a lone CR inside an unquoted field is not meaningful data either.
      } else if (ch === '"') {
        if (field === '' && !fieldQuoted && !error) {
          inQuotes = true;
          fieldQuoted = true;
        } else if (!error) {
          error = `stray quote in an unquoted field at line ${line} (quote the whole field and double inner quotes)`;
        }
      } else if (!error) {
        field += ch;
      }
    }
    yield* rows;
  }
  if (inQuotes && !quotePending) {
    fields.push(field);
    yield { line: rowStart, fields, raw, error: `unterminated quoted field starting on line ${rowStart}` };
    return;
  }
  const last = endRow();
  if (last) yield last;
}
