/**
 * The published package, as a consumer gets it: `npm pack` (prepack builds), then the tarball installed into an
 * empty project from the local npm cache with no registry. The consumer imports `nowrest` and queries an emulator
 * started here, runs `npx nowrest`, type-checks against the shipped .d.ts in `nodenext` mode, and never builds
 * native code (the emulator's SQLite driver is an optional peer; docs/decisions/0009-package-shape.md).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CERTIFICATE_MAKER, SQLITE_DRIVER } from '../../src/emulator/optional-peer.js';
import {
  installConsumer,
  offlineEnv,
  packNowrest,
  ROOT,
  run,
  type PackedTarball,
} from '../helpers/consumer-install.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

const MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
/** The README's seeded incident (INC0000018). */
const KNOWN_INCIDENT = '11526d15e1c525db0e616412cdff71fb';
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every file under `dir`, recursively (relative paths). */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return [`${path}/`, ...walk(join(dir, entry.name), path)];
    return [path];
  });
}

const CONSUMER_SCRIPT = `import { createClient } from 'nowrest';
const sn = createClient({
  name: 'consumer',
  baseUrl: process.env.SN_URL,
  auth: { type: 'basic', username: 'admin', password: process.env.SN_PASSWORD },
});
try {
  const record = await sn.table('incident').get(process.env.SYS_ID, { fields: ['number'] });
  const numbers = [];
  for await (const r of sn.table('incident').list({ query: 'numberSTARTSWITHINC000001', fields: ['number'] })) {
    numbers.push(r.number);
  }
  console.log(JSON.stringify({ resolved: import.meta.resolve('nowrest'), number: record.number, numbers }));
} finally {
  await sn.close();
}
`;

const CONSUMER_TS = `import { createClient, query, isServiceNowError, type TableRecord } from 'nowrest';

const sn = createClient({
  name: 'demo',
  baseUrl: 'http://127.0.0.1:8787',
  auth: { type: 'basic', username: 'admin', password: 'x' },
});
const q = query().where('active').is(true).and('priority').lessThanOrEqual(2);
export async function numbers(): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const record of sn.table('incident').list({ query: q, fields: ['number'] })) {
      const typed: TableRecord = record;
      out.push(String(typed.number));
    }
  } catch (error) {
    if (isServiceNowError(error)) return [error.code];
    throw error;
  }
  return out;
}
// @ts-expect-error the shipped types are real: a number is not a base URL
createClient({ name: 'demo', baseUrl: 42, auth: { type: 'basic', username: 'admin', password: 'x' } });
`;

let work: string;
let consumer: string;
let tarball: PackedTarball;
let emulator: TestEmulator;

void describe('the package installs and works from its tarball', () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nowrest-package-'));
    consumer = join(work, 'consumer');
    emulator = await startEmulator();
    tarball = await packNowrest(work);
    await installConsumer(tarball, consumer);
  });
  after(async () => {
    await emulator?.close();
    rmSync(work, { recursive: true, force: true });
  });

  void it('ships only what runs: compiled JS, .d.ts, the console assets, bin, README, LICENSE', () => {
    const unexpected = tarball.files.filter(
      (f) =>
        !['package.json', 'README.md', 'LICENSE', 'bin/nowrest.js'].includes(f) &&
        !/^dist\/.+\.(js|d\.ts)$/.test(f) &&
        !f.startsWith('dist/console/static/'),
    );
    assert.deepEqual(unexpected, [], 'files outside dist/*.js, dist/*.d.ts, bin, README, LICENSE');
    for (const needed of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/cli/main.js', 'dist/emulator/index.js']) {
      assert.ok(tarball.files.includes(needed), `the tarball has ${needed}`);
    }
    assert.ok(tarball.size < 600 * 1024, `tarball is ${Math.round(tarball.size / 1024)} kB, over the 600 kB budget`);
  });

  void it('installs without building native code or running install scripts', () => {
    const modules = join(consumer, 'node_modules');
    assert.ok(existsSync(join(modules, 'nowrest', 'dist', 'lib', 'index.js')), 'nowrest is installed with dist/');
    for (const peer of Object.keys(MANIFEST.peerDependencies)) {
      assert.ok(!existsSync(join(modules, peer)), `optional peer ${peer} must not be installed for a consumer`);
    }
    const files = walk(modules);
    const native = files.filter((f) => f.endsWith('.node') || /(^|\/)build\/$/.test(f) || f.endsWith('binding.gyp'));
    assert.deepEqual(native, [], 'native modules or build directories in the consumer install');
    const lock = JSON.parse(readFileSync(join(modules, '.package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const scripted = Object.keys(lock.packages).filter((p) => lock.packages[p]?.hasInstallScript === true);
    assert.deepEqual(scripted, [], 'packages with install scripts in the consumer install');
  });

  void it('imports nowrest in an ESM script and queries the emulator', async () => {
    writeFileSync(join(consumer, 'query.mjs'), CONSUMER_SCRIPT);
    const env = offlineEnv({ SN_URL: emulator.url, SN_PASSWORD: 'admin', SYS_ID: KNOWN_INCIDENT });
    const result = await run(process.execPath, ['query.mjs'], { cwd: consumer, env });
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { resolved: string; number: string; numbers: string[] };
    assert.ok(out.resolved.includes('/consumer/node_modules/nowrest/dist/lib/'), `nowrest resolved to ${out.resolved}`);
    assert.equal(out.number, 'INC0000018');
    assert.ok(out.numbers.includes('INC0000018') && out.numbers.length >= 10, `listed ${out.numbers.join(',')}`);
  });

  void it('runs `npx nowrest --version` from dist without tsx', async () => {
    assert.ok(!existsSync(join(consumer, 'node_modules', 'tsx')), 'tsx is not in the consumer install');
    const result = await run('npx', ['nowrest', '--version'], { cwd: consumer, env: offlineEnv() });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), MANIFEST.version);
  });

  void it('says in one line what to install when the emulator runs without its driver (exit 2)', async () => {
    for (const command of [['emulator'], ['demo', '--no-console']]) {
      const result = await run('npx', ['nowrest', ...command], { cwd: consumer, env: offlineEnv() });
      assert.equal(result.code, 2, `nowrest ${command.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
      assert.match(result.stderr, /needs better-sqlite3.*not installed — run `npm i better-sqlite3@12`/);
    }
    const library = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('nowrest/emulator').then((m) => m.createEmulator()).catch((e) => { console.log(JSON.stringify({ code: e.code, install: e.install })); });",
      ],
      { cwd: consumer, env: offlineEnv() },
    );
    assert.deepEqual(JSON.parse(library.stdout), { code: 'SN_MISSING_DEPENDENCY', install: 'npm i better-sqlite3@12' });
  });

  void it('type-checks a consumer file against the shipped .d.ts with module nodenext', async () => {
    writeFileSync(join(consumer, 'consumer.ts'), CONSUMER_TS);
    const tsconfig = {
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
    };
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    const result = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: consumer, env: offlineEnv() });
    assert.equal(result.code, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
  });

  void it('names in its install hints the majors that package.json declares as peers', () => {
    for (const peer of [SQLITE_DRIVER, CERTIFICATE_MAKER]) {
      assert.match(MANIFEST.peerDependencies[peer.name] ?? '', new RegExp(`^\\^${peer.major}\\.`), peer.name);
      assert.equal(MANIFEST.dependencies[peer.name], undefined, `${peer.name} is not a runtime dependency`);
    }
  });
});
