import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CliError, usageError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

/** A `-f key=value` (string) or `-F key=value` (typed: numbers, true, false, null) pair. */
export interface FieldPair {
  readonly key: string;
  readonly value: string | number | boolean | null;
}

/** Parses `key=value`; the key may not be empty. */
export function parseField(raw: string, typed: boolean): FieldPair {
  const at = raw.indexOf('=');
  if (at <= 0) throw usageError(`field '${raw}' is not key=value`, 'e.g. -f short_description="Disk full"');
  const key = raw.slice(0, at);
  const text = raw.slice(at + 1);
  if (!typed) return { key, value: text };
  if (text === 'true' || text === 'false') return { key, value: text === 'true' };
  if (text === 'null') return { key, value: null };
  if (/^-?\d+(\.\d+)?$/.test(text) && Number.isFinite(Number(text))) return { key, value: Number(text) };
  return { key, value: text };
}

/** `Name: value` headers; Authorization is refused, because a credential in argv leaks (use a connection). */
export function parseHeaders(raw: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of raw ?? []) {
    const at = line.indexOf(':');
    const name = at > 0 ? line.slice(0, at).trim() : '';
    // The text is not echoed: a malformed header may well be a credential ("Authorization Basic …").
    if (!/^[A-Za-z0-9-]+$/.test(name))
      throw usageError('a -H value is not "Name: value"', 'e.g. -H "Accept: application/json"');
    if (['authorization', 'cookie', 'proxy-authorization'].includes(name.toLowerCase())) {
      throw usageError(
        `refusing the ${name} header on the command line (it would show in the process list and shell history)`,
        'the connection supplies credentials: pick it with -c NAME',
      );
    }
    out[name] = line.slice(at + 1).trim();
  }
  return out;
}

/** The JSON body from `--input FILE` or `--input -` (stdin); not JSON is a usage error. */
export async function readJsonInput(file: string, cwd: string, stdin: Readable): Promise<unknown> {
  let text: string;
  if (file === '-') {
    stdin.setEncoding('utf8');
    text = '';
    for await (const chunk of stdin) text += chunk as string;
  } else {
    try {
      text = await readFile(resolve(cwd, file), 'utf8');
    } catch (err) {
      throw new CliError('CLI_FILE', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
        exitCode: ExitCode.usage,
        remedy: 'check the path of --input',
      });
    }
  }
  if (text.trim() === '') throw usageError(`--input ${file} is empty`, 'give a JSON document as the request body');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw usageError(
      `--input ${file} is not valid JSON: ${(err as Error).message}`,
      'the request body must be a JSON document',
    );
  }
}
