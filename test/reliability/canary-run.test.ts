// The canary scan, end to end. (1) The mechanism finds what it should: a child process with the capture
// preload serves and prints planted canaries (raw, split across chunks, base64) and canary-scan.ts must
// report them. (2) A workload with the run's canaries planted as the emulator password, an OAuth client
// secret, a wrong password and the vault key, through the library (debug logger), the real CLI process and
// the console: each output is checked here, and handed to the cross-run scan of scripts/run-tests.mjs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createClient, createPasswordGrantAuth, MemoryTokenStore, oauthEndpoints } from '../../src/lib/index.js';
import { startConsole } from '../../src/console/server.js';
import { CANARIES, canaryLogger, findCanaries, recordCanaryOutput } from '../helpers/canaries.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createSandbox, type CliResult, type CliSandbox } from '../cli/cli-harness.js';

const run = promisify(execFile);
const TSX = import.meta.resolve('tsx');
const CAPTURE = import.meta.resolve('./canary-capture.ts');
const SCAN = join(import.meta.dirname, 'canary-scan.ts');

/** A process that leaks on purpose: its HTTP server answers with canaries, its child prints one. */
const LEAKER = `
import { createServer } from 'node:http';
import { spawnSync, spawn } from 'node:child_process';
const pw = process.env.LEAK_PW;
const server = createServer((req, res) => {
  if (req.url === '/split') { res.write(pw.slice(0, 7)); res.end(pw.slice(7)); return; }
  if (req.url === '/basic') { res.setHeader('x-echo', 'Basic ' + Buffer.from('admin:' + pw).toString('base64')); res.end('ok'); return; }
  res.end(JSON.stringify({ password: pw }));
});
server.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  for (const p of ['/raw', '/split', '/basic']) await (await fetch(base + p)).text();
  server.close();
  const child = spawn(process.execPath, ['-e', 'process.stdout.write(process.env.LEAK_PW)'], { env: process.env });
  child.stdout.resume();
  await new Promise((r) => child.on('close', r));
});
`;

