/**
 * The Operations page's "Library (TypeScript)" snippet compiles as shown: the snippet is read from the page in
 * Chromium (and, for the OAuth and JWT variants and every operator, from the view-model function that renders
 * it), written to .ts files under the repo's tmp/, and type-checked with the repo's tsc and strict settings in
 * nodenext mode, `nowrest` resolved to src/lib.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { librarySnippet } from '../../src/console/library-snippet.js';
import { OPERATORS, readOperationsRequest } from '../../src/console/operations-query.js';
import { CANARIES } from '../helpers/canaries.js';
import { addConnection, openOperations, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

const REPO = join(import.meta.dirname, '..', '..');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

function request(query: string) {
  const params = new URLSearchParams(query);
  return readOperationsRequest(
    (n) => params.get(n) ?? undefined,
    (n) => params.getAll(n),
  );
}

/** Type-checks each snippet as its own module; resolves with tsc's output (empty when all compile). */
async function typeCheck(snippets: Readonly<Record<string, string>>): Promise<{ ok: boolean; output: string }> {
  const dir = join(REPO, 'tmp', `snippet-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  try {
    const files = Object.keys(snippets).map((name) => `${name}.ts`);
    for (const [name, text] of Object.entries(snippets)) await writeFile(join(dir, `${name}.ts`), `${text}\n`);
    const tsconfig = {
      extends: join(REPO, 'tsconfig.json'),
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        paths: { nowrest: [join(REPO, 'src', 'lib', 'index.ts')] },
      },
      include: [],
      files,
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      await promisify(execFile)(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
      return { ok: true, output: '' };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

void describe('the Library (TypeScript) snippet', () => {
  let env: ConsoleInBrowser;
  before(async () => {
    env = await startConsoleInBrowser('nowrest-snippet-');
  });
  after(() => env.close());

  void test('the snippets compile as shown (from the page, every auth type and operator); a broken one is caught', async () => {
    const { page, server, emu } = env;
    await addConnection(page, { name: 'emu', baseUrl: emu.url, username: 'admin', password: CANARIES.password });
    await openOperations(page, server.origin, 'emu', 'incident');
    await page.fill('#f_field-1', 'active');
    await page.selectOption('#f_op-1', 'is');
    await page.fill('#f_value-1', 'true');
    await page.selectOption('#fields', ['number', 'short_description']);
    await page.click('#run');
    await page.locator('#results').waitFor();
    const fromPage = (await page.textContent('#lib-snippet')) ?? '';
    assert.match(fromPage, /query\(\)\.where\("active"\)\.is\("true"\)/);
    assert.ok(!fromPage.includes(CANARIES.password), 'no secret on the page');

    const everyOperator = Object.keys(OPERATORS)
      .map((op, i) => `&join=${i % 2 === 0 ? 'and' : 'or'}&f_field=priority&f_op=${op}&f_value=1,2`)
      .join('');
    const snippets = {
      page: fromPage,
      operators: librarySnippet(
        { name: 'dev', baseUrl: 'https://dev1.service-now.com', auth: 'basic', username: 'admin' },
        request(`table=incident&display=all&sort=number&dir=desc${everyOperator}`),
      ),
      encoded: librarySnippet(
        { name: 'dev', baseUrl: 'https://dev1.service-now.com', auth: 'basic', username: 'admin' },
        request('table=incident&encoded=active=true^priority<=2&display=true'),
      ),
      oauth: librarySnippet(
        { name: 'o', baseUrl: 'https://dev1.service-now.com', auth: 'oauth2', clientId: 'abc' },
        request('table=incident&sort=number'),
      ),
      jwt: librarySnippet(
        {
          name: 'j',
          baseUrl: 'https://dev1.service-now.com',
          auth: 'jwt',
          clientId: 'abc',
          subject: 'svc',
          keyId: 'k1',
        },
        request('table=sys_user&fields=user_name'),
      ),
    };
    // One tsc run (each run type-checks the library's sources, about 10 s): a broken snippet beside the real ones
    // shows that the check can fail, and that it names the file.
    const broken = `import { createClient } from 'nowrest';\ncreateClient({ name: 1 });`;
    const result = await typeCheck({ ...snippets, broken });
    assert.equal(result.ok, false, 'the broken snippet fails the check');
    const failing = [...result.output.matchAll(/^(\w+)\.ts\(\d+,\d+\): error TS/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(failing)], ['broken'], `${result.output}\n\n${Object.values(snippets).join('\n\n')}`);
  });
});
