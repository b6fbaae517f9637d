import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';
import { parseCsv } from './csv-parser.js';

/** Supported bulk input formats. */
export type InputFormat = 'ndjson' | 'csv' | 'json';

/** One input item: a record, or the reason its line could not be read (it then goes to failures). */
export type InputItem =
  | { readonly line: number; readonly record: Record<string, unknown> }
  | { readonly line: number; readonly error: string; readonly raw: string };

/** Parses a JSON object given on the command line, naming the error position on failure (exit 2). */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw usageError(
      `invalid JSON in ${what}: ${(err as Error).message}`,
      'check quotes and braces, e.g. --data \'{"short_description":"Printer down"}\'',
    );
  }
  if (!isPlainObject(value)) throw usageError(`${what} must be a JSON object, e.g. {"short_description":"x"}`);
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Picks the input format: the explicit flag, else the file extension, else NDJSON. */
export function detectInputFormat(explicit: string | undefined, file: string | undefined): InputFormat {
  if (explicit !== undefined) {
    if (explicit === 'ndjson' || explicit === 'csv' || explicit === 'json') return explicit;
    throw usageError(`unknown --input-format '${explicit}'`, 'use ndjson, csv or json');
  }
  const ext = file ? extname(file).toLowerCase() : '';
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  return 'ndjson';
}

/** Opens `file` (resolved against cwd) or stdin as UTF-8 text; a missing file is a usage error. */
export async function openTextInput(file: string | undefined, cwd: string, stdin: Readable): Promise<Readable> {
  if (file === undefined || file === '-') {
    stdin.setEncoding('utf8');
    return stdin;
  }
  const path = resolve(cwd, file);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw usageError(`${file} is not a file`, 'pass a path to an NDJSON, CSV or JSON file');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError('CLI_FILE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      exitCode: ExitCode.usage,
      remedy: 'check the path and permissions',
    });
  }
  return createReadStream(path, { encoding: 'utf8' });
}

async function* lines(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<{ line: number; text: string }> {
  let buffer = '';
  let line = 0;
  for await (const chunk of chunks) {
    buffer += chunk;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      line += 1;
      yield { line, text: buffer.slice(0, nl).replace(/\r$/, '') };
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  if (buffer.length > 0) yield { line: line + 1, text: buffer.replace(/\r$/, '') };
}

async function* ndjsonItems(
  chunks: AsyncIterable<string> | Iterable<string>,
  allowSysId: boolean,
): AsyncGenerator<InputItem> {
  for await (const { line, text } of lines(chunks)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    // `delete` also takes plain sys_ids, one a line, e.g. piped from `nowrest query --format csv`.
    if (allowSysId && /^[0-9a-f]{32}$/i.test(trimmed)) {
      yield { line, record: { sys_id: trimmed } };
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (err) {
      yield { line, error: `line ${line}: invalid JSON: ${(err as Error).message}`, raw: text };
      continue;
    }
    if (isPlainObject(value)) yield { line, record: value };
    else yield { line, error: `line ${line}: expected a JSON object`, raw: text };
  }
}

async function* csvItems(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<InputItem> {
  let header: string[] | undefined;
  for await (const row of parseCsv(chunks)) {
    if (!header) {
      if (row.error) throw usageError(`CSV header: ${row.error}`, 'the first line must name the fields');
      header = row.fields.map((f) => f.trim());
      const twice = header.find((name, i) => header?.indexOf(name) !== i);
      if (twice !== undefined) {
        // Two columns with one name would silently keep only the last value of each row.
        throw usageError(
          `CSV header names the column "${twice}" twice`,
          `give each column its own field name (remove or rename the second "${twice}")`,
        );
      }
      continue;
    }
    if (row.error) {
      yield { line: row.line, error: `line ${row.line}: ${row.error}`, raw: row.raw };
    } else if (row.fields.length !== header.length) {
      const msg = `line ${row.line}: expected ${header.length} columns, found ${row.fields.length}`;
      yield { line: row.line, error: msg, raw: row.raw };
    } else {
      const cols = header;
      yield { line: row.line, record: Object.fromEntries(row.fields.map((v, i) => [cols[i] ?? `col${i}`, v])) };
    }
  }
}

async function* jsonItems(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<InputItem> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  const value: unknown = (() => {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw usageError(`invalid JSON input: ${(err as Error).message}`, 'give one JSON object or an array of objects');
    }
  })();
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  for (const [i, item] of items.entries()) {
    if (isPlainObject(item)) yield { line: i + 1, record: item };
    else yield { line: i + 1, error: `item ${i + 1}: expected a JSON object`, raw: JSON.stringify(item) ?? '' };
  }
}

/**
 * Reads records lazily from text chunks, so a bulk import of millions of lines runs in bounded memory.
 * For `json`, `line` is the array index + 1.
 */
export function readRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
  format: InputFormat,
  options: { allowSysIdLines?: boolean } = {},
): AsyncGenerator<InputItem> {
  switch (format) {
    case 'ndjson':
      return ndjsonItems(chunks, options.allowSysIdLines === true);
    case 'csv':
      return csvItems(chunks);
    case 'json':
      return jsonItems(chunks);
  }
}
