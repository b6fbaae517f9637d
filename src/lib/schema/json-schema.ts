import type { FieldInfo } from './schema-types.js';

/**
 * Generates a JSON Schema (draft 2020-12) for a table's records with `sysparm_display_value=false`: values are
 * strings; references are a sys_id string or `{ link, value }`.
 */
export function toJsonSchema(table: string, fields: readonly FieldInfo[]): Record<string, unknown> {
  const reference = {
    oneOf: [
      { type: 'string' },
      {
        type: 'object',
        properties: { link: { type: 'string', format: 'uri' }, value: { type: 'string' } },
        required: ['value'],
      },
    ],
  };
  const properties: Record<string, unknown> = {};
  for (const f of fields) {
    const base = f.type === 'reference' ? reference : { type: 'string' };
    properties[f.name] = {
      ...base,
      title: f.label,
      description: `${f.type}${f.reference ? ` → ${f.reference}` : ''}${f.definedOn !== table ? ` (from ${f.definedOn})` : ''}`,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `nowrest:table:${table}`,
    title: table,
    type: 'object',
    properties,
    additionalProperties: true,
  };
}
