import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, NotFoundError, type ServiceNowClient } from '../../src/lib/index.js';
import { basicClient, useLibClient } from './lib-emulator.js';

const lib = useLibClient();
let itil: ServiceNowClient;

const client = (username: string, password: string): ServiceNowClient => basicClient(lib.emu, username, password);

/** The sys_id of an incident by number. */
async function incidentId(number: string): Promise<string> {
  const page = await lib.sn.table('incident').list({ query: `number=${number}`, fields: ['sys_id'] });
  return String(page.records[0]?.sys_id);
}

void describe('lib.sn.journal() against the emulator', () => {
  before(() => {
    itil = client('itil.user', 'itil');
  });
  beforeEach(async () => {
    await lib.emu.clearFaults();
    await lib.emu.reset();
  });
  after(() => itil.close());

  void it('reads the seeded comments and work notes as structured entries, newest first', async () => {
    const id = await incidentId('INC0000002');
    const entries = await lib.sn.journal('incident', id);
    assert.deepEqual(entries.map((e) => [e.field, e.author]).sort(), [
      ['comments', 'abel.tuter'],
      ['work_notes', 'itil.user'],
    ]);
    const comment = entries.find((e) => e.field === 'comments');
    assert.equal(comment?.text, 'Customer reports the problem again (INC0000002).');
    assert.match(comment?.time ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(comment?.sysId ?? '', /^[0-9a-f]{32}$/);
  });

  void it('addComment and addWorkNote append sys_journal_field rows that the next read returns first', async () => {
    const id = await incidentId('INC0000003');
    const journal = itil.journal('incident', id);
    await journal.addWorkNote('Restarted the mail service\nand checked the queue');
    await journal.addComment('Fixed, please confirm');
    const entries = await journal.list();
    assert.equal(entries.length, 4);
    const added = entries.filter((e) => e.author === 'itil.user' && e.text !== 'Investigating logs.');
    assert.deepEqual(added.map((e) => e.field).sort(), ['comments', 'work_notes']);
    assert.equal(
      added.find((e) => e.field === 'work_notes')?.text,
      'Restarted the mail service\nand checked the queue',
    );
    // The rows are in sys_journal_field, linked by element_id and name, as on an instance.
    const rows = await lib.sn.table('sys_journal_field').list({ query: `element_id=${id}^element=comments` });
    assert.ok(rows.records.some((r) => r.value === 'Fixed, please confirm' && r.name === 'incident'));
    const onlyNotes = await journal.list({ fields: ['work_notes'] });
    assert.ok(onlyNotes.every((e) => e.field === 'work_notes'));
    assert.equal(onlyNotes.length, 2);
  });

  void it('refuses empty text and bad names before sending anything', async () => {
    const id = await incidentId('INC0000003');
    await lib.emu.clearRequests();
    await assert.rejects(lib.sn.journal('incident', id).addComment('  '), ConfigError);
    await assert.rejects(lib.sn.journal('incident', id).addWorkNote(''), ConfigError);
    assert.throws(() => lib.sn.journal('Incident!', id), ConfigError);
    assert.throws(() => lib.sn.journal('incident', '../x'), ConfigError);
    assert.equal((await lib.emu.requests()).length, 0);
    assert.equal((await lib.sn.journal('incident', id)).length, 2);
  });

  void it('adding to a record that does not exist is a NotFoundError and writes nothing', async () => {
    await assert.rejects(lib.sn.journal('incident', 'ffffffffffffffffffffffffffffffff').addComment('x'), NotFoundError);
    const rows = await lib.sn.table('sys_journal_field').list({ query: 'element_id=ffffffffffffffffffffffffffffffff' });
    assert.equal(rows.records.length, 0);
  });

  void it('explains an empty journal: no record, no history, or a hidden sys_journal_field', async () => {
    const missing = await lib.sn.journal('incident', 'ffffffffffffffffffffffffffffffff').explainEmpty();
    assert.equal(missing.reason, 'record-not-found');

    const fresh = await lib.sn.table('incident').create({ short_description: 'No history yet' });
    const quiet = lib.sn.journal('incident', String(fresh.sys_id));
    assert.deepEqual(await quiet.list(), []);
    const none = await quiet.explainEmpty();
    assert.equal(none.reason, 'no-history');
    assert.match(none.message, /sys_journal_field/);

    // A read ACL on sys_journal_field: the instance answers 200 [] there, while the record still shows history.
    const id = await incidentId('INC0000004');
    await lib.emu.faults({ kind: 'hide-rows', fraction: 1, path: '/api/now/v2/table/sys_journal_field' });
    const hidden = lib.sn.journal('incident', id);
    assert.deepEqual(await hidden.list(), []);
    const why = await hidden.explainEmpty();
    assert.equal(why.reason, 'journal-unreadable');
    assert.match(why.message, /read ACL on sys_journal_field/);
  });
});
