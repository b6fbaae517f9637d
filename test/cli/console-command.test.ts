/** `nowrest console` as a real process: prints its session URL, serves with the token only, stops on SIGINT. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const BIN = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'nowrest.js');

void describe('nowrest console', () => {
  void it('prints a tokenised URL, refuses requests without the token, and stops on Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nowrest-console-cmd-'));
    const child = spawn(process.execPath, [BIN, 'console', '--no-open'], {
      env: {
        ...process.env,
        HOME: dir,
        NOWREST_CONFIG_DIR: join(dir, 'config'),
        NOWREST_MASTER_KEY: 'console-cmd-key',
      },
    });
    try {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
      const url = await new Promise<string>((done, fail) => {
        const timer = setInterval(() => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (m) {
            clearInterval(timer);
            done(m[1]!);
          }
        }, 50);
        child.on('close', () => {
          clearInterval(timer);
          fail(new Error(`console exited before printing its URL: ${out}`));
        });
      });
      // The token link sets the session cookie and redirects to the page itself.
      const entry = await fetch(url, { redirect: 'manual' });
      const cookie = entry.headers.get('set-cookie')?.split(';')[0];
      assert.ok(cookie, `the token link sets a session cookie (status ${entry.status})`);
      await entry.body?.cancel();
      const page = await fetch(new URL(entry.headers.get('location') ?? '/', url), { headers: { cookie } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Connections/);
      const origin = new URL(url).origin;
      const refused = await fetch(`${origin}/`, { redirect: 'manual' });
      assert.ok(refused.status === 401 || refused.status === 403, `without the token: ${refused.status}`);
      await refused.body?.cancel();
      child.kill('SIGINT');
      const code = await exited;
      assert.ok(code === 0 || code === 130, `exit code ${code}`);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
