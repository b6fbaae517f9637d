#!/usr/bin/env node
// Installed package: run the compiled CLI. From a source checkout without a build, fall back to tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
if (existsSync(compiled)) {
  const { run } = await import(pathToFileURL(compiled).href);
  await run(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
  await run(process.argv.slice(2));
}
