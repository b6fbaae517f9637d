// What the build scripts share about the source tree: how to list its files, and which folders hold files that
// are not TypeScript but that the code reads beside itself (copied next to dist/ and next to a transpiled tree).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of non-TypeScript assets, relative to the repo. */
export const ASSET_DIRS = ['src/console/static', 'src/emulator/pages'];

/** Every file under `dir` (recursively) whose name ends with `suffix`. */
export function filesUnder(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, suffix);
    return path.endsWith(suffix) ? [path] : [];
  });
}
