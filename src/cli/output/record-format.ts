import { stringify } from 'csv-stringify/sync';

/** Output formats for records. `table` is for people; the others are for programs. */
export type OutputFormat = 'json' | 'ndjson' | 'csv' | 'table';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'ndjson', 'csv', 'table'];

type RecordLike = Readonly<Record<string, unknown>>;

/**
 * Turns one field value into a cell. References and `display_value=all` give objects: a cell shows the
 * display value when there is one (what people read), else the raw value; anything else is JSON.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj['display_value'] === 'string') return obj['display_value'];
    if (typeof obj['value'] === 'string') return obj['value'];
  }
  return JSON.stringify(value);
}

/**
 * RFC 4180 rows, CRLF-terminated: a cell is quoted only when needed (a comma, quote or line break, or
 * edge whitespace that spreadsheets would trim), inner quotes doubled.
 */
const CSV_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]|^\s|\s$/ } as const;

export function csvRow(cells: readonly string[]): string {
  return stringify([cells], CSV_OPTIONS);
}

/**
 * Streams records as text, one chunk per record, so callers can write pages with backpressure and
 * count bytes (export checkpoints the byte offset). CSV columns come from `columns`, else the first
 * record's keys.
 */
export interface RecordFormatter {
  /** Text for one record (the CSV header is returned along with the first row). */
  record(rec: RecordLike): string;
  /** Text closing the document (`]` for json). */
  end(): string;
  /** CSV columns once known. */
  readonly columns: readonly string[] | undefined;
}

export function createRecordFormatter(
  format: Exclude<OutputFormat, 'table'>,
  options: { columns?: readonly string[] | undefined; headerWritten?: boolean } = {},
): RecordFormatter {
  let columns = options.columns;
  let count = 0;
  let headerDone = options.headerWritten === true;
  return {
    get columns() {
      return columns;
    },
    record(rec) {
      count += 1;
      switch (format) {
        case 'ndjson':
          return `${JSON.stringify(rec)}\n`;
        case 'json':
          return `${count === 1 ? '[\n' : ',\n'}  ${JSON.stringify(rec)}`;
        case 'csv': {
          columns ??= Object.keys(rec);
          const cols = columns;
          const row = csvRow(cols.map((c) => cellText(rec[c])));
          if (headerDone) return row;
          headerDone = true;
          return `${csvRow(cols)}${row}`;
        }
      }
    },
    end() {
      if (format === 'json') return count === 0 ? '[]\n' : '\n]\n';
      if (format === 'csv' && !headerDone && columns) {
        headerDone = true;
        return csvRow(columns);
      }
      return '';
    },
  };
}

/** An aligned text table of records (cells cut at `maxWidth`); buffers, so only for bounded output. */
export function formatTable(records: readonly RecordLike[], columns?: readonly string[], maxWidth = 40): string {
  const cols = columns && columns.length > 0 ? columns : [...new Set(records.flatMap((r) => Object.keys(r)))];
  if (cols.length === 0) return records.length === 0 ? '(no records)\n' : '';
  const cut = (s: string) => {
    const flat = s.replace(/\s+/g, ' ');
    return flat.length > maxWidth ? `${flat.slice(0, maxWidth - 1)}…` : flat;
  };
  const rows = records.map((r) => cols.map((c) => cut(cellText(r[c]))));
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [fmt(cols), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
  if (records.length === 0) lines.push('(no records)');
  return `${lines.join('\n')}\n`;
}
