import type { ServiceNowClient } from '../lib/client.js';
import type { FieldInfo, TableInfo } from '../lib/schema/schema-types.js';

/**
 * Schema lookups cost several requests (fields walk the super_class chain), and the dictionary rarely changes
 * while someone browses, so answers are kept for the life of the console, per connection.
 */
export interface SchemaCache {
  tables(connection: string, sn: ServiceNowClient): Promise<TableInfo[]>;
  fields(connection: string, table: string, sn: ServiceNowClient): Promise<FieldInfo[]>;
  forget(connection: string): void;
}

/** Creates an empty cache. Failed lookups are not cached. */
export function createSchemaCache(): SchemaCache {
  const tables = new Map<string, TableInfo[]>();
  const fields = new Map<string, FieldInfo[]>();
  return {
    async tables(connection, sn) {
      const hit = tables.get(connection);
      if (hit) return hit;
      const list = await sn.schema.tables({ max: 2000 });
      tables.set(connection, list);
      return list;
    },
    async fields(connection, table, sn) {
      const key = `${connection}\u0000${table}`;
      const hit = fields.get(key);
      if (hit) return hit;
      const list = await sn.schema.fields(table);
      fields.set(key, list);
      return list;
    },
    forget(connection) {
      tables.delete(connection);
      for (const key of fields.keys()) if (key.startsWith(`${connection}\u0000`)) fields.delete(key);
    },
  };
}
