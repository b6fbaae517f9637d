// Canary secrets for the whole test run. scripts/run-tests.mjs sets NOWREST_CANARY_SEED (shared by every test
// process) and NOWREST_CANARY_DIR; the preload test/reliability/canary-capture.ts scans what the processes
// produce and test/reliability/canary-scan.ts fails the run on any occurrence. Tests that need a password,
// client secret or key take it from here so the scan knows it.
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../src/lib/logger.js';

/** Shared by every process of one run; a fresh value when a test file runs on its own. */
const SEED = /^[0-9a-f]{16}$/.test(process.env['NOWREST_CANARY_SEED'] ?? '')
  ? (process.env['NOWREST_CANARY_SEED'] as string)
  : randomBytes(8).toString('hex');

/** Letters and digits only, so JSON, URL and form encodings leave them unchanged. */
export const CANARIES = {
  password: `CnryPw${SEED}`,
  clientSecret: `CnrySecret${SEED}`,
  masterKey: `CnryMasterKey${SEED}`,
  /** A second password, for wrong-password and changed-password paths. */
  otherPassword: `CnryOtherPw${SEED}`,
  /** The password of the throwaway PostgreSQL cluster (test/helpers/postgres.ts), part of every --to URL. */
  databasePassword: `CnryDbPw${SEED}`,
} as const;

/**
 * Canaries planted by tests written before this module, with their own random parts. Matched by pattern,
 * raw only (their base64 forms are unknown here).
 */
const FOREIGN_PATTERNS: readonly RegExp[] = [
  /CanaryPw-[0-9a-f]{12}/g,
  /CanarySecret-[0-9a-f]{12}/g,
  /(?:AdminPw|ItilPw|WrongPw|WrongSecret|master)-[0-9a-f]{18}/g,
  /canary-Pw-7f3e9c1b|pw-canary-7f3a9c|canary-password-123/g,
];

/** Base64 forms of `text` wherever it sits in a longer encoded string (three byte alignments). */
function base64Forms(text: string): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.from('\0'.repeat(shift) + text).toString('base64');
    // Drop the characters that mix in the neighbouring bytes at both ends.
    const start = Math.ceil((shift * 4) / 3);
    const end = Math.floor(((shift + text.length) * 4) / 3);
    return encoded.slice(start, end);
  });
}

export interface CanaryNeedle {
  /** Which canary, and in which form (raw, base64). */
  readonly label: string;
  readonly text: string;
}

/** Every literal the scan looks for: each canary raw and in base64 (Basic headers, encoded tokens). */
export const CANARY_NEEDLES: readonly CanaryNeedle[] = Object.entries(CANARIES).flatMap(([name, value]) => [
  { label: name, text: value },
  ...base64Forms(value).map((text) => ({ label: `${name} (base64)`, text })),
]);

/** The longest needle (the capture keeps this much of the previous chunk to catch split occurrences). */
export const LONGEST_NEEDLE = Math.max(...CANARY_NEEDLES.map((n) => n.text.length), 64);

export interface CanaryHit {
  readonly label: string;
  /** Offset in the scanned text. */
  readonly index: number;
  readonly length: number;
}

/** Every occurrence of a canary (ours, or a pattern planted by older tests) in `text`. */
export function findCanaries(text: string): CanaryHit[] {
  const hits: CanaryHit[] = [];
  for (const needle of CANARY_NEEDLES) {
    for (let i = text.indexOf(needle.text); i >= 0; i = text.indexOf(needle.text, i + 1))
      hits.push({ label: needle.label, index: i, length: needle.text.length });
  }
  for (const pattern of FOREIGN_PATTERNS) {
    for (const match of text.matchAll(pattern))
      hits.push({ label: `planted by another test (${pattern.source})`, index: match.index, length: match[0].length });
  }
  return hits;
}

/** True when this process runs under scripts/run-tests.mjs with the canary scan on. */
export const canaryDir = (): string | undefined => process.env['NOWREST_CANARY_DIR'] || undefined;

/**
 * Hands text a test produced (log lines, error messages, pages) to the cross-run scan. Without
 * NOWREST_CANARY_DIR it does nothing; callers still assert on their own outputs.
 */
export function recordCanaryOutput(label: string, text: string): void {
  const dir = canaryDir();
  if (dir === undefined) return;
  appendFileSync(join(dir, `explicit-${process.pid}.log`), `--- ${label}\n${text}\n`);
}

/** A library logger at every level that hands each line and its data to the scan, and keeps them. */
export function canaryLogger(label: string): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const write =
    (level: string) =>
    (message: string, data?: Record<string, unknown>): void => {
      const line = `[${level}] ${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`;
      lines.push(line);
      recordCanaryOutput(label, line);
    };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
