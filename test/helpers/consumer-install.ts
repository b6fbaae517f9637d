/**
 * Packs nowrest as `npm publish` would and installs the tarball into an empty consumer project, offline: what a
 * user of the published package gets. Shared by test/package and the `package` benchmark.
 *
 * npm cannot resolve a semver range offline without registry metadata, which `npm ci` does not cache, so the
 * consumer gets a lockfile: the repo's own production tree (package-lock.json entries not marked dev), which is
 * npm's resolution of exactly what `npm i nowrest` installs. Tarballs then come from the local npm cache by
 * integrity; the registry and proxies point at a closed port, so any network access fails the install.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** What one process run produced. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A closed port on loopback: a registry or proxy there refuses at once. */
const NOWHERE = 'http://127.0.0.1:9/';

/** The environment of every npm, npx and node run in the consumer: no registry, no proxy, no update checks. */
export function offlineEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    npm_config_registry: NOWHERE,
    npm_config_proxy: NOWHERE,
    npm_config_https_proxy: NOWHERE,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** Runs a command to completion without blocking the event loop (an emulator may live in this process). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

function mustSucceed(what: string, result: RunResult): RunResult {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** The packed tarball, as `npm pack --json` describes it. */
export interface PackedTarball {
  readonly path: string;
  /** Compressed size in bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly integrity: string;
  readonly files: readonly string[];
}

/** Source-checkout entries that never go into the copy packed (the copy builds its own dist/). */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', '.nowrest', 'coverage']);

/**
 * `npm pack` (which runs `prepack`, the build) on a copy of the checkout, so the repo's own dist/ is never
 * rebuilt under other running tests. The copy shares the repo's node_modules through a symlink.
 */
export async function packNowrest(workDir: string): Promise<PackedTarball> {
  const copy = join(workDir, 'checkout');
  cpSync(ROOT, copy, { recursive: true, filter: (src) => src === ROOT || !NOT_COPIED.has(basename(src)) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = join(workDir, 'packed');
  mkdirSync(out);
  const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', npm_config_update_notifier: 'false' };
  const packed = mustSucceed(
    'npm pack',
    await run('npm', ['pack', '--json', '--pack-destination', out], { cwd: copy, env }),
  );
  // npm prints the prepack script's output before the JSON.
  const json = packed.stdout.slice(packed.stdout.indexOf('\n[') + 1);
  const [info] = JSON.parse(json) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    integrity: string;
    files: Array<{ path: string }>;
  }>;
  if (!info) throw new Error(`npm pack printed no tarball description:\n${packed.stdout}`);
  return {
    path: join(out, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    integrity: info.integrity,
    files: info.files.map((f) => f.path),
  };
}

interface LockEntry {
  version: string;
  dev?: boolean;
  devOptional?: boolean;
  resolved?: string;
  [key: string]: unknown;
}

/** The consumer's lockfile: nowrest from the tarball plus the repo's production tree with registry URLs. */
function consumerLock(tarball: PackedTarball, tarballSpec: string): object {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', version: '1.0.0', dependencies: { nowrest: tarballSpec } },
    'node_modules/nowrest': {
      version: manifest['version'],
      resolved: tarballSpec,
      integrity: tarball.integrity,
      license: manifest['license'],
      dependencies: manifest['dependencies'],
      peerDependencies: manifest['peerDependencies'],
      peerDependenciesMeta: manifest['peerDependenciesMeta'],
      bin: manifest['bin'],
      engines: manifest['engines'],
    },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === '' || entry.dev === true || entry.devOptional === true) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const file = `${name.split('/').pop() ?? name}-${entry.version}.tgz`;
    packages[path] = { ...entry, resolved: entry.resolved ?? `https://registry.npmjs.org/${name}/-/${file}` };
  }
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

/** Creates an empty ESM project in `dir` and installs the tarball into it with `npm ci --offline`. */
export async function installConsumer(tarball: PackedTarball, dir: string): Promise<RunResult> {
  mkdirSync(dir, { recursive: true });
  const spec = `file:${tarball.path}`;
  const manifest = {
    name: 'consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { nowrest: spec },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(consumerLock(tarball, spec), null, 2)}\n`);
  return mustSucceed(
    "npm ci --offline in the consumer project (its tarballs come from the local npm cache, which the repo's own `npm ci` fills)",
    await run('npm', ['ci'], { cwd: dir, env: offlineEnv() }),
  );
}
