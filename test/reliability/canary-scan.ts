// The final step of scripts/run-tests.mjs: sums what canary-capture.ts saw in every test process, and scans
// the test runner's output (failures, assertion messages, test logs; a TAP copy) and the explicit outputs
// tests recorded (library log lines, error messages, pages). Prints the count; exits 1 on any occurrence.
// Usage: tsx test/reliability/canary-scan.ts <NOWREST_CANARY_DIR> <runner-output-file>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findCanaries } from '../helpers/canaries.js';

interface Capture {
  readonly argv: readonly string[];
  readonly responses: number;
  readonly children: number;
  readonly bytes: { readonly httpResponses: number; readonly childOutput: number };
  readonly hits: readonly { readonly source: string; readonly label: string; readonly excerpt: string }[];
}

const [dir, runnerOutput] = process.argv.slice(2);
if (dir === undefined) {
  process.stderr.write('usage: canary-scan.ts <dir> [runner-output-file]\n');
  process.exit(2);
}

const findings: string[] = [];
const totals = {
  processes: 0,
  responses: 0,
  children: 0,
  httpBytes: 0,
  childBytes: 0,
  runnerBytes: 0,
  explicitBytes: 0,
};

for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  if (name.startsWith('capture-') && name.endsWith('.json')) {
    const capture = JSON.parse(readFileSync(path, 'utf8')) as Capture;
    totals.processes++;
    totals.responses += capture.responses;
    totals.children += capture.children;
    totals.httpBytes += capture.bytes.httpResponses;
    totals.childBytes += capture.bytes.childOutput;
    const file = capture.argv.find((a) => a.endsWith('.ts')) ?? capture.argv.join(' ');
    for (const hit of capture.hits) findings.push(`${file}: ${hit.label} in ${hit.source}: …${hit.excerpt}…`);
  } else if (name.startsWith('explicit-') && name.endsWith('.log')) {
    const text = readFileSync(path, 'latin1');
    totals.explicitBytes += text.length;
    for (const hit of findCanaries(text)) findings.push(`${name}: ${hit.label} in recorded output at ${hit.index}`);
  }
}
if (runnerOutput !== undefined) {
  const text = readFileSync(runnerOutput, 'latin1');
  totals.runnerBytes = text.length;
  for (const hit of findCanaries(text)) findings.push(`test runner output: ${hit.label} at offset ${hit.index}`);
}

const kib = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;
process.stdout.write(
  `canary scan: ${findings.length} occurrences; scanned ${totals.responses} HTTP responses (${kib(totals.httpBytes)}) ` +
    `and the output of ${totals.children} child processes (${kib(totals.childBytes)}) in ${totals.processes} test processes, ` +
    `${kib(totals.runnerBytes)} of test runner output, ${kib(totals.explicitBytes)} of recorded logs and errors\n`,
);
for (const finding of findings.slice(0, 50)) process.stdout.write(`  ${finding}\n`);
process.exit(findings.length === 0 ? 0 : 1);
