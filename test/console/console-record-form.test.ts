// The record page as a form, in a real Chromium against the real emulator: sections from the instance's
// form layout, references linked by display value, choice dropdowns, date-times in the user's (or the
// browser's) time zone, and Update/Delete reachable at the top and the bottom.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningConsole } from '../../src/console/server.js';
import type { ServiceNowClient } from '../../src/lib/index.js';
import { adminClient, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

/** The browser's time zone in this test: the console falls back to it when the user's is not readable. */
const BROWSER_ZONE = 'Asia/Tokyo';

void describe('console record page as a form', { timeout: 180_000 }, () => {
  let env: ConsoleInBrowser | undefined;
  let server: RunningConsole;
  let page: Page;
  let sn: ServiceNowClient;
  let incident: string;
  let adminId: string;
  const recordUrl = (table: string, id: string) => `${server.origin}/connections/emu/tables/${table}/records/${id}`;
  const setAdminZone = (zone: string) => sn.table('sys_user').update(adminId, { time_zone: zone });

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-record-form-', {
      context: { timezoneId: BROWSER_ZONE, viewport: { width: 1280, height: 800 } },
      connection: 'emu',
    });
    ({ server, page } = env);
    sn = adminClient(env);
    const first = await sn.table('incident').list({ query: 'number=INC0000001', fields: ['sys_id'], pageSize: 1 });
    incident = String(first.records[0]?.sys_id);
    const admin = await sn.table('sys_user').list({ query: 'user_name=admin', fields: ['sys_id'], pageSize: 1 });
    adminId = String(admin.records[0]?.sys_id);
  });

  after(async () => {
    await sn?.close();
    await env?.close();
  });

  void test("sections follow the instance's form layout, the main one in two columns", async () => {
    await page.goto(recordUrl('incident', incident));
    assert.equal(await page.getAttribute('#layout-note', 'data-source'), 'instance');
    assert.deepEqual(await page.locator('.form-section').evaluateAll((els) => els.map((e) => e.id)), [
      'section-main',
      'section-notes',
      'section-related-records',
      'section-resolution-information',
      'section-other',
      'section-system',
    ]);
    const columns = page.locator('#section-main .form-columns .form-column');
    assert.equal(await columns.count(), 2);
    assert.deepEqual(
      (
        await columns
          .nth(0)
          .locator('[data-field]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))
      ).slice(0, 3),
      ['number', 'caller_id', 'category'],
    );
    assert.equal(await page.locator('#section-other').evaluate((e) => (e as HTMLDetailsElement).open), false);
    assert.equal(
      await page.locator('#section-other [data-field="active"]').count(),
      1,
      'fields off the layout stay reachable',
    );
  });

  void test("a reference shows the referenced record's display value, links to it, and has the sys_id on hover", async () => {
    const record = await sn.table('incident').get(incident, { displayValue: 'all', fields: ['caller_id'] });
    const caller = record['caller_id'] as { display_value: string; value: string };
    assert.notEqual(caller.display_value, '');
    await page.goto(recordUrl('incident', incident));
    const link = page.locator('#ref_caller_id');
    assert.equal((await link.textContent())?.trim(), caller.display_value);
    assert.match((await link.getAttribute('title')) ?? '', new RegExp(`sys_user sys_id ${caller.value}$`));
    await link.click();
    await page.locator('#record-sys-id').waitFor();
    assert.equal(await page.textContent('#record-sys-id'), caller.value);
    assert.match(page.url(), new RegExp(`/tables/sys_user/records/${caller.value}$`));
    assert.equal(await page.inputValue('#v_name'), caller.display_value);
    assert.equal(await page.textContent('h1'), `sys_user ${caller.display_value}`, 'named by its display field');
  });

  void test('choice fields are dropdowns from sys_choice, saved by value; Update at the top submits', async () => {
    const choices = await sn.schema.choices('incident', 'state');
    await page.goto(recordUrl('incident', incident));
    assert.equal(await page.locator('#v_state').evaluate((e) => e.tagName), 'SELECT');
    assert.deepEqual(await page.locator('#v_state option').allTextContents(), [
      '-- None --',
      ...choices.map((c) => c.label),
    ]);
    const onHold = choices.find((c) => c.label === 'On Hold');
    assert.ok(onHold);
    await page.selectOption('#v_state', { label: 'On Hold' });
    await page.click('#update-top');
    await page.getByText('Record updated.').waitFor();
    assert.equal((await sn.table('incident').get(incident, { fields: ['state'] }))['state'], onHold.value);
    assert.equal(await page.inputValue('#v_state'), onHold.value);
  });

  void test("date-times are shown in the user's time zone and sent back in UTC", async () => {
    await setAdminZone('America/Los_Angeles');
    try {
      await sn.table('incident').update(incident, { opened_at: '2026-01-15 18:30:00' });
      await page.goto(recordUrl('incident', incident));
      const note = page.locator('#time-zone-note');
      assert.equal(await note.getAttribute('data-source'), 'user');
      assert.match((await note.textContent()) ?? '', /America\/Los_Angeles \(UTC−08:00\).*admin's user record/s);
      assert.equal(
        await page.getAttribute('#v_opened_at', 'value'),
        '2026-01-15T10:30:00',
        '18:30 UTC is 10:30 in winter',
      );
      await page.fill('#v_opened_at', '2026-07-04T09:15:00');
      await page.click('#update');
      await page.getByText('Record updated.').waitFor();
      const saved = await sn.table('incident').get(incident, { fields: ['opened_at', 'resolved_at'] });
      assert.equal(saved['opened_at'], '2026-07-04 16:15:00', '09:15 summer time in Los Angeles is 16:15 UTC');
      assert.equal(saved['resolved_at'], '', 'an empty date-time stays empty');
    } finally {
      await setAdminZone('GMT');
    }
  });

  void test("without a time zone on the user's record, the browser's is used and the page says so", async () => {
    await setAdminZone('');
    try {
      await sn.table('incident').update(incident, { opened_at: '2026-01-15 18:30:00' });
      // As on a first visit: the server has not been told the browser's zone yet, so the page script tells it
      // and draws the page once more.
      await page.evaluate(() => (document.cookie = 'nowrest_tz=; path=/; max-age=0'));
      const loads: string[] = [];
      const count = (r: { url(): string }) => void (r.url() === recordUrl('incident', incident) && loads.push(r.url()));
      page.on('request', count);
      await page.goto(recordUrl('incident', incident));
      const note = page.locator('#time-zone-note[data-source="browser"]');
      await note.waitFor();
      page.off('request', count);
      assert.equal(loads.length, 2, 'drawn in UTC first, then again in the browser zone');
      assert.equal(await note.getAttribute('data-zone'), BROWSER_ZONE);
      assert.match((await note.textContent()) ?? '', /your browser's time zone/);
      assert.equal(await page.getAttribute('#v_opened_at', 'value'), '2026-01-16T03:30:00');
    } finally {
      await setAdminZone('GMT');
    }
  });

  void test('Update and Delete stay in view at the top while scrolling, and are at the bottom too', async () => {
    const created = await sn.table('incident').create({ short_description: 'record form: delete from the top' });
    const id = String(created['sys_id']);
    await page.goto(recordUrl('incident', id));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const inView = (selector: string) =>
      page.locator(selector).evaluate((e) => {
        const box = e.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
    for (const selector of ['#update-top', '#delete-top', '#update', '#delete']) {
      assert.equal(await inView(selector), true, `${selector} is in view at the bottom of the page`);
    }
    await page.click('#delete-top');
    await page.getByText('Record deleted.').waitFor();
    await assert.rejects(sn.table('incident').get(id), (err: Error & { code?: string }) => err.code === 'SN_NOT_FOUND');
  });

  void test('a table without a form layout shows mandatory and common fields first', async () => {
    await page.goto(`${server.origin}/connections/emu/tables/problem/new`);
    assert.equal(await page.getAttribute('#layout-note', 'data-source'), 'fallback');
    const main = await page
      .locator('#section-main [data-field]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-field')));
    assert.deepEqual(main, [
      'short_description',
      'state',
      'priority',
      'impact',
      'urgency',
      'assignment_group',
      'assigned_to',
      'active',
      'description',
    ]);
    assert.equal(await page.locator('#create-top').isVisible(), true);
    assert.equal(await page.locator('#delete-top').count(), 0, 'nothing to delete on a new record');
  });
});
