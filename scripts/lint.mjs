// `npm run lint`: ESLint, Prettier and the TypeScript check, started together (they are independent and each
// is mostly one core's work, so on two cores this takes the time of the longest rather than of all three).
// Each one's output is printed whole when it ends, so the outputs never interleave; the exit code is non-zero
// when any of them failed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = (pkg, file) => join(import.meta.dirname, '..', 'node_modules', pkg, file);
const CHECKS = [
  { name: 'eslint .', args: [bin('eslint', 'bin/eslint.js'), '.'] },
  { name: 'prettier --check .', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '.'] },
  { name: 'tsc -p tsconfig.json', args: [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json'] },
];

function runCheck({ name, args }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (error) => resolve({ name, code: 1, text: String(error) }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, text: Buffer.concat(output).toString() }));
  });
}

const results = await Promise.all(CHECKS.map(runCheck));
for (const { name, code, text } of results) {
  process.stdout.write(
    `> ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n${text.trimEnd()}\n`.replace(/\n\n$/, '\n'),
  );
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
