// Transpiles src/ to plain JavaScript once per test run, so the many CLI processes the tests start run on
// node alone (about 0.4 s each) rather than through tsx's loader (about 1.5 s each). Files are transpiled one
// for one (no bundling), so the layout, import.meta.url and the package's own module resolution stay as in
// dist/. The type check is the lint's job (`tsc -p tsconfig.json`); this only strips types.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/** Where the transpiled tree goes: inside node_modules, so bare imports resolve to the repo's packages. */
export const TEST_BUILD_DIR = join(import.meta.dirname, '..', 'node_modules', '.cache', 'nowrest-test-build');

function typeScriptFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Builds the tree afresh and returns the path of the CLI's entry point in it. */
export async function buildForTests() {
  const src = join(import.meta.dirname, '..', 'src');
  rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
  await build({
    entryPoints: typeScriptFiles(src),
    outdir: TEST_BUILD_DIR,
    outbase: src,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  cpSync(join(src, 'console', 'static'), join(TEST_BUILD_DIR, 'console', 'static'), { recursive: true });
  return join(TEST_BUILD_DIR, 'cli', 'main.js');
}
