import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldInfo } from '../../src/lib/schema/schema-types.js';
import { layoutBlocks } from '../../src/console/form-layout.js';
import { buildRecordForm, type FormField, type RecordForm } from '../../src/console/record-form.js';
import { readRecordForm } from '../../src/console/record-form-input.js';
import { chooseTimeZone, utcToZoned, zonedToUtc } from '../../src/console/time-zone.js';

const field = (name: string, extra: Partial<FieldInfo> = {}): FieldInfo => ({
  name,
  label: name.replace(/_/g, ' '),
  type: 'string',
  mandatory: false,
  readOnly: false,
  display: false,
  choice: false,
  definedOn: 'incident',
  ...extra,
});

const fieldsOf = (form: RecordForm, sectionId: string): FormField[] =>
  (form.sections.find((s) => s.id === sectionId)?.blocks ?? []).flatMap((b) =>
    b.kind === 'full' ? b.fields : b.columns.flat(),
  );

void describe('time zones', () => {
  void it('converts instance UTC values to wall-clock time and back, across daylight saving', () => {
    assert.equal(utcToZoned('2026-01-15 18:30:00', 'America/Los_Angeles'), '2026-01-15T10:30:00');
    assert.equal(utcToZoned('2026-07-04 16:15:00', 'America/Los_Angeles'), '2026-07-04T09:15:00');
    assert.equal(utcToZoned('2026-01-15 18:30:00', 'Asia/Kolkata'), '2026-01-16T00:00:00');
    assert.equal(zonedToUtc('2026-07-04T09:15:00', 'America/Los_Angeles'), '2026-07-04 16:15:00');
    assert.equal(zonedToUtc('2026-01-15T10:30', 'US/Pacific'), '2026-01-15 18:30:00', 'seconds optional');
    assert.equal(zonedToUtc('2026-01-16T03:30:00', 'Asia/Tokyo'), '2026-01-15 18:30:00');
  });

  void it('refuses what is not a date and time, and leaves unknown text alone when displaying', () => {
    assert.equal(zonedToUtc('2026-02-31T10:00', 'UTC'), undefined);
    assert.equal(zonedToUtc('tomorrow', 'UTC'), undefined);
    assert.equal(utcToZoned('javascript:gs.nowDateTime()', 'UTC'), 'javascript:gs.nowDateTime()');
  });

  void it("prefers the user's zone, then the browser's, then UTC; names must be real zones", () => {
    assert.deepEqual(chooseTimeZone('Europe/Paris', 'Asia/Tokyo', 'admin'), {
      zone: 'Europe/Paris',
      source: 'user',
      userName: 'admin',
    });
    assert.equal(chooseTimeZone('', 'Asia/Tokyo').source, 'browser');
    assert.equal(chooseTimeZone('Mars/Olympus', 'Asia/Tokyo').zone, 'Asia/Tokyo');
    assert.equal(chooseTimeZone(undefined, 'not a zone').zone, 'UTC');
  });
});

void describe('form layout blocks', () => {
  void it('splits into full-width runs and columns at the split markers; formatters are skipped', () => {
    const rows = ['intro', '.begin_split', 'a', 'b', '.split', 'c', '.end_split', 'activity.xml', 'd'].map(
      (element) => ({ element, type: element === 'activity.xml' ? 'formatter' : '' }),
    );
    assert.deepEqual(layoutBlocks(rows), [
      { kind: 'full', fields: ['intro'] },
      {
        kind: 'columns',
        columns: [['a', 'b'], ['c']],
      },
      { kind: 'full', fields: ['d'] },
    ]);
  });
});

