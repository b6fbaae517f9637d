import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';
import { tableRows, tableWrite } from '../helpers/table-api.js';

const emu = useEmulator({ seed: false }, { resetEach: true });

type Rec = Record<string, any>;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Rec }> {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: emu.basic(), 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Rec };
}

const table = (name: string, query: string): Promise<Rec[]> => tableRows(emu, name, query, { plainLinks: true });
const create = (name: string, fields: Rec): Promise<Rec> => tableWrite(emu, 'POST', name, fields);

void describe('import set transform maps as data', () => {
  void it('the shipped maps are sys_transform_map rows with their field maps and coalesce flags', async () => {
    const [map] = await table('sys_transform_map', 'source_table=imp_user');
    assert.equal(map!.name, 'User');
    assert.equal(map!.target_table, 'sys_user');
    assert.equal(map!.active, 'true');
    const entries = await table('sys_transform_entry', `map=${map!.sys_id}^coalesce=true`);
    assert.deepEqual(
      entries.map((e) => [e.source_field, e.target_field]),
      [['user_name', 'user_name']],
    );
  });

  void it('a map defined through the Table API is used by the import, coalescing on its key', async () => {
    const map = await create('sys_transform_map', {
      name: 'Incident rows as problems',
      source_table: 'u_imp_incident',
      target_table: 'problem',
      order: '50',
      create_new_record_on_empty_coalesce_fields: 'true',
    });
    const entry = (source: string, target: string, coalesce = 'false'): Promise<Rec> =>
      create('sys_transform_entry', {
        map: map.sys_id,
        source_table: 'u_imp_incident',
        source_field: source,
        target_table: 'problem',
        target_field: target,
        coalesce,
      });
    await entry('u_number', 'number', 'true');
    await entry('u_short_description', 'short_description');
    await entry('u_description', 'problem_statement');
    const first = await call('POST', '/api/now/import/u_imp_incident', {
      u_number: 'PRB0099001',
      u_short_description: 'Mail queue grows',
      u_description: 'Several incidents',
    });
    assert.equal(first.status, 201);
    const [inserted] = first.body.result as Rec[];
    assert.equal(inserted!.transform_map, 'Incident rows as problems');
    assert.equal(inserted!.table, 'problem');
    assert.equal(inserted!.status, 'inserted');
    const [problem] = await table('problem', 'number=PRB0099001');
    assert.equal(problem!.problem_statement, 'Several incidents');
    const second = await call('POST', '/api/now/import/u_imp_incident', {
      u_number: 'PRB0099001',
      u_short_description: 'Mail queue grows fast',
    });
    const [updated] = second.body.result as Rec[];
    assert.equal(updated!.status, 'updated');
    assert.equal(updated!.sys_id, problem!.sys_id);
    assert.equal((await table('problem', 'number=PRB0099001')).length, 1);
    // Deactivated, the shipped Incident map applies again.
    await call('PATCH', `/api/now/table/sys_transform_map/${map.sys_id}`, { active: 'false' });
    const back = await call('POST', '/api/now/import/u_imp_incident', { u_short_description: 'plain incident' });
    assert.equal((back.body.result as Rec[])[0]!.table, 'incident');
  });

  void it('a staging table defined through the Table API loads through its own map; a reset removes it', async () => {
    const [base] = await table('sys_db_object', 'name=sys_import_set_row');
    await create('sys_db_object', { name: 'u_imp_location', label: 'Location import', super_class: base!.sys_id });
    for (const [element, label] of [
      ['u_name', 'Name'],
      ['u_city', 'City'],
    ])
      await create('sys_dictionary', { name: 'u_imp_location', element, column_label: label, internal_type: 'string' });
    const map = await create('sys_transform_map', {
      name: 'Location import',
      source_table: 'u_imp_location',
      target_table: 'cmn_location',
    });
    for (const [source, target, coalesce] of [
      ['u_name', 'name', 'true'],
      ['u_city', 'city', 'false'],
    ])
      await create('sys_transform_entry', { map: map.sys_id, source_field: source, target_field: target, coalesce });
    const first = await call('POST', '/api/now/import/u_imp_location', { u_name: 'Oslo office', u_city: 'Oslo' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal((first.body.result as Rec[])[0]!.status, 'inserted');
    const again = await call('POST', '/api/now/import/u_imp_location', { u_name: 'Oslo office', u_city: 'Bergen' });
    assert.equal((again.body.result as Rec[])[0]!.status, 'updated');
    const locations = await table('cmn_location', 'name=Oslo office');
    assert.deepEqual(
      locations.map((l) => l.city),
      ['Bergen'],
    );
    const staged = await table('u_imp_location', '');
    assert.deepEqual(staged.map((r) => r.u_city).sort(), ['Bergen', 'Oslo']);
    await emu.reset();
    const gone = await call('POST', '/api/now/import/u_imp_location', { u_name: 'x' });
    assert.equal(gone.status, 400);
  });

  void it('a staging table without an active map is refused with a hint', async () => {
    const maps = await table('sys_transform_map', 'source_table=imp_user');
    await call('PATCH', `/api/now/table/sys_transform_map/${maps[0]!.sys_id}`, { active: 'false' });
    const res = await call('POST', '/api/now/import/imp_user', { user_name: 'x.y' });
    assert.equal(res.status, 400);
    assert.match(res.body.error.detail as string, /no active transform map: create a sys_transform_map row/);
  });

  void it('a before business rule that aborts makes the row an error with the rule text', async () => {
    const rule = await create('sys_script', {
      name: 'No imported VIPs',
      collection: 'sys_user',
      when: 'before',
      action_insert: 'true',
      filter_condition: 'titleSTARTSWITHVIP',
      abort_action: 'true',
    });
    const res = await call('POST', '/api/now/import/imp_user', { user_name: 'vip.one', title: 'VIP guest' });
    const [row] = res.body.result as Rec[];
    assert.equal(row!.status, 'error');
    assert.equal(
      row!.error_message,
      `Operation against file 'sys_user' was aborted by Business Rule 'No imported VIPs^${rule.sys_id}'. Business Rule Stack:No imported VIPs`,
    );
    assert.deepEqual(await table('sys_user', 'user_name=vip.one'), []);
  });
});
