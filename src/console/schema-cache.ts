import type { ServiceNowClient } from '../lib/client.js';
import type { ChoiceInfo, FieldInfo, TableInfo } from '../lib/schema/schema-types.js';
import { readFormLayout, type FormLayout } from './form-layout.js';

/**
 * Schema lookups cost several requests (fields walk the super_class chain), and the dictionary, choices and
 * form layouts rarely change while someone browses, so answers are kept for the life of the console, per
 * connection.
 */
export interface SchemaCache {
  tables(connection: string, sn: ServiceNowClient): Promise<TableInfo[]>;
  fields(connection: string, table: string, sn: ServiceNowClient): Promise<FieldInfo[]>;
  /** The choice lists of a table's choice fields (`fields`: their names), by field. */
  choices(
    connection: string,
    table: string,
    fields: readonly string[],
    sn: ServiceNowClient,
  ): Promise<Map<string, ChoiceInfo[]>>;
  /** The table's Default view form layout; undefined when the instance has none for it. */
  layout(connection: string, table: string, sn: ServiceNowClient): Promise<FormLayout | undefined>;
  forget(connection: string): void;
}

/** Creates an empty cache. Failed lookups are not cached. */
export function createSchemaCache(): SchemaCache {
  const tables = new Map<string, TableInfo[]>();
  const fields = new Map<string, FieldInfo[]>();
  const choices = new Map<string, Map<string, ChoiceInfo[]>>();
  const layouts = new Map<string, FormLayout | undefined>();
  const key = (connection: string, ...parts: string[]): string => [connection, ...parts].join('\u0000');
  return {
    async tables(connection, sn) {
      const hit = tables.get(connection);
      if (hit) return hit;
      const list = await sn.schema.tables({ max: 2000 });
      tables.set(connection, list);
      return list;
    },
    async fields(connection, table, sn) {
      const k = key(connection, table);
      const hit = fields.get(k);
      if (hit) return hit;
      const list = await sn.schema.fields(table);
      fields.set(k, list);
      return list;
    },
    async choices(connection, table, names, sn) {
      const k = key(connection, table, ...[...names].sort());
      const hit = choices.get(k);
      if (hit) return hit;
      const lists = await sn.schema.choiceLists(table, names);
      choices.set(k, lists);
      return lists;
    },
    async layout(connection, table, sn) {
      const k = key(connection, table);
      if (layouts.has(k)) return layouts.get(k);
      const layout = await readFormLayout(sn, table);
      layouts.set(k, layout);
      return layout;
    },
    forget(connection) {
      for (const map of [tables, fields, choices, layouts]) {
        for (const k of map.keys()) if (k === connection || k.startsWith(`${connection}\u0000`)) map.delete(k);
      }
    },
  };
}