void describe('the record form view model', () => {
  const zone = chooseTimeZone('America/Los_Angeles', undefined, 'admin');
  const fields = [
    field('short_description', { mandatory: true }),
    field('caller_id', { type: 'reference', reference: 'sys_user' }),
    field('state', { choice: true, type: 'integer' }),
    field('opened_at', { type: 'glide_date_time' }),
    field('zeta'),
    field('number', { readOnly: true }),
    field('sys_updated_on', { type: 'glide_date_time' }),
  ];
  const record = {
    caller_id: { display_value: 'Abel <Tuter>', value: 'abc123' },
    state: { display_value: 'Weird', value: '99' },
    opened_at: { display_value: '2026-01-15 18:30:00', value: '2026-01-15 18:30:00' },
    number: 'INC0000001',
  };
  const choices = new Map([['state', [{ value: '1', label: 'New', sequence: 1 }]]]);

  void it('without a layout: mandatory and common fields first, then other fields, then system fields', () => {
    const form = buildRecordForm({ connection: 'dev x', record, fields, isNew: false, choices, timeZone: zone });
    assert.equal(form.layoutSource, 'fallback');
    assert.deepEqual(
      fieldsOf(form, 'section-main').map((f) => f.name),
      ['short_description', 'number', 'caller_id', 'state'],
    );
    assert.deepEqual(
      fieldsOf(form, 'section-other').map((f) => f.name),
      ['opened_at', 'zeta'],
    );
    assert.equal(form.sections.find((s) => s.id === 'section-system')?.collapsed, true);
  });

  void it('with a layout: its sections first, every other field still reachable', () => {
    const layout = {
      sections: [
        { caption: '', blocks: [{ kind: 'columns' as const, columns: [['caller_id'], ['state', 'no_such_field']] }] },
        { caption: 'Dates', blocks: [{ kind: 'full' as const, fields: ['opened_at', 'caller_id'] }] },
      ],
    };
    const form = buildRecordForm({ connection: 'dev', record, fields, isNew: false, layout, choices, timeZone: zone });
    assert.equal(form.layoutSource, 'instance');
    assert.deepEqual(
      form.sections.map((s) => [s.id, s.caption, s.collapsed]),
      [
        ['section-main', '', false],
        ['section-dates', 'Dates', false],
        ['section-other', 'Other fields', true],
        ['section-system', 'System fields', true],
      ],
    );
    assert.deepEqual(
      fieldsOf(form, 'section-dates').map((f) => f.name),
      ['opened_at'],
      'a field is placed once',
    );
  });

  void it('builds the widgets: linked references, dropdowns keeping unknown values, zoned date-times', () => {
    const form = buildRecordForm({ connection: 'dev x', record, fields, isNew: false, choices, timeZone: zone });
    const all = form.sections.flatMap((s) => fieldsOf(form, s.id));
    const byName = new Map(all.map((f) => [f.name, f]));
    assert.deepEqual(byName.get('caller_id')?.widget, {
      kind: 'reference',
      table: 'sys_user',
      display: 'Abel <Tuter>',
      href: '/connections/dev%20x/tables/sys_user/records/abc123',
    });
    assert.equal(byName.get('caller_id')?.value, 'abc123');
    const state = byName.get('state')?.widget;
    assert.equal(state?.kind, 'choice');
    assert.deepEqual(state?.kind === 'choice' ? state.options.map((o) => [o.value, o.label, o.selected]) : [], [
      ['', '-- None --', false],
      ['99', '99 (not a choice)', true],
      ['1', 'New', false],
    ]);
    assert.deepEqual(byName.get('opened_at')?.widget, { kind: 'datetime', local: '2026-01-15T10:30:00' });
    assert.equal(byName.get('sys_updated_on')?.readOnly, true);
  });

  void it('a boolean is a true/false dropdown, with -- None -- only while it is empty', () => {
    const flags = [field('active', { type: 'boolean' })];
    const labels = (value: string) => {
      const form = buildRecordForm({
        connection: 'dev',
        record: { active: value },
        fields: flags,
        isNew: false,
        choices,
        timeZone: zone,
      });
      const widget = fieldsOf(form, 'section-main')[0]?.widget;
      return widget?.kind === 'choice' ? widget.options.map((o) => `${o.value}${o.selected ? '*' : ''}`) : [];
    };
    assert.deepEqual(labels('false'), ['true', 'false*']);
    assert.deepEqual(labels(''), ['*', 'true', 'false']);
  });

  void it('a new record leaves out read-only and system fields', () => {
    const form = buildRecordForm({ connection: 'dev', record: {}, fields, isNew: true, choices, timeZone: zone });
    const names = form.sections.flatMap((s) => fieldsOf(form, s.id).map((f) => f.name));
    assert.ok(!names.includes('number') && !names.includes('sys_updated_on'));
  });
});

void describe('reading a posted record form', () => {
  void it('converts date-times from the form time zone to UTC instance values', () => {
    const posted = readRecordForm({
      tz: 'America/Los_Angeles',
      v_short_description: 'x',
      z_opened_at: '2026-07-04T09:15',
      z_closed_at: '',
      other: 'ignored',
    });
    assert.deepEqual(posted, {
      values: { short_description: 'x', opened_at: '2026-07-04 16:15:00', closed_at: '' },
      errors: [],
    });
  });

  void it('turns the CRLF line breaks browsers send for a textarea back into LF', () => {
    assert.deepEqual(readRecordForm({ v_description: 'a\r\nb' }).values, { description: 'a\nb' });
  });

  void it('names the field when a date-time cannot be read, or the form has no usable time zone', () => {
    assert.match(readRecordForm({ tz: 'UTC', z_opened_at: 'soon' }).errors[0] ?? '', /^opened_at: "soon" is not a/);
    assert.match(readRecordForm({ tz: 'Nowhere/City', z_opened_at: '2026-01-01T00:00' }).errors[0] ?? '', /time zone/);
  });
});
