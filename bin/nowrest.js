#!/usr/bin/env node
// An installed package has no src/: it runs the compiled CLI in dist/. A source checkout runs src/ through tsx,
// so a dist/ left over from `npm pack` or `npm run build` never shadows the sources being edited.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(pathToFileURL(source).href);
  await run(process.argv.slice(2));
} else {
  const { run } = await import(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href);
  await run(process.argv.slice(2));
}
