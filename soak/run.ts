/**
 * `npm run soak [-- <name>...]`: the long reliability runs of docs/reliability.md. Runs every scenario (or
 * the named ones) at the sizes the issue asks for, overridable by environment variables, prints a summary
 * table and exits 1 if any promise was broken. `npm test` runs small versions (test/reliability/).
 */
import { cpus } from 'node:os';
import { SCENARIOS } from './scenarios.js';
import { createCliSandbox, startEmulatorProcess } from './processes.js';
import type { ScenarioReport } from './scenario.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length > 0 || process.argv.includes('--help')) {
  const list = SCENARIOS.map((s) => `  ${s.name.padEnd(8)} ${s.title}\n           sizes: ${s.sizes(process.env)}`).join(
    '\n',
  );
  process.stderr.write(
    `${unknown.length > 0 ? `unknown scenario: ${unknown.join(', ')}\n` : ''}usage: npm run soak [-- <scenario>...]\n\nScenarios:\n${list}\n`,
  );
  process.exit(unknown.length > 0 ? 2 : 0);
}

const chosen = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name));
const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);
const results: { name: string; seconds: number; report?: ScenarioReport; error?: string }[] = [];

log(
  `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), ${new Date().toISOString()}`,
);
for (const scenario of chosen) {
  log(`${scenario.name}: ${scenario.title} (${scenario.sizes(process.env)})`);
  const started = performance.now();
  try {
    const report = await scenario.run(
      { startEmulator: startEmulatorProcess, createCli: createCliSandbox, log },
      process.env,
    );
    results.push({ name: scenario.name, seconds: (performance.now() - started) / 1000, report });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name: scenario.name, seconds: (performance.now() - started) / 1000, error: message });
  }
}

let broken = 0;
const out: string[] = ['', '| scenario | promise | kept | evidence |', '| --- | --- | --- | --- |'];
for (const r of results) {
  if (r.error !== undefined) {
    broken += 1;
    out.push(`| ${r.name} | runs to the end | NO | ${r.error.replace(/\|/g, '/')} |`);
    continue;
  }
  for (const c of r.report?.checks ?? []) {
    if (!c.ok) broken += 1;
    out.push(`| ${r.name} | ${c.name} | ${c.ok ? 'yes' : 'NO'} | ${c.detail.replace(/\|/g, '/')} |`);
  }
}
out.push('', '| scenario | figure | value |', '| --- | --- | --- |');
for (const r of results) {
  out.push(`| ${r.name} | wall time | ${r.seconds.toFixed(1)} s |`);
  for (const [label, value] of r.report?.figures ?? [])
    out.push(`| ${r.name} | ${label} | ${value.replace(/\|/g, '/')} |`);
}
out.push('', broken === 0 ? 'All promises kept.' : `${broken} promise(s) BROKEN.`, '');
process.stdout.write(out.join('\n'));
process.exit(broken === 0 ? 0 : 1);
