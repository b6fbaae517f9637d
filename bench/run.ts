/**
 * `npm run bench`: each benchmark prints its figure beside a baseline measured in the same run.
 * Benchmarks print; they never fail CI. Pass names to run a subset: `npm run bench -- emulator-list`.
 */
import { benchmarks } from './registry.js';

const wanted = process.argv.slice(2);
const selected = benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name));
if (selected.length === 0) {
  process.stderr.write(`no benchmark named ${wanted.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`# nowrest benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
for (const bench of selected) {
  const started = Date.now();
  try {
    await bench.run();
  } catch (error) {
    process.stdout.write(`\n## ${bench.name}: FAILED to run: ${(error as Error).message}\n`);
  }
  process.stdout.write(`  (took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
