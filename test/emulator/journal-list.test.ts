// The task journal_list fields of reference §7 (comments_and_work_notes, work_notes_list): in the dictionary,
// "" with display_value=false, the combined history with true/all, and not writable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { fixedId } from '../../src/emulator/index.js';
import { startEmulator, useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();
/** INC0000001 has one seeded comment and one seeded work note. */
const INC1 = fixedId('incident:1');
const FIELDS = 'sysparm_fields=comments_and_work_notes,work_notes_list';

const get = async (path: string): Promise<any> => {
  const res = await fetch(`${emu.baseUrl()}/${path}`, { headers: { authorization: emu.basic() } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { result: unknown }).result;
};

void describe('journal_list fields', () => {
  void it('are task columns of type journal_list in sys_dictionary', async () => {
    const rows = await get(
      'sys_dictionary?sysparm_query=name=task^elementINcomments_and_work_notes,work_notes_list&sysparm_fields=element,internal_type&sysparm_exclude_reference_link=true',
    );
    assert.deepEqual(
      (rows as { element: string; internal_type: string }[]).map((r) => `${r.element}:${r.internal_type}`).sort(),
      ['comments_and_work_notes:journal_list', 'work_notes_list:journal_list'],
    );
  });

  void it('read "" with display_value=false, on a record and in a list', async () => {
    assert.deepEqual(await get(`incident/${INC1}?${FIELDS}`), { comments_and_work_notes: '', work_notes_list: '' });
    const [row] = (await get(`incident?sysparm_query=sys_id=${INC1}&${FIELDS}`)) as unknown[];
    assert.deepEqual(row, { comments_and_work_notes: '', work_notes_list: '' });
    const all = (await get(`incident/${INC1}`)) as Record<string, unknown>;
    assert.equal(all.comments_and_work_notes, '');
  });

  void it('read comments and work notes together, newest first, with display_value=true and all', async () => {
    const r = await get(`incident/${INC1}?${FIELDS}&sysparm_display_value=true`);
    for (const text of [r.comments_and_work_notes, r.work_notes_list] as string[]) {
      assert.match(text, /\(Additional comments\)\nCustomer reports/);
      assert.match(text, /\(Work notes\)\nInvestigating logs\./);
    }
    const a = await get(`incident/${INC1}?${FIELDS}&sysparm_display_value=all`);
    assert.equal(a.comments_and_work_notes.value, '');
    assert.equal(a.comments_and_work_notes.display_value, r.comments_and_work_notes);
  });

  void it('ignore writes (no comment or work note is added)', async () => {
    const res = await fetch(`${emu.baseUrl()}/incident/${INC1}?${FIELDS}&sysparm_display_value=true`, {
      method: 'PATCH',
      headers: { authorization: emu.basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ comments_and_work_notes: 'sneaky', work_notes_list: 'also sneaky' }),
    });
    assert.equal(res.status, 200);
    const r = ((await res.json()) as { result: Record<string, string> }).result;
    assert.ok(!r.comments_and_work_notes!.includes('sneaky'));
  });
});

void describe('database files from an older emulator', () => {
  void it('gain the new columns when opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nowrest-emu-'));
    try {
      const dbPath = join(dir, 'emu.db');
      const first = await startEmulator({ dbPath });
      await first.close();
      const db = new Database(dbPath);
      db.exec('ALTER TABLE "task" DROP COLUMN "comments_and_work_notes"');
      db.close();
      const second = await startEmulator({ dbPath });
      try {
        const res = await fetch(`${second.baseUrl()}/incident`, {
          method: 'POST',
          headers: { authorization: second.basic(), 'content-type': 'application/json' },
          body: JSON.stringify({ short_description: 'after upgrade' }),
        });
        assert.equal(res.status, 201);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
