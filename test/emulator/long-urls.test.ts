// Very long URLs: a query string of 64 KiB and more is served (Node's default header limit would answer 431);
// beyond the emulator's limit the answer is the HTML error page an instance's Tomcat sends, not JSON.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

void describe('long URLs', () => {
  void it('serves a sysparm_query of more than 64 KiB', async () => {
    const numbers = Array.from({ length: 7000 }, (_, i) => `INC${String(9_000_000 + i).padStart(7, '0')}`);
    numbers.push('INC0000001', 'INC0000002');
    const query = encodeURIComponent(`numberIN${numbers.join(',')}`);
    assert.ok(query.length > 64 * 1024, `query string is ${query.length} bytes`);
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_fields=number&sysparm_query=${query}`, {
      headers: { authorization: emu.basic() },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { result: { number: string }[] };
    assert.deepEqual(body.result.map((r) => r.number).sort(), ['INC0000001', 'INC0000002']);
  });

  void it('answers an HTML 400 page beyond the limit, as an instance does', async () => {
    const query = 'a'.repeat(300 * 1024);
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_query=number=${query}`, {
      headers: { authorization: emu.basic() },
    });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /Request header is too large/);
  });
});
