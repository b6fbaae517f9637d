import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UnknownTableError } from '../../src/lib/index.js';
import { useLibClient } from './lib-emulator.js';

const lib = useLibClient();

void describe('schema browsing against the emulator', () => {
  void it('lists tables with a label/name filter and their parent', async () => {
    const tables = await lib.sn.schema.tables({ filter: 'incident' });
    const incident = tables.find((t) => t.name === 'incident');
    assert.deepEqual(incident, { name: 'incident', label: 'Incident', superClass: 'task' });
    const byLabel = await lib.sn.schema.tables({ filter: 'Change' });
    assert.ok(byLabel.some((t) => t.name === 'change_request'));
    assert.ok((await lib.sn.schema.tables()).length > 10);
  });

  void it('walks super_class: incident inherits short_description from task', async () => {
    const fields = await lib.sn.schema.fields('incident');
    const sd = fields.find((f) => f.name === 'short_description');
    assert.equal(sd?.definedOn, 'task');
    assert.equal(sd?.type, 'string');
    const caller = fields.find((f) => f.name === 'caller_id');
    assert.equal(caller?.definedOn, 'incident');
    assert.equal(caller?.reference, 'sys_user');
    assert.equal(new Set(fields.map((f) => f.name)).size, fields.length, 'no duplicates after overrides');
    // sys_dictionary.choice is a number (3: dropdown), not a boolean.
    assert.equal(fields.find((f) => f.name === 'state')?.choice, true);
    assert.equal(sd?.choice, false);
  });

  void it('choices are active and in sequence', async () => {
    const states = await lib.sn.schema.choices('incident', 'state');
    assert.deepEqual(
      states.map((c) => c.label),
      ['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled'],
    );
    const priority = await lib.sn.schema.choices('incident', 'priority');
    assert.ok(priority.length >= 4, 'found on the parent table');
  });

  void it('choiceLists answers several fields in one go, each from the nearest table, like choices()', async () => {
    const lists = await lib.sn.schema.choiceLists('incident', [
      'state',
      'priority',
      'subcategory',
      'short_description',
    ]);
    for (const field of ['state', 'priority', 'subcategory']) {
      assert.deepEqual(lists.get(field), await lib.sn.schema.choices('incident', field), field);
    }
    assert.equal(lists.has('short_description'), false, 'a field without choices has no list');
    assert.ok(lists.get('subcategory')?.some((c) => c.dependentValue === 'hardware'));
    assert.equal((await lib.sn.schema.choiceLists('incident', [])).size, 0);
  });

  void it('generates TypeScript and JSON Schema', async () => {
    const ts = await lib.sn.schema.typescript('incident');
    assert.match(ts, /export interface IncidentRecord \{/);
    assert.match(ts, /short_description\?: string;/);
    assert.match(ts, /caller_id\?: string \| \{ link: string; value: string \};/);
    assert.match(ts, /\/\*\* Short description/);
    const schema = await lib.sn.schema.jsonSchema('incident');
    const props = schema.properties as Record<string, { title: string; type?: string; oneOf?: unknown[] }>;
    assert.equal(props.short_description?.type, 'string');
    assert.equal(props.caller_id?.oneOf?.length, 2);
  });

  void it('an unknown table is a ConfigError', async () => {
    await assert.rejects(lib.sn.schema.fields('no_such_table'), (error: unknown) => {
      assert.ok(error instanceof UnknownTableError);
      assert.equal(error.code, 'SN_UNKNOWN_TABLE');
      assert.equal(error.table, 'no_such_table');
      assert.match(error.message, /not found in sys_db_object/);
      return true;
    });
  });
});
