// The record page's History section in a real Chromium against the real emulator: comments and work notes
// from sys_journal_field, newest first, and the sys_journal_field ACL hint when they come back empty.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ServiceNowClient } from '../../src/lib/index.js';
import { adminClient, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

void describe('console record history', { timeout: 120_000 }, () => {
  let env: ConsoleInBrowser;
  let sn: ServiceNowClient;
  let incident: string;
  const recordUrl = (table = 'incident', id = incident) =>
    `${env.server.origin}/connections/emu/tables/${table}/records/${id}`;

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-history-', { connection: 'emu' });
    sn = adminClient(env);
    incident = String(
      (await sn.table('incident').list({ query: 'number=INC0000005', fields: ['sys_id'] })).records[0]?.sys_id,
    );
  });

  after(async () => {
    await sn?.close();
    await env?.close();
  });

  void test('shows comments and work notes, newest first, with author and field', async () => {
    await sn.journal('incident', incident).addWorkNote('Escalated to <b>network</b> team');
    await env.page.goto(recordUrl());
    const items = env.page.locator('#history li');
    await items.first().waitFor();
    assert.equal(await items.count(), 3);
    assert.equal(await items.first().getAttribute('data-field'), 'work_notes');
    // Journal text is user data: shown as text, never as markup.
    assert.equal(await items.first().locator('pre').textContent(), 'Escalated to <b>network</b> team');
    assert.match((await items.first().locator('p').textContent()) ?? '', /UTC · admin · Work notes/);
    const fields = await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-field')));
    assert.deepEqual([...fields].sort(), ['comments', 'work_notes', 'work_notes']);
  });

  void test('an empty journal on a readable record points at the sys_journal_field read ACL', async () => {
    await env.emu.faults({ kind: 'hide-rows', fraction: 1, path: '/api/now/v2/table/sys_journal_field' });
    try {
      await env.page.goto(recordUrl());
      const empty = env.page.locator('#history-empty');
      await empty.waitFor();
      assert.match((await empty.textContent()) ?? '', /read ACL on sys_journal_field/);
    } finally {
      await env.emu.clearFaults();
    }
  });

  void test('tables without journal fields have no History section', async () => {
    const user = String((await sn.table('sys_user').list({ pageSize: 1, fields: ['sys_id'] })).records[0]?.sys_id);
    await env.page.goto(recordUrl('sys_user', user));
    await env.page.locator('#attachments-section').waitFor();
    assert.equal(await env.page.locator('#history-section').count(), 0);
  });
});