void describe('canary scan mechanism', () => {
  void it('finds canaries in HTTP responses (raw, split across writes, base64 in a header) and child output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nowrest-canary-selftest-'));
    try {
      const env = { ...process.env, NOWREST_CANARY_DIR: dir, LEAK_PW: CANARIES.otherPassword };
      await run(process.execPath, ['--import', TSX, '--import', CAPTURE, '--input-type=module', '-e', LEAKER], { env });
      const scan = await run(process.execPath, ['--import', TSX, SCAN, dir], { env }).then(
        () => ({ code: 0, stdout: '' }),
        (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
      );
      assert.equal(scan.code, 1, scan.stdout);
      assert.match(scan.stdout, /canary scan: 4 occurrences/);
      assert.match(scan.stdout, /otherPassword in http response GET \/raw/);
      assert.match(scan.stdout, /otherPassword in http response GET \/split/);
      assert.match(scan.stdout, /otherPassword \(base64\) in http response GET \/basic/);
      assert.match(scan.stdout, /otherPassword in stdout of child/);
      assert.deepEqual(findCanaries(scan.stdout), [], 'the report masks what it found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

void describe('canary workload: library, CLI process and console with the run canaries planted', () => {
  let emu: TestEmulator;
  let sb: CliSandbox;
  let configDir: string;
  before(async () => {
    emu = await startEmulator({ seed: { incidents: 5 }, passwords: { admin: CANARIES.password } });
    const app = await fetch(`${emu.url}/__emulator/oauth/apps`, {
      method: 'POST',
      body: JSON.stringify({ client_id: 'canary-client', client_secret: CANARIES.clientSecret }),
    });
    assert.equal(app.status, 200);
    assert.deepEqual(findCanaries(await app.text()), []);
    sb = await createSandbox();
    configDir = await mkdtemp(join(tmpdir(), 'nowrest-canary-console-'));
  });
  after(async () => {
    await emu.close();
    await sb.cleanup();
    await rm(configDir, { recursive: true, force: true });
  });

  const assertNoCanary = (label: string, text: string): void => {
    recordCanaryOutput(label, text);
    assert.deepEqual(
      findCanaries(text).map((h) => h.label),
      [],
      `${label} carries a canary`,
    );
  };
  const errorTexts = (err: unknown): string =>
    [String(err), err instanceof Error ? (err.stack ?? '') : '', JSON.stringify(err), inspect(err, { depth: 6 })].join(
      '\n',
    );

  void it('library: debug log lines and errors of basic, wrong-password and OAuth password-grant calls', async () => {
    const logger = canaryLogger('library logger');
    const basic = createClient(
      { name: 'c', baseUrl: emu.url, auth: { type: 'basic', username: 'admin', password: CANARIES.password } },
      { logger },
    );
    assert.equal((await basic.table('incident').list({ pageSize: 2 })).records.length, 2);
    const wrong = createClient(
      { name: 'w', baseUrl: emu.url, auth: { type: 'basic', username: 'admin', password: CANARIES.otherPassword } },
      { logger },
    );
    const errors: unknown[] = [];
    await wrong
      .table('incident')
      .list({ pageSize: 1 })
      .then(undefined, (e: unknown) => errors.push(e));
    const endpoints = oauthEndpoints(emu.url);
    const grant = (password: string, clientSecret: string) =>
      createPasswordGrantAuth({
        connectionName: 'g',
        clientId: 'canary-client',
        clientSecret,
        tokenUrl: endpoints.tokenUrl,
        username: 'admin',
        password,
        logger,
      });
    const oauth = createClient(
      {
        name: 'o',
        baseUrl: emu.url,
        auth: { type: 'oauth2', clientId: 'canary-client', clientSecret: CANARIES.clientSecret },
      },
      { logger, tokenStore: new MemoryTokenStore() },
    );
    await grant(CANARIES.password, CANARIES.clientSecret).authorize(new Headers());
    await grant(CANARIES.otherPassword, CANARIES.clientSecret)
      .authorize(new Headers())
      .then(undefined, (e: unknown) => errors.push(e));
    await grant(CANARIES.password, CANARIES.otherPassword)
      .authorize(new Headers())
      .then(undefined, (e: unknown) => errors.push(e));
    await oauth
      .table('incident')
      .list({ pageSize: 1 })
      .then(undefined, (e: unknown) => errors.push(e));
    assert.ok(errors.length >= 3, `expected failures, got ${errors.length}`);
    assert.ok(
      logger.lines.some((l) => l.startsWith('[debug]')),
      'the debug logger was used',
    );
    for (const [i, err] of errors.entries()) assertNoCanary(`library error ${i}`, errorTexts(err));
    assertNoCanary('library log', logger.lines.join('\n'));
    await basic.close();
    await wrong.close();
    await oauth.close();
  });

  void it('the real CLI process: add, test, query --verbose --debug, failures, OAuth profile', async () => {
    const outputs: { argv: string[]; result: CliResult }[] = [];
    const cli = async (argv: string[], stdin?: string, env: Record<string, string> = {}) => {
      const result = await sb.spawn(argv, {
        env: { NOWREST_MASTER_KEY: CANARIES.masterKey, ...env },
        ...(stdin ? { stdin } : {}),
      });
      outputs.push({ argv, result });
      return result;
    };
    assert.equal(
      (
        await cli(
          ['connection', 'add', 'c', '--base-url', emu.url, '--user', 'admin', '--password-stdin'],
          CANARIES.password,
        )
      ).code,
      0,
    );
    await cli(
      ['connection', 'add', 'w', '--base-url', emu.url, '--user', 'admin', '--password-stdin'],
      CANARIES.otherPassword,
    );
    await cli(
      ['connection', 'add', 'o', '--base-url', emu.url, '--client-id', 'canary-client', '--client-secret-stdin'],
      CANARIES.clientSecret,
    );
    await cli(['connection', 'test', 'c', '--verbose']);
    await cli(['connection', 'test', 'w', '--verbose', '--json']);
    assert.equal((await cli(['query', 'incident', '-c', 'c', '--max', '2', '--verbose', '--debug'])).code, 0);
    assert.equal((await cli(['query', 'incident', '-c', 'w', '--verbose', '--debug'])).code, 3);
    await cli(['query', 'incident', '-c', 'o', '--verbose', '--debug', '--json']);
    await cli(['query', 'incident', '-c', 'c', '--verbose'], undefined, { NOWREST_PASSWORD: CANARIES.otherPassword });
    await cli(['connection', 'show', 'c', '--json']);
    for (const { argv, result } of outputs) {
      assertNoCanary(`CLI stdout of ${argv.join(' ')}`, result.stdout);
      assertNoCanary(`CLI stderr of ${argv.join(' ')}`, result.stderr);
    }
  });

  void it('the console: saved password and test connection pages, with the vault key a canary', async () => {
    const consoleLog = canaryLogger('console logger');
    const server = await startConsole({ configDir, masterKey: CANARIES.masterKey, logger: consoleLog });
    try {
      const opened = await fetch(server.url, { redirect: 'manual' });
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const home = await (await fetch(`${server.origin}/`, { headers: { cookie } })).text();
      const csrf = /name="csrf-token" content="([^"]+)"/.exec(home)?.[1] ?? '';
      const post = (path: string, fields: Record<string, string>) =>
        fetch(`${server.origin}${path}`, {
          method: 'POST',
          headers: { cookie, origin: server.origin },
          body: new URLSearchParams({ _csrf: csrf, ...fields }),
          redirect: 'manual',
        });
      for (const [name, password] of [
        ['good', CANARIES.password],
        ['bad', CANARIES.otherPassword],
      ] as const) {
        const saved = await post('/connections', {
          name,
          baseUrl: emu.url,
          auth: 'basic',
          username: 'admin',
          password,
        });
        assert.equal(saved.status, 303, await saved.text());
        const pages = [
          await post(`/connections/${name}/test`, {}),
          await fetch(`${server.origin}/connections/${name}/edit`, { headers: { cookie } }),
          await fetch(`${server.origin}/connections/${name}/operations?table=incident&run=1`, { headers: { cookie } }),
          await fetch(`${server.origin}/`, { headers: { cookie } }),
        ];
        for (const page of pages) assertNoCanary(`console ${page.url} ${page.status}`, await page.text());
      }
      const rejected = await post('/connections', {
        name: 'bad name!',
        baseUrl: 'nope',
        auth: 'basic',
        username: '',
        password: CANARIES.otherPassword,
      });
      assertNoCanary('console validation page', await rejected.text());
      assertNoCanary('console log', consoleLog.lines.join('\n'));
      for (const name of await readdir(configDir, { recursive: true }))
        assertNoCanary(`console config file ${name}`, await readFileText(join(configDir, name)));
    } finally {
      await server.close();
    }
  });
});

async function readFileText(path: string): Promise<string> {
  const { readFile, stat } = await import('node:fs/promises');
  return (await stat(path)).isFile() ? readFile(path, 'latin1') : '';
}
