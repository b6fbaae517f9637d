// Sessions as on an instance: answers set JSESSIONID, glide_user_route, glide_session_store and the load
// balancer cookie; a client sending them back is served on that session without credentials, one request at a
// time. The nowrest library keeps no cookies, so its parallel partitions stay parallel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createClient } from '../../src/lib/index.js';
import type { RequestLogEntry } from '../../src/emulator/index.js';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

/** The name=value pairs of a response's Set-Cookie headers. */
const cookiesOf = (res: Response): Map<string, string> =>
  new Map(
    res.headers.getSetCookie().map((line) => {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );

/** True if some two of the entries were being served at the same time (by the emulator's event order). */
const anyOverlap = (entries: readonly RequestLogEntry[]): boolean =>
  entries.some((a, i) => entries.some((b, j) => i !== j && a.started < b.finished && b.started < a.finished));

void describe('sessions', () => {
  void it('answers set the session cookies of an instance', async () => {
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, { headers: { authorization: emu.basic() } });
    assert.equal(res.status, 200);
    const cookies = cookiesOf(res);
    assert.match(cookies.get('JSESSIONID') ?? '', /^[0-9A-F]{32}$/);
    assert.match(cookies.get('glide_session_store') ?? '', /^[0-9A-F]{32}$/);
    assert.match(cookies.get('glide_user_route') ?? '', /^glide\.[0-9a-f]{32}$/);
    assert.ok([...cookies.keys()].some((name) => name.startsWith('BIGipServerpool')));
    const store = res.headers.getSetCookie().find((l) => l.startsWith('glide_session_store='));
    assert.match(store ?? '', /Max-Age=1800/);
    assert.match(store ?? '', /HttpOnly/);
    assert.equal(cookies.get('glide_user'), '', 'the glide_user cookie is expired, as for API calls');
    assert.match(res.headers.get('server-timing') ?? '', /sesh_wait;dur=\d+/);
    const again = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, { headers: { authorization: emu.basic() } });
    const next = cookiesOf(again);
    assert.notEqual(next.get('JSESSIONID'), cookies.get('JSESSIONID'), 'no cookie sent: a new session');
    assert.equal(next.get('glide_user_route'), cookies.get('glide_user_route'), 'the same node');
  });

  void it('serves a request that brings the cookies back on that session, without credentials', async () => {
    const first = await fetch(`${emu.baseUrl()}/sys_user?sysparm_limit=1`, {
      headers: { authorization: emu.basic('itil.user') },
    });
    const jsession = cookiesOf(first).get('JSESSIONID') ?? '';
    const again = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
      headers: { cookie: `JSESSIONID=${jsession}` },
    });
    assert.equal(again.status, 200);
    assert.equal(cookiesOf(again).get('JSESSIONID'), jsession, 'the same session answers');
    // The session is itil.user's: a write only admin may do is refused on it.
    const write = await fetch(`${emu.baseUrl()}/sys_user_role`, {
      method: 'POST',
      headers: { cookie: `JSESSIONID=${jsession}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x_session_probe' }),
    });
    assert.equal(write.status, 403);
    const unknown = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, {
      headers: { cookie: 'JSESSIONID=0123456789ABCDEF0123456789ABCDEF' },
    });
    assert.equal(unknown.status, 401, 'an unknown session needs credentials');
    const byStore = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, {
      headers: { cookie: `glide_session_store=${cookiesOf(first).get('glide_session_store') ?? ''}` },
    });
    assert.equal(byStore.status, 200, 'glide_session_store names the session too');
  });

  void it('runs the requests of one session one at a time, and requests without cookies in parallel', async () => {
    const login = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1`, { headers: { authorization: emu.basic() } });
    const jsession = cookiesOf(login).get('JSESSIONID') ?? '';
    await emu.faults({ kind: 'latency', latencyMs: 150, probability: 1, path: '/api/now/table/incident' });
    try {
      await emu.clearRequests();
      const withCookie = (): Promise<Response> =>
        fetch(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
          headers: { cookie: `JSESSIONID=${jsession}`, authorization: emu.basic() },
        });
      const kept = await Promise.all([withCookie(), withCookie(), withCookie(), withCookie()]);
      assert.deepEqual(
        kept.map((r) => r.status),
        [200, 200, 200, 200],
      );
      const serial = await emu.requests();
      assert.equal(serial.length, 4);
      assert.equal(anyOverlap(serial), false, 'one session serves one request at a time');

      await emu.clearRequests();
      const sn = createClient(
        {
          name: 'sessions',
          baseUrl: `${emu.url}/api/now`,
          auth: { type: 'basic', username: 'admin', password: 'admin' },
        },
        {},
      );
      try {
        const seen = new Set<string>();
        for await (const r of sn.table('incident').list({ pageSize: 20, fields: ['sys_id'], concurrency: 4 }))
          seen.add(String(r.sys_id));
        assert.ok(seen.size > 0);
      } finally {
        await sn.close();
      }
      const parallel = (await emu.requests()).filter((e) => e.path === '/api/now/table/incident');
      assert.ok(parallel.length >= 4);
      assert.equal(anyOverlap(parallel), true, 'the library keeps no cookies, so partitions overlap');
    } finally {
      await emu.clearFaults();
    }
  });
});
