// Transpiles src/ to plain JavaScript once per test run, so the many CLI processes the tests start run on
// node alone (about 0.4 s each) rather than through tsx's loader (about 1.5 s each). Files are transpiled one
// for one (no bundling), so the layout, import.meta.url and the package's own module resolution stay as in
// dist/. The type check is the lint's job (`tsc -p tsconfig.json`); this only strips types.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Where transpiled trees go: inside node_modules, so bare imports resolve to the repo's packages. */
const CACHE_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache');

function typeScriptFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Builds a tree of this run's own (two runs at once never share one) and returns its directory and the path of
 * the CLI's entry point in it. The caller removes the directory when the run ends.
 */
export async function buildForTests() {
  const src = join(import.meta.dirname, '..', 'src');
  mkdirSync(CACHE_DIR, { recursive: true });
  const dir = mkdtempSync(join(CACHE_DIR, 'nowrest-test-build-'));
  await build({
    entryPoints: typeScriptFiles(src),
    outdir: dir,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  cpSync(join(src, 'console', 'static'), join(dir, 'console', 'static'), { recursive: true });
  return { dir, cliMain: join(dir, 'cli', 'main.js') };
}
