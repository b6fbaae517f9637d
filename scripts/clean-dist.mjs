// Empties dist/ before a build, so a pack never ships compiled files whose sources were removed or renamed.
import { rmSync } from 'node:fs';
rmSync('dist', { recursive: true, force: true });
