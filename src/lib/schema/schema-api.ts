import { UnknownTableError } from '../errors/config-error.js';
import { query, type QueryBuilder } from '../query.js';
import { sysIdOf } from '../sys-id.js';
import type { Table, TableRecord } from '../table.js';
import { toJsonSchema } from './json-schema.js';
import type { ChoiceInfo, FieldInfo, TableInfo } from './schema-types.js';
import { toTypeScript } from './typescript.js';

/** Schema browsing over sys_db_object, sys_dictionary and sys_choice. */
export interface SchemaApi {
  /** Tables whose label or name contains `filter` (all tables without one), sorted by name. */
  tables(options?: { filter?: string; max?: number; signal?: AbortSignal }): Promise<TableInfo[]>;
  /** Every field of a table, inherited ones included (a child's definition overrides its parent's). */
  fields(table: string, options?: { signal?: AbortSignal }): Promise<FieldInfo[]>;
  /** Active choices of a field, by sequence; looks up the hierarchy when the table defines none itself. */
  choices(table: string, field: string, options?: { signal?: AbortSignal }): Promise<ChoiceInfo[]>;
  /**
   * Active choices of several fields at once (one sys_choice query for the whole hierarchy), by field name;
   * each field's list comes from the nearest table that defines choices for it, as with {@link choices}.
   */
  choiceLists(
    table: string,
    fields: readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<Map<string, ChoiceInfo[]>>;
  /** A TypeScript interface for the table's records. */
  typescript(table: string, options?: { signal?: AbortSignal }): Promise<string>;
  /** A JSON Schema (2020-12) for the table's records as the Table API returns them. */
  jsonSchema(table: string, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>>;
}

const MAX_DEPTH = 16;

/** Builds the schema API on top of the Table API. */
export function createSchemaApi(table: (name: string) => Table): SchemaApi {
  const plain = { excludeReferenceLink: true } as const;
  const sig = (signal?: AbortSignal): { signal?: AbortSignal } => (signal ? { signal } : {});

  async function tableRow(name: string, signal?: AbortSignal): Promise<TableRecord | undefined> {
    const q = query().where('name').is(name);
    const page = await table('sys_db_object').list({
      query: q,
      fields: ['sys_id', 'name', 'label', 'super_class'],
      pageSize: 1,
      ...plain,
      ...sig(signal),
    });
    return page.records[0];
  }

  async function superName(ref: unknown, signal?: AbortSignal): Promise<string | undefined> {
    const id = typeof ref === 'string' ? ref : sysIdOf({ sys_id: ref });
    if (!id) return undefined;
    const parent = await table('sys_db_object').get(id, { fields: ['name'], ...plain, ...sig(signal) });
    return str(parent.name);
  }

  /** [table, parent, grandparent, …] following super_class. */
  async function chain(name: string, signal?: AbortSignal): Promise<string[]> {
    const out: string[] = [];
    let current: string | undefined = name;
    while (current && !out.includes(current) && out.length < MAX_DEPTH) {
      const row = await tableRow(current, signal);
      if (!row) {
        if (out.length === 0) throw new UnknownTableError(name);
        break;
      }
      out.push(current);
      current = await superName(row.super_class, signal);
    }
    return out;
  }

  async function fields(name: string, options: { signal?: AbortSignal } = {}): Promise<FieldInfo[]> {
    const tables = await chain(name, options.signal);
    const byName = new Map<string, FieldInfo>();
    // Root first, so a child's definition replaces the inherited one.
    for (const t of [...tables].reverse()) {
      const q = query().where('name').is(t).and('element').isNotEmpty();
      for await (const row of table('sys_dictionary').list({
        query: q,
        pageSize: 500,
        ...plain,
        ...sig(options.signal),
      })) {
        const element = str(row.element);
        if (!element) continue;
        const reference = str(row.reference);
        const maxLength = Number(str(row.max_length));
        const defaultValue = str(row.default_value);
        byName.set(element, {
          name: element,
          label: str(row.column_label) || element,
          type: str(row.internal_type) || 'string',
          ...(reference ? { reference } : {}),
          ...(Number.isFinite(maxLength) && maxLength > 0 ? { maxLength } : {}),
          mandatory: bool(row.mandatory),
          readOnly: bool(row.read_only),
          display: bool(row.display),
          // sys_dictionary.choice is a number: 0 none, 1 suggestion, 2 dropdown with -- None --, 3 dropdown.
          choice: bool(row.choice) || Number(str(row.choice)) > 0,
          ...(defaultValue ? { defaultValue } : {}),
          definedOn: t,
        });
      }
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async function choiceRows(q: QueryBuilder, signal?: AbortSignal, extra: string[] = []): Promise<TableRecord[]> {
    return table('sys_choice')
      .list({
        query: q,
        fields: ['value', 'label', 'sequence', 'dependent_value', ...extra],
        pageSize: 1000,
        ...plain,
        ...sig(signal),
      })
      .toArray({ max: 10_000 });
  }

  return {
    async tables(options = {}) {
      const q = query();
      if (options.filter) q.where('label').like(options.filter).or('name').like(options.filter);
      const rows = await table('sys_db_object')
        .list({
          query: q,
          fields: ['sys_id', 'name', 'label', 'super_class'],
          pageSize: 1000,
          ...plain,
          ...sig(options.signal),
        })
        .toArray({ max: options.max ?? 50_000 });
      const names = new Map(rows.map((r) => [sysIdOf(r) ?? '', str(r.name)]));
      const out: TableInfo[] = [];
      for (const r of rows) {
        const ref = str(r.super_class);
        const superClass = ref ? (names.get(ref) ?? (await superName(ref, options.signal))) : undefined;
        out.push({ name: str(r.name), label: str(r.label) || str(r.name), ...(superClass ? { superClass } : {}) });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    fields,
    async choices(name, field, options = {}) {
      for (const t of await chain(name, options.signal)) {
        const q = query().where('name').is(t).and('element').is(field).and('inactive').is(false);
        const rows = await choiceRows(q, options.signal);
        if (rows.length > 0) return rows.map(toChoice).sort(bySequence);
      }
      return [];
    },
    async choiceLists(name, wanted, options = {}) {
      const out = new Map<string, ChoiceInfo[]>();
      if (wanted.length === 0) return out;
      const tables = await chain(name, options.signal);
      const q = query()
        .where('name')
        .in(tables)
        .and('element')
        .in([...wanted])
        .and('inactive')
        .is(false);
      const rows = await choiceRows(q, options.signal, ['name', 'element']);
      for (const field of wanted) {
        // The nearest table with choices for the field wins, as in choices().
        for (const t of tables) {
          const own = rows.filter((r) => str(r.name) === t && str(r.element) === field);
          if (own.length === 0) continue;
          out.set(field, own.map(toChoice).sort(bySequence));
          break;
        }
      }
      return out;
    },
    async typescript(name, options = {}) {
      return toTypeScript(name, await fields(name, options));
    },
    async jsonSchema(name, options = {}) {
      return toJsonSchema(name, await fields(name, options));
    },
  };
}

function toChoice(r: TableRecord): ChoiceInfo {
  const dep = str(r.dependent_value);
  return {
    value: str(r.value),
    label: str(r.label),
    sequence: Number(str(r.sequence)) || 0,
    ...(dep ? { dependentValue: dep } : {}),
  };
}

function bySequence(a: ChoiceInfo, b: ChoiceInfo): number {
  return a.sequence - b.sequence || a.label.localeCompare(b.label);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value) return str(value.value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function bool(value: unknown): boolean {
  const s = str(value).toLowerCase();
  return s === 'true' || s === '1';
}
