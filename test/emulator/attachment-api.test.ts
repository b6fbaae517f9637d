import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

let emu: TestEmulator;
let incident: string;

type Meta = Record<string, string>;
const api = (path: string, version: 'v1' | '' = ''): string =>
  `${emu.url}/api/now/${version === '' ? '' : `${version}/`}attachment${path}`;
const call = (url: string, init: RequestInit = {}, user = 'admin'): Promise<Response> =>
  fetch(url, { ...init, headers: { authorization: emu.basic(user), ...(init.headers as Record<string, string>) } });
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function uploadRaw(
  bytes: Uint8Array<ArrayBuffer>,
  opts: { table?: string; sysId?: string; name?: string; type?: string; user?: string; version?: 'v1' | '' } = {},
): Promise<Response> {
  const q = new URLSearchParams({
    table_name: opts.table ?? 'incident',
    table_sys_id: opts.sysId ?? incident,
    file_name: opts.name ?? 'notes.bin',
  });
  return call(
    api(`/file?${q}`, opts.version ?? ''),
    { method: 'POST', body: bytes, headers: { 'content-type': opts.type ?? 'application/octet-stream' } },
    opts.user ?? 'admin',
  );
}

/** A multipart body built by hand, so the tests control part order and boundaries. */
function multipart(
  boundary: string,
  parts: { name: string; value: string | Buffer; filename?: string; type?: string }[],
) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const type = p.type === undefined ? '' : `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

async function errorOf(res: Response): Promise<{ message: string; detail: string | null }> {
  const body = (await res.json()) as { error: { message: string; detail: string | null }; status: string };
  assert.equal(body.status, 'failure');
  return body.error;
}

before(async () => {
  emu = await startEmulator();
});
beforeEach(async () => {
  await emu.reset();
  const res = await call(`${emu.baseUrl()}/incident?sysparm_limit=1&sysparm_fields=sys_id`);
  incident = ((await res.json()) as { result: { sys_id: string }[] }).result[0]!.sys_id;
});
after(() => emu.close());

void describe('attachment upload and download', () => {
  void it('raw upload: 201, Location, metadata shape; download returns the bytes and X-Attachment-Metadata', async () => {
    // 1.3 MB spans three 512 KB chunks, the last one partial.
    const bytes = randomBytes(1_300_000);
    const res = await uploadRaw(bytes, { name: 'dump.bin', type: 'application/x-test' });
    assert.equal(res.status, 201);
    const meta = ((await res.json()) as { result: Meta }).result;
    assert.match(meta.sys_id!, /^[0-9a-f]{32}$/);
    assert.equal(res.headers.get('location'), api(`/${meta.sys_id}/file`));
    assert.equal(meta.table_name, 'incident');
    assert.equal(meta.table_sys_id, incident);
    assert.equal(meta.file_name, 'dump.bin');
    assert.equal(meta.content_type, 'application/x-test');
    assert.equal(meta.size_bytes, String(bytes.length));
    assert.equal(meta.hash, sha256(bytes));
    assert.equal(meta.download_link, api(`/${meta.sys_id}/file`));
    assert.equal(meta.sys_created_by, 'admin');
    for (const value of Object.values(meta)) assert.equal(typeof value, 'string');

    const file = await call(meta.download_link);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/x-test');
    assert.equal(file.headers.get('content-length'), String(bytes.length));
    const header = JSON.parse(file.headers.get('x-attachment-metadata')!) as Meta;
    assert.equal(header.sys_id, meta.sys_id);
    assert.equal(header.file_name, 'dump.bin');
    const got = Buffer.from(await file.arrayBuffer());
    assert.equal(sha256(got), sha256(bytes));

    const one = await call(api(`/${meta.sys_id}`));
    assert.deepEqual(((await one.json()) as { result: Meta }).result, meta);
  });

  void it('a non-ASCII file name downloads: X-Attachment-Metadata is UTF-8 JSON, \\u escapes above U+00FF', async () => {
    const name = "rapport d'été 日本.txt";
    const meta = ((await (await uploadRaw(Buffer.from('x'), { name })).json()) as { result: Meta }).result;
    assert.equal(meta.file_name, name);
    // The header's bytes as they were on the wire (node:http keeps them as Latin-1 text).
    const raw = await new Promise<Buffer>((resolve, reject) => {
      const u = new URL(api(`/${meta.sys_id}/file`));
      request({ host: u.hostname, port: u.port, path: u.pathname, headers: { authorization: emu.basic() } }, (res) => {
        const i = res.rawHeaders.findIndex((h) => h.toLowerCase() === 'x-attachment-metadata');
        res.resume();
        res.on('end', () => resolve(Buffer.from(res.rawHeaders[i + 1] ?? '', 'latin1')));
      })
        .on('error', reject)
        .end();
    });
    assert.ok(raw.includes(Buffer.from("d'été")), 'é is sent as raw UTF-8, as ServiceNow does');
    assert.equal((JSON.parse(raw.toString('utf8')) as Meta).file_name, name);
  });

  void it('an empty file round-trips', async () => {
    const res = await uploadRaw(new Uint8Array(0), { name: 'empty.txt', type: 'text/plain' });
    assert.equal(res.status, 201);
    const meta = ((await res.json()) as { result: Meta }).result;
    assert.equal(meta.size_bytes, '0');
    const file = await call(meta.download_link!);
    assert.equal((await file.arrayBuffer()).byteLength, 0);
  });

  void it('multipart upload with the file as the last part takes the part Content-Type', async () => {
    const bytes = randomBytes(700_000);
    const boundary = '----nowrest' + randomBytes(8).toString('hex');
    const body = multipart(boundary, [
      { name: 'table_name', value: 'incident' },
      { name: 'table_sys_id', value: incident },
      { name: 'uploadFile', value: bytes, filename: 'photo.png', type: 'image/png' },
    ]);
    const res = await call(api('/upload'), {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(res.status, 201);
    const meta = ((await res.json()) as { result: Meta }).result;
    assert.equal(meta.file_name, 'photo.png');
    assert.equal(meta.content_type, 'image/png');
    assert.equal(meta.hash, sha256(bytes));
    const file = await call(meta.download_link!);
    assert.equal(sha256(Buffer.from(await file.arrayBuffer())), sha256(bytes));
  });

  void it('multipart: a part after the file, no file part, or no boundary are 400s', async () => {
    const boundary = 'b0undary';
    const fileNotLast = multipart(boundary, [
      { name: 'table_name', value: 'incident' },
      { name: 'table_sys_id', value: incident },
      { name: 'file', value: 'hello', filename: 'a.txt', type: 'text/plain' },
      { name: 'extra', value: 'x' },
    ]);
    const noFile = multipart(boundary, [
      { name: 'table_name', value: 'incident' },
      { name: 'table_sys_id', value: incident },
    ]);
    for (const body of [fileNotLast, noFile, Buffer.from('garbage without any boundary')]) {
      const res = await call(api('/upload'), {
        method: 'POST',
        body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      assert.equal(res.status, 400);
      assert.match((await errorOf(res)).detail ?? '', /part|boundary|malformed/i);
    }
    // pysnow's upload(multipart=True): a raw body labelled multipart/form-data with no boundary.
    const pysnow = await call(api('/upload'), {
      method: 'POST',
      body: 'raw bytes',
      headers: { 'content-type': 'multipart/form-data' },
    });
    assert.equal(pysnow.status, 400);
    assert.match((await errorOf(pysnow)).detail ?? '', /boundary/);
    const list = await call(api(''));
    assert.equal(((await list.json()) as { result: Meta[] }).result.length, 0, 'nothing half-stored');
  });

  void it('PySNC path /api/now/v1/attachment works and links keep v1', async () => {
    const res = await uploadRaw(Buffer.from('v1 body'), { version: 'v1', type: 'text/plain' });
    assert.equal(res.status, 201);
    const meta = ((await res.json()) as { result: Meta }).result;
    assert.equal(meta.download_link, api(`/${meta.sys_id}/file`, 'v1'));
    const file = await call(meta.download_link);
    assert.equal(await file.text(), 'v1 body');
    const list = await call(api(`?sysparm_query=table_sys_id=${incident}`, 'v1'));
    assert.equal(((await list.json()) as { result: Meta[] }).result.length, 1);
  });
});

void describe('attachment list', () => {
  void it('filters by sysparm_query and name=value pairs, pages with limit/offset and X-Total-Count', async () => {
    for (const name of ['a.txt', 'b.txt', 'c.log']) await uploadRaw(Buffer.from(name), { name, type: 'text/plain' });
    const all = await call(api(`?sysparm_query=table_sys_id=${incident}^ORDERBYfile_name`));
    assert.equal(all.headers.get('x-total-count'), '3');
    const names = ((await all.json()) as { result: Meta[] }).result.map((m) => m.file_name);
    assert.deepEqual(names, ['a.txt', 'b.txt', 'c.log']);
    const page = await call(
      api(`?sysparm_query=file_nameENDSWITH.txt^ORDERBYDESCfile_name&sysparm_limit=1&sysparm_offset=1`),
    );
    assert.equal(page.headers.get('x-total-count'), '2');
    assert.deepEqual(
      ((await page.json()) as { result: Meta[] }).result.map((m) => m.file_name),
      ['a.txt'],
    );
    const pairs = await call(api(`?table_name=incident&file_name=c.log`));
    assert.deepEqual(
      ((await pairs.json()) as { result: Meta[] }).result.map((m) => m.file_name),
      ['c.log'],
    );
  });

  void it('leaves out attachments of tables the caller cannot read', async () => {
    const prop = await call(`${emu.baseUrl()}/sys_properties?sysparm_limit=1&sysparm_fields=sys_id`);
    const propId = ((await prop.json()) as { result: { sys_id: string }[] }).result[0]!.sys_id;
    const hidden = await uploadRaw(Buffer.from('secret'), {
      table: 'sys_properties',
      sysId: propId,
      type: 'text/plain',
    });
    const hiddenId = ((await hidden.json()) as { result: Meta }).result.sys_id!;
    await uploadRaw(Buffer.from('visible'), { type: 'text/plain' });
    const asItil = await call(api(''), {}, 'itil.user');
    const rows = ((await asItil.json()) as { result: Meta[] }).result;
    assert.deepEqual(
      rows.map((r) => r.table_name),
      ['incident'],
    );
    assert.equal(asItil.headers.get('x-total-count'), '1');
    assert.equal((await call(api(`/${hiddenId}`), {}, 'itil.user')).status, 404);
    assert.equal((await call(api(`/${hiddenId}/file`), {}, 'itil.user')).status, 404);
    const asAdmin = await call(api(''));
    assert.equal(((await asAdmin.json()) as { result: Meta[] }).result.length, 2);
  });
});

void describe('attachment errors and ACLs', () => {
  void it('400 for a missing parameter, unknown table or missing Content-Type; 404 for an unknown record', async () => {
    const missing = await call(api('/file?table_name=incident&file_name=x'), {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(missing.status, 400);
    assert.match((await errorOf(missing)).message, /table_sys_id/);
    const noName = await call(api(`/file?table_name=incident&table_sys_id=${incident}`), {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(noName.status, 400);
    assert.match((await errorOf(noName)).message, /file_name/);
    const badTable = await uploadRaw(Buffer.from('x'), { table: 'no_such_table' });
    assert.equal(badTable.status, 400);
    assert.match((await errorOf(badTable)).message, /Invalid table no_such_table/);
    const noType = await call(api(`/file?table_name=incident&table_sys_id=${incident}&file_name=x`), {
      method: 'POST',
      body: new Uint8Array([1, 2, 3]),
    });
    assert.equal(noType.status, 400);
    assert.match((await errorOf(noType)).detail ?? '', /Content-Type/);
    const noRecord = await uploadRaw(Buffer.from('x'), { sysId: 'f'.repeat(32) });
    assert.equal(noRecord.status, 404);
    assert.equal((await call(api(`/${'0'.repeat(32)}`))).status, 404);
    assert.equal((await call(api(`/${'0'.repeat(32)}/file`))).status, 404);
    assert.equal((await call(api(`/${'0'.repeat(32)}`), { method: 'DELETE' })).status, 404);
    // Malformed percent-encoding in the id is a 404, never a 500.
    assert.equal((await call(api('/%E0%A4%A'))).status, 404);
    assert.equal((await call(api('/%E0%A4%A/file'))).status, 404);
  });

  void it('401 without credentials; 403 when the caller cannot write the record table', async () => {
    const anonymous = await fetch(api(''));
    assert.equal(anonymous.status, 401);
    const denied = await uploadRaw(Buffer.from('x'), { user: 'readonly.user', type: 'text/plain' });
    assert.equal(denied.status, 403);
    assert.match((await errorOf(denied)).detail ?? '', /ACL Exception Insert/);
    const made = await uploadRaw(Buffer.from('kept'), { type: 'text/plain' });
    const id = ((await made.json()) as { result: Meta }).result.sys_id!;
    // readonly.user reads incidents, so it may download, but not delete.
    assert.equal(await (await call(api(`/${id}/file`), {}, 'readonly.user')).text(), 'kept');
    const del = await call(api(`/${id}`), { method: 'DELETE' }, 'readonly.user');
    assert.equal(del.status, 403);
    assert.equal((await call(api(`/${id}`), { method: 'PUT' })).status, 405);
  });

  void it('delete: 204, then 404; the chunks are gone', async () => {
    const made = await uploadRaw(randomBytes(600_000));
    const id = ((await made.json()) as { result: Meta }).result.sys_id!;
    const del = await call(api(`/${id}`), { method: 'DELETE' });
    assert.equal(del.status, 204);
    assert.equal((await call(api(`/${id}`))).status, 404);
    const chunks = emu.db.db
      .prepare(`SELECT count(*) AS n FROM sys_attachment_doc WHERE sys_attachment = ?`)
      .get(id) as {
      n: number;
    };
    assert.equal(chunks.n, 0);
  });
});

void describe('sys_attachment through the Table API', () => {
  void it('lists the metadata rows; deleting the parent record leaves its attachments', async () => {
    const made = await uploadRaw(Buffer.from('stays'), { type: 'text/plain', name: 'stay.txt' });
    const id = ((await made.json()) as { result: Meta }).result.sys_id!;
    const row = await call(`${emu.baseUrl()}/sys_attachment/${id}`);
    assert.equal(row.status, 200);
    assert.equal(((await row.json()) as { result: Meta }).result.file_name, 'stay.txt');
    const gone = await call(`${emu.baseUrl()}/incident/${incident}`, { method: 'DELETE' });
    assert.equal(gone.status, 204);
    const file = await call(api(`/${id}/file`));
    assert.equal(await file.text(), 'stays');
  });
});
