// Copies non-TypeScript assets (console static files, emulator pages) next to the compiled output.
import { cpSync, existsSync } from 'node:fs';
import { ASSET_DIRS } from './source-layout.mjs';

for (const dir of ASSET_DIRS) {
  if (existsSync(dir)) cpSync(dir, dir.replace(/^src/, 'dist'), { recursive: true });
}
