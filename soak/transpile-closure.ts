/**
 * Transpiles a TypeScript entry file and every relative module it imports into plain ESM in a directory, so
 * a child process starts with bare `node` (no loader): the token crash soak starts a process per kill, and a
 * loader would multiply its run time several-fold. Types are only stripped, never checked (tsc does that).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const RELATIVE_IMPORT = /(?:from|import)\s*'(\.{1,2}\/[^']+)\.js'/g;

/** Writes `<outDir>/<path from repo root>.js` for the entry and its imports; returns the entry's output path. */
export async function transpileClosure(entry: string, outDir: string): Promise<string> {
  const done = new Set<string>();
  const queue = [resolve(entry)];
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'package.json'), '{"type":"module"}\n');
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (done.has(file)) continue;
    done.add(file);
    const source = await readFile(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    });
    const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, outputText);
    for (const m of source.matchAll(RELATIVE_IMPORT)) queue.push(resolve(dirname(file), `${m[1]}.ts`));
  }
  return join(outDir, relative(ROOT, resolve(entry))).replace(/\.ts$/, '.js');
}
