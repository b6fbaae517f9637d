import { InvalidArgumentError, Option } from 'commander';
import type { DisplayValue } from '../lib/table-params.js';
import { OUTPUT_FORMATS, type OutputFormat } from './output/record-format.js';

/** Parses a positive integer flag value (commander turns the error into exit 2). */
export function positiveInt(max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    }
    return n;
  };
}

/** Parses whole-number flag values from 0 to `max` (commander turns the error into exit 2). */
export function nonNegativeInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > max) throw new InvalidArgumentError(`expected a whole number from 0 to ${max}`);
    return n;
  };
}

/** Parses `--timeout <seconds>` (decimals allowed, up to a day) into milliseconds. */
export function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0) || n > 86_400) {
    throw new InvalidArgumentError('expected seconds greater than 0 and at most 86400, e.g. 30 or 2.5');
  }
  return Math.max(1, Math.round(n * 1000));
}

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function displayValueOption(): Option {
  return new Option('--display-value <mode>', 'reference/choice values: false, true (labels) or all (both)').choices([
    'false',
    'true',
    'all',
  ]);
}

export function toDisplayValue(mode: string | undefined): DisplayValue | undefined {
  if (mode === undefined) return undefined;
  return mode === 'all' ? 'all' : mode === 'true';
}

export function formatOption(formats: readonly OutputFormat[] = OUTPUT_FORMATS): Option {
  return new Option('--format <format>', 'output format').choices([...formats]);
}

/** The output format: the flag, else JSON with --json or when stdout is not a terminal, else a table. */
export function pickFormat(flag: string | undefined, json: boolean, stdoutTTY: boolean): OutputFormat {
  if (flag !== undefined) return flag as OutputFormat;
  if (json || !stdoutTTY) return 'json';
  return 'table';
}

/** `a,b , c` → ['a','b','c'] (undefined when empty). */
export function fieldsOf(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return list.length > 0 ? list : undefined;
}
