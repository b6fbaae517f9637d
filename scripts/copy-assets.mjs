// Copies non-TypeScript assets (console static files, emulator pages) next to the compiled output.
import { cpSync, existsSync } from 'node:fs';
for (const dir of ['src/console/static', 'src/emulator/pages']) {
  if (existsSync(dir)) cpSync(dir, dir.replace(/^src/, 'dist'), { recursive: true });
}
