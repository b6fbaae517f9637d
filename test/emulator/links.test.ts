// Every `link` the emulator writes repeats the request's API version, as instances do (captured answers show
// /api/now/v1/table/… and /api/now/v2/table/… links): reference fields, Location, Link headers and attachments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

const VERSIONS = ['', 'v1', 'v2'] as const;
const prefix = (v: string): string => `${emu.url}/api/now/${v === '' ? '' : `${v}/`}`;

void describe('links on every API version', () => {
  for (const v of VERSIONS) {
    void it(`Table API ${v || 'unversioned'}: reference links, Location and Link`, async () => {
      const res = await fetch(`${emu.baseUrl(v)}/incident?sysparm_limit=1&sysparm_fields=caller_id,sys_domain`, {
        headers: { authorization: emu.basic() },
      });
      const record = ((await res.json()) as { result: Record<string, { link: string; value: string }>[] }).result[0]!;
      assert.equal(record.caller_id!.link, `${prefix(v)}table/sys_user/${record.caller_id!.value}`);
      assert.equal(record.sys_domain!.link, `${prefix(v)}table/sys_user_group/global`);
      assert.ok((res.headers.get('link') ?? '').startsWith(`<${prefix(v)}table/incident?`));
      const all = await fetch(
        `${emu.baseUrl(v)}/incident?sysparm_limit=1&sysparm_fields=caller_id&sysparm_display_value=all`,
        {
          headers: { authorization: emu.basic() },
        },
      );
      const shown = ((await all.json()) as { result: Record<string, { link: string }>[] }).result[0]!;
      assert.equal(shown.caller_id!.link, record.caller_id!.link);
      const created = await fetch(`${emu.baseUrl(v)}/incident`, {
        method: 'POST',
        headers: { authorization: emu.basic(), 'content-type': 'application/json' },
        body: JSON.stringify({ short_description: 'links' }),
      });
      const id = ((await created.json()) as { result: { sys_id: string } }).result.sys_id;
      assert.equal(created.headers.get('location'), `${prefix(v)}table/incident/${id}`);
    });
  }

  for (const v of ['', 'v1'] as const) {
    void it(`Attachment API ${v || 'unversioned'}: download_link and Location end in /file`, async () => {
      const list = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`, {
        headers: { authorization: emu.basic() },
      });
      const incident = ((await list.json()) as { result: { sys_id: string }[] }).result[0]!.sys_id;
      const res = await fetch(
        `${prefix(v)}attachment/file?table_name=incident&table_sys_id=${incident}&file_name=a.txt`,
        { method: 'POST', headers: { authorization: emu.basic(), 'content-type': 'text/plain' }, body: 'hello' },
      );
      assert.equal(res.status, 201);
      const meta = ((await res.json()) as { result: { sys_id: string; download_link: string } }).result;
      assert.equal(meta.download_link, `${prefix(v)}attachment/${meta.sys_id}/file`);
      assert.equal(res.headers.get('location'), meta.download_link);
      const read = await fetch(meta.download_link, { headers: { authorization: emu.basic() } });
      assert.equal(await read.text(), 'hello');
    });
  }
});
