// The Operations page: users without schema access, unknown tables and fields, and queries kept across record
// pages. Real Chromium against the real emulator over loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';
import type { RunningConsole } from '../../src/console/server.js';
import { addConnection, openOperations, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

void describe('operations page in a real browser', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let page: Page;

  let env: ConsoleInBrowser | undefined;

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-operations-');
    ({ emu, server, page } = env);
    const baseUrl = `${emu.url}/api/now/v2`;
    await addConnection(page, { name: 'admin', baseUrl, username: 'admin', password: CANARIES.password });
    await addConnection(page, { name: 'itil', baseUrl, username: 'itil.user', password: CANARIES.otherPassword });
  });

  after(() => env?.close());

  void test('without sys_db_object access the page says what still works, and a typed table runs', async () => {
    await openOperations(page, server.origin, 'itil', '');
    const warning = (await page.textContent('#operations-warnings')) ?? '';
    assert.match(warning, /table list and field picker need read access to sys_db_object/);
    assert.match(warning, /type a table name/);
    const html = await page.content();
    assert.doesNotMatch(html, /ACL Exception|HTTP 403|GET http/);

    await page.fill('#table', 'incident');
    await page.fill('#fields', 'number,short_description');
    await page.click('#run');
    await page.locator('#results').waitFor();
    assert.ok((await page.locator('#results tbody tr').count()) > 0);
    assert.match((await page.textContent('#operations-warnings')) ?? '', /need read access to sys_db_object/);
    assert.doesNotMatch(await page.content(), /ACL Exception/);
  });

  void test('an unknown table gets a clear message, with and without schema access', async () => {
    for (const connection of ['admin', 'itil']) {
      await page.goto(`${server.origin}/connections/${connection}/operations?table=no_such_table&run=1`);
      const notice = (await page.textContent('#operations-notice')) ?? '';
      assert.match(notice, /Unknown table "no_such_table"/, connection);
      assert.doesNotMatch(notice, /GET http/);
    }
  });

  void test('a condition on a field the table does not have is named in a warning', async () => {
    await openOperations(page, server.origin, 'admin', 'incident');
    await page.fill('#f_field-1', 'no_such_field');
    await page.fill('#f_value-1', 'x');
    await page.fill('#size', '5');
    await page.click('#run');
    await page.locator('#results').waitFor();
    const warning = (await page.textContent('#operations-warnings')) ?? '';
    assert.match(warning, /Unknown field "no_such_field": incident has no such field/);
    assert.match(warning, /not filtered/);

    // Known fields, dot-walks included, give no warning.
    await openOperations(page, server.origin, 'admin', 'incident');
    await page.fill('#f_field-1', 'caller_id.name');
    await page.selectOption('#f_op-1', 'isNotEmpty');
    await page.click('#run');
    await page.locator('#results').waitFor();
    assert.equal(await page.locator('#operations-warnings').count(), 0);
  });

  void test('Back to the table and the page after Delete keep the conditions, fields, sort and page', async () => {
    const query =
      'table=incident&run=1&page=2&size=3&join=and&f_field=active&f_op=is&f_value=true&sort=number&dir=desc' +
      '&fields=number&fields=short_description';
    await page.goto(`${server.origin}/connections/admin/operations?${query}`);
    await page.locator('#results').waitFor();
    const range = (await page.textContent('#result-range')) ?? '';
    assert.match(range, /^Records 4–6 of \d+ \(page 2\)$/);
    const expected = {
      query: await page.textContent('#encoded-query'),
      columns: await page.locator('#results thead th').allTextContents(),
    };
    assert.equal(expected.query, 'active=true^ORDERBYDESCnumber');

    const check = async () => {
      await page.locator('#results').waitFor();
      assert.equal(await page.textContent('#encoded-query'), expected.query);
      assert.deepEqual(await page.locator('#results thead th').allTextContents(), expected.columns);
      assert.match((await page.textContent('#result-range')) ?? '', /\(page 2\)$/);
    };
    await page.locator('#results tbody tr a', { hasText: 'Open' }).first().click();
    await page.locator('#record-sys-id').waitFor();
    await page.click('#back');
    await check();

    await page.locator('#results tbody tr a', { hasText: 'Open' }).first().click();
    await page.locator('#record-sys-id').waitFor();
    await page.click('#delete');
    await page.getByText('Record deleted.').waitFor();
    await check();
  });
});
