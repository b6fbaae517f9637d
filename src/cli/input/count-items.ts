import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { readRecords, type InputFormat } from './record-source.js';

/**
 * How many input items a bulk input file holds, for a progress total: a first pass with the same reader the
 * command then uses (NDJSON lines, CSV rows, JSON array items), so the count is exact and, but for JSON, memory
 * stays bounded. Undefined for stdin, which cannot be read twice.
 */
export async function countInputItems(
  file: string | undefined,
  cwd: string,
  format: InputFormat,
  allowSysIdLines: boolean,
): Promise<number | undefined> {
  if (file === undefined || file === '-') return undefined;
  let count = 0;
  const stream = createReadStream(resolve(cwd, file), { encoding: 'utf8' });
  try {
    for await (const _item of readRecords(stream as AsyncIterable<string>, format, { allowSysIdLines })) count += 1;
  } catch {
    // A file the real pass will reject (bad CSV header) reports its error there; no total here.
    return undefined;
  } finally {
    stream.destroy();
  }
  return count;
}
