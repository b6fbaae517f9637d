import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

type Rec = Record<string, any>;

async function rows(table: string, query: string, fields = ''): Promise<Rec[]> {
  const params = new URLSearchParams({ sysparm_query: query, sysparm_limit: '500' });
  if (fields !== '') params.set('sysparm_fields', fields);
  const res = await fetch(`${emu.baseUrl()}/${table}?${params}`, { headers: { authorization: emu.basic() } });
  assert.equal(res.status, 200, `${table}?${query}`);
  return ((await res.json()) as { result: Rec[] }).result;
}

async function one(table: string, sysId: string, fields = ''): Promise<Rec> {
  const suffix = fields === '' ? '' : `?sysparm_fields=${fields}`;
  const res = await fetch(`${emu.baseUrl()}/${table}/${sysId}${suffix}`, { headers: { authorization: emu.basic() } });
  assert.equal(res.status, 200, `${table}/${sysId}`);
  return ((await res.json()) as { result: Rec }).result;
}

void describe('the baseline data of a fresh instance', () => {
  void it('admin has its real sys_id and email, in Finance, whose head is Natasha Ingram', async () => {
    const admin = await one(
      'sys_user',
      '6816f79cc0a8016401c5a33be04be441',
      'user_name,email,name,department,department.name,department.dept_head,department.dept_head.email',
    );
    assert.equal(admin.user_name, 'admin');
    assert.equal(admin.email, 'admin@example.com');
    assert.equal(admin.name, 'System Administrator');
    assert.equal(admin.department.value, 'a581ab703710200044e0bfc8bcbe5de8');
    assert.equal(admin['department.name'], 'Finance');
    assert.equal(admin['department.dept_head'].value, '46c5bf6ca9fe1981010713e3ac7d3384');
    assert.equal(admin['department.dept_head.email'], 'natasha.ingram@example.com');
  });

  void it('demo people keep the sys_ids public scripts quote', async () => {
    const known: Record<string, string> = {
      'problem.admin': '26fbff173b331300ad3cc9bb34efc4bd',
      'abel.tuter': '62826bf03710200044e0bfc8bcbe5df1',
      'beth.anglin': '46d44a23a9fe19810012d100cca80666',
      'david.loo': '5137153cc611227c000bbd1bd8cd2007',
      'fred.luddy': '5137153cc611227c000bbd1bd8cd2005',
      'bud.richman': '46c6f9efa9fe198101ddf5eed9adf6e7',
    };
    for (const [userName, sysId] of Object.entries(known)) {
      const user = await one('sys_user', sysId, 'user_name');
      assert.equal(user.user_name, userName);
    }
    const groups = await rows('sys_user_group', 'nameINService Desk,Hardware,Network,Database', 'name,sys_id');
    assert.deepEqual(Object.fromEntries(groups.map((g) => [g.name, g.sys_id])), {
      'Service Desk': 'd625dccec0a8016700a222a0f7900d06',
      Hardware: '8a5055c9c61122780043563ef53438e3',
      Network: '287ebd7da9fe198100f92cc8d1d2154e',
      Database: '287ee6fea9fe198100ada7950d0b1b73',
    });
  });

  void it('department.name=Finance returns the Finance demo people', async () => {
    const finance = await rows('sys_user', 'department.name=Finance', 'user_name');
    const names = finance.map((u) => u.user_name).sort();
    for (const expected of ['admin', 'bud.richman', 'natasha.ingram']) assert.ok(names.includes(expected), expected);
    assert.ok(names.length >= 5 && names.length < 20);
  });

  void it('roles have their real ids; a demo instance has more than 10 and fewer than 25 admins', async () => {
    const roles = await rows('sys_user_role', 'nameINadmin,itil', 'name,sys_id');
    assert.deepEqual(Object.fromEntries(roles.map((r) => [r.name, r.sys_id])), {
      admin: '2831a114c611228501d4ea6c309d626d',
      itil: '282bf1fac6112285017366cb5f867469',
    });
    const admins = await rows('sys_user_has_role', 'role=2831a114c611228501d4ea6c309d626d', 'user');
    assert.ok(admins.length > 10 && admins.length < 25, `${admins.length} admins`);
    const groupRoles = await rows('sys_group_has_role', 'group.name=Service Desk', 'role.name');
    assert.deepEqual(
      groupRoles.map((r) => r['role.name']),
      ['itil'],
    );
  });

  void it('problems, changes and CIs are there, lnux100 under its real sys_id', async () => {
    assert.ok((await rows('problem', '', 'number')).length >= 10);
    assert.ok((await rows('change_request', '', 'number')).length >= 10);
    const lnux = await one('cmdb_ci', '53958ff0c0a801640171ec76aa0c8f86', 'name,sys_class_name');
    assert.deepEqual(lnux, { name: 'lnux100', sys_class_name: 'cmdb_ci_server' });
  });

  void it('the tables every instance has sit where they do in the hierarchy', async () => {
    const tables = await rows(
      'sys_db_object',
      'nameINsys_metadata,sys_script,sys_properties,sys_transform_map,sys_transform_entry,syslog,sys_audit,sys_journal_field',
      'name,super_class.name',
    );
    const parent = Object.fromEntries(tables.map((t) => [t.name, t['super_class.name']]));
    assert.deepEqual(parent, {
      sys_metadata: '',
      sys_script: 'sys_metadata',
      sys_properties: 'sys_metadata',
      sys_transform_map: 'sys_metadata',
      sys_transform_entry: 'sys_metadata',
      syslog: '',
      sys_audit: '',
      sys_journal_field: '',
    });
    const files = await rows('sys_metadata', 'sys_class_nameINsys_properties,sys_transform_map', 'sys_class_name');
    const classes = new Set(files.map((f) => f.sys_class_name));
    assert.deepEqual([...classes].sort(), ['sys_properties', 'sys_transform_map']);
  });
});
