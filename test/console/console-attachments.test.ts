// The record page's attachments in a real Chromium against the real emulator: upload through the
// CSRF-protected form, download streamed through the console, delete.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningConsole } from '../../src/console/server.js';
import type { ServiceNowClient } from '../../src/lib/index.js';
import { adminClient, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

void describe('console record attachments', { timeout: 120_000 }, () => {
  let env: ConsoleInBrowser | undefined;
  let server: RunningConsole;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sn: ServiceNowClient;
  let incident: string;
  const recordUrl = () => `${server.origin}/connections/emu/tables/incident/records/${incident}`;

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-attachments-', {
      context: { acceptDownloads: true },
      connection: 'emu',
    });
    ({ server, browser, context, page } = env);
    sn = adminClient(env);
    incident = String((await sn.table('incident').list({ pageSize: 1, fields: ['sys_id'] })).records[0]!.sys_id);
  });

  after(async () => {
    await sn?.close();
    await env?.close();
  });

  void test('upload (streamed by the page script), download through the console, delete', async () => {
    await page.goto(recordUrl());
    await page.locator('#attachments-empty').waitFor();
    const bytes = randomBytes(300_000);
    await page.setInputFiles('#attachment-file', {
      name: 'evidence.bin',
      mimeType: 'application/x-evidence',
      buffer: bytes,
    });
    const streamed = page.waitForRequest((r) => r.url().endsWith('/attachments/stream') && r.method() === 'POST');
    await page.click('#attachment-upload-button');
    assert.equal((await streamed).headers()['x-file-name'], 'evidence.bin', 'the page script streamed the file');
    await page.getByText('Attachment uploaded.').waitFor();

    const stored = await sn.attachments.list({ tableName: 'incident', tableSysId: incident });
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.fileName, 'evidence.bin');
    assert.equal(stored[0]!.contentType, 'application/x-evidence');
    assert.equal(stored[0]!.hash, sha256(bytes), 'the instance received the exact bytes');
    assert.equal(await page.locator('#attachments tbody tr').count(), 1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=evidence.bin')]);
    assert.equal(download.suggestedFilename(), 'evidence.bin');
    const path = await download.path();
    assert.equal(sha256(await readFile(path)), sha256(bytes));

    // Served as a download, never rendered in the console's origin.
    const direct = await context.request.get(`${recordUrl()}/attachments/${stored[0]!.sysId}`);
    assert.equal(direct.status(), 200);
    assert.equal(direct.headers()['content-type'], 'application/octet-stream');
    assert.match(direct.headers()['content-disposition'] ?? '', /^attachment; filename="evidence\.bin"/);

    await page.click(`[data-attachment="${stored[0]!.sysId}"] button`);
    await page.getByText('Attachment deleted.').waitFor();
    await page.locator('#attachments-empty').waitFor();
    assert.equal((await sn.attachments.list({ tableSysId: incident })).length, 0);
  });

  void test('a non-ASCII file name survives the download through the console', async () => {
    const fileName = "rapport d'été <1>.txt";
    const meta = await sn.attachments.upload({
      tableName: 'incident',
      tableSysId: incident,
      fileName,
      contentType: 'text/plain',
      body: Buffer.from('bonjour'),
    });
    try {
      const direct = await context.request.get(`${recordUrl()}/attachments/${meta.sysId}`);
      assert.equal(direct.status(), 200);
      const disposition = direct.headers()['content-disposition'] ?? '';
      assert.match(disposition, /filename\*=UTF-8''rapport%20d%27%C3%A9t%C3%A9%20%3C1%3E\.txt$/);
      await page.goto(recordUrl());
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${fileName}`)]);
      // Chromium replaces characters that are unsafe in file names (< >) but keeps the accents.
      assert.match(download.suggestedFilename(), /^rapport d'été .1.\.txt$/);
      assert.equal(await readFile(await download.path(), 'utf8'), 'bonjour');
    } finally {
      await sn.attachments.delete(meta.sysId);
    }
  });

  void test('without JavaScript the multipart form uploads the file', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noJs = await plain.newPage();
      await noJs.goto(server.url);
      await noJs.goto(recordUrl());
      const bytes = randomBytes(120_000);
      await noJs.setInputFiles('#attachment-file', {
        name: 'plain.bin',
        mimeType: 'application/x-plain',
        buffer: bytes,
      });
      await noJs.click('#attachment-upload-button');
      await noJs.getByText('Attachment uploaded.').waitFor();
      const stored = await sn.attachments.list({ tableSysId: incident, query: 'file_name=plain.bin' });
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.hash, sha256(bytes));
      await sn.attachments.delete(stored[0]!.sysId);
    } finally {
      await plain.close();
    }
  });

  void test('after an upload or delete the record page still leads back to the Operations query it came from', async () => {
    const query = 'table=incident&run=1&page=2&size=3&f_field=active&f_op=is&f_value=true&sort=number&dir=desc';
    const back = `back=${encodeURIComponent(query)}`;
    const expectBack = async (p: Page) => {
      const href = new URL((await p.getAttribute('#back', 'href')) ?? '', server.origin);
      assert.equal(href.pathname, '/connections/emu/operations');
      assert.equal(href.search, `?${query}`, 'the Back link keeps the conditions, sort and page');
    };
    /** Uploads a one-line file from the record page opened with ?back=, then checks the Back link. */
    const uploadKeepingBack = async (p: Page, name: string) => {
      await p.goto(`${recordUrl()}?${back}`);
      await p.setInputFiles('#attachment-file', { name, mimeType: 'text/plain', buffer: Buffer.from(name) });
      await p.click('#attachment-upload-button');
      await p.getByText('Attachment uploaded.').waitFor();
      await expectBack(p);
    };
    await uploadKeepingBack(page, 'kept.txt');
    const [kept] = await sn.attachments.list({ tableSysId: incident, query: 'file_name=kept.txt' });
    await page.click(`[data-attachment="${kept!.sysId}"] button`);
    await page.getByText('Attachment deleted.').waitFor();
    await expectBack(page);

    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noJs = await plain.newPage();
      await noJs.goto(server.url);
      await uploadKeepingBack(noJs, 'kept2.txt');
    } finally {
      await plain.close();
    }
    const [kept2] = await sn.attachments.list({ tableSysId: incident, query: 'file_name=kept2.txt' });
    await sn.attachments.delete(kept2!.sysId);
  });

  void test('uploads without the CSRF token are refused on both paths and store nothing', async () => {
    const form = await context.request.post(`${recordUrl()}/attachments`, {
      multipart: { file: { name: 'forged.txt', mimeType: 'text/plain', buffer: Buffer.from('forged') } },
    });
    assert.equal(form.status(), 403);
    assert.match(await form.text(), /CSRF/);
    const streamed = await context.request.post(`${recordUrl()}/attachments/stream`, {
      data: Buffer.from('forged'),
      headers: { 'content-type': 'text/plain', 'x-file-name': 'forged.txt' },
    });
    assert.equal(streamed.status(), 403);
    assert.equal((await sn.attachments.list({ tableSysId: incident })).length, 0);
  });

  void test('an upload without a file is named on both paths, and a refused delete shows an error page', async () => {
    await page.goto(recordUrl());
    const csrf = (await page.getAttribute('#attachments-section input[name="_csrf"]', 'value')) ?? '';
    const form = await context.request.post(`${recordUrl()}/attachments?back=table%3Dincident`, {
      multipart: { _csrf: csrf },
      maxRedirects: 0,
    });
    assert.equal(form.status(), 303);
    const back = new URL(form.headers()['location'] ?? '', server.origin);
    assert.equal(back.pathname, new URL(recordUrl()).pathname);
    assert.equal(back.search, '?notice=attachment-missing&back=table%3Dincident');
    await page.goto(back.href);
    await page.getByText('Choose a file to upload first.').waitFor();

    for (const name of [undefined, '%E0%A4%A', ' ']) {
      const streamed = await context.request.post(`${recordUrl()}/attachments/stream`, {
        data: Buffer.from('bytes'),
        headers: { 'x-csrf-token': csrf, 'content-type': 'text/plain', ...(name ? { 'x-file-name': name } : {}) },
      });
      assert.equal(streamed.status(), 400, `X-File-Name ${String(name)}`);
      assert.deepEqual(await streamed.json(), { ok: false, message: 'Choose a file to upload first.' });
    }

    const deleted = await context.request.post(`${recordUrl()}/attachments/${'0'.repeat(32)}/delete`, {
      form: { _csrf: csrf },
    });
    assert.equal(deleted.status(), 400);
    assert.match(await deleted.text(), /Delete failed/);
    assert.equal((await sn.attachments.list({ tableSysId: incident })).length, 0, 'nothing was stored');
  });

  void test('downloading an unknown attachment shows an error page', async () => {
    const res = await page.goto(`${recordUrl()}/attachments/${'0'.repeat(32)}`);
    assert.equal(res?.status(), 404);
    await page.getByText('Download failed').first().waitFor();
  });
});
