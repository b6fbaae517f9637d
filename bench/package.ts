/**
 * What a consumer of the published package pays: `npm pack` (prepack builds), the tarball installed offline into
 * an empty project (test/helpers/consumer-install.ts), then sizes and cold-start times measured there. Cold times
 * alternate with bare `node -e ''` in the same run, so the machine's load hits both alike; the figure is the
 * median difference. Targets: no native build or install script, tarball < 600 kB, `import('nowrest')` < 150 ms
 * over bare node. Size: BENCH_PACKAGE_RUNS (default 15 cold starts of each kind).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installConsumer, offlineEnv, packNowrest, ROOT } from '../test/helpers/consumer-install.js';
import { envInt, median } from './support/lib-client.js';
import { fmt, report } from './support/stats.js';

const RUNS = envInt('BENCH_PACKAGE_RUNS', 15);

/** Bytes of every file under `dir`, and how many of them are native addons (.node). */
function tally(dir: string): { bytes: number; native: number } {
  let bytes = 0;
  let native = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = tally(path);
      bytes += inner.bytes;
      native += inner.native;
    } else if (entry.isFile()) {
      bytes += statSync(path).size;
      if (entry.name.endsWith('.node')) native += 1;
    }
  }
  return { bytes, native };
}

/** The repo's installed size of the optional peers and everything they pull in (what the emulator adds). */
function peerTreeBytes(): number {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    peerDependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string> }>;
  };
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !lock.packages[`node_modules/${name}`]) return;
    seen.add(name);
    for (const dep of Object.keys(lock.packages[`node_modules/${name}`]?.dependencies ?? {})) visit(dep);
  };
  for (const peer of Object.keys(manifest.peerDependencies)) visit(peer);
  return [...seen].reduce((sum, name) => sum + tally(join(ROOT, 'node_modules', name)).bytes, 0);
}

/** Prints the process's own CPU time (user + system, ms) at exit: steadier than wall clock on a shared machine. */
const PRINT_CPU =
  "process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write(`cpu ${(c.user + c.system) / 1000}\\n`); });";

/** One cold `node -e <code>` run in `cwd`: its wall-clock and CPU milliseconds. */
function cold(cwd: string, code: string): { wall: number; cpu: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', `${PRINT_CPU}${code}`], {
    cwd,
    env: offlineEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const stderr = result.stderr.toString();
  if (result.status !== 0) throw new Error(`node -e ${code} failed: ${stderr}`);
  return { wall, cpu: Number(/cpu ([\d.]+)/.exec(stderr)?.[1] ?? Number.NaN) };
}

export async function runPackage(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'nowrest-bench-package-'));
  try {
    process.stdout.write('package: npm pack (builds) and an offline install into an empty project\n');
    const tarball = await packNowrest(work);
    const consumer = join(work, 'consumer');
    await installConsumer(tarball, consumer);
    const modules = join(consumer, 'node_modules');
    const installed = tally(modules);
    const own = tally(join(modules, 'nowrest'));
    const packages = readdirSync(modules).flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)) : name.startsWith('.') ? [] : [name],
    ).length;
    const lock = JSON.parse(readFileSync(join(modules, '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript === true).length;

    const cli = JSON.stringify(join(modules, 'nowrest', 'bin', 'nowrest.js'));
    const kinds = {
      bare: '',
      imported: "import('nowrest');",
      version: `process.argv.push(${cli}, '--version'); import(${cli});`,
    };
    const runs: Record<keyof typeof kinds, Array<{ wall: number; cpu: number }>> = {
      bare: [],
      imported: [],
      version: [],
    };
    cold(consumer, kinds.imported); // warm the file system cache once
    for (let i = 0; i < RUNS; i += 1) {
      for (const kind of ['bare', 'imported', 'version'] as const) runs[kind].push(cold(consumer, kinds[kind]));
    }
    const figure = (kind: keyof typeof runs): string => {
      const wall = median(runs[kind].map((r) => r.wall));
      const cpu = median(runs[kind].map((r) => r.cpu));
      if (kind === 'bare') return `median ${fmt(wall)} ms wall, ${fmt(cpu)} ms CPU over ${RUNS} cold starts`;
      const overWall = median(runs[kind].map((r, i) => r.wall - runs.bare[i]!.wall));
      const overCpu = median(runs[kind].map((r, i) => r.cpu - runs.bare[i]!.cpu));
      return `median ${fmt(wall)} ms wall (+${fmt(overWall)} ms over bare), ${fmt(cpu)} ms CPU (+${fmt(overCpu)} ms)`;
    };
    const kb = (bytes: number) => `${fmt(bytes / 1024)} kB`;
    report('package: what a consumer of the tarball installs and loads', [
      ['tarball (npm pack)', `${kb(tarball.size)} (target < 600 kB), ${tarball.files.length} files`],
      ['nowrest unpacked', kb(own.bytes)],
      ['consumer node_modules', `${kb(installed.bytes)} in ${packages} packages`],
      ['  optional peers not installed', `${kb(peerTreeBytes())} (better-sqlite3, selfsigned and their deps)`],
      ['native build', `${installed.native} .node files, ${scripted} install scripts (target 0 and 0)`],
      ['bare node -e "" (baseline)', figure('bare')],
      ["import('nowrest') (target +150 ms)", figure('imported')],
      ['nowrest --version', figure('version')],
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
