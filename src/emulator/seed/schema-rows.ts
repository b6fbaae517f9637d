import { CHOICES } from '../schema/choices.js';
import { FIELD_TYPES, type FieldType, type SchemaRegistry } from '../schema/types.js';
import { fixedId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** Every sys_glide_object row: the field types, then 'collection' (a table's own dictionary row). */
const ALL_TYPES: readonly (FieldType | 'collection')[] = [...FIELD_TYPES, 'collection'];

/** sys_id of a table's sys_db_object row. */
export const tableObjectId = (table: string): string => fixedId(`sys_db_object:${table}`);
/** sys_id of a table's sys_number row. */
export const numberId = (table: string): string => fixedId(`sys_number:${table}`);

/** First number handed out to API-created records (reference §7: later incidents start at INC0010001). */
export const FIRST_API_NUMBER = 10001;

export interface SchemaRow {
  readonly table: string;
  readonly row: Row;
}

/**
 * Generates the dictionary rows (sys_db_object, sys_dictionary, sys_glide_object, sys_choice, sys_number and
 * the number counters) from the TableDefs and choice data, so the dictionary always describes the real schema.
 */
export function schemaRows(schema: SchemaRegistry): SchemaRow[] {
  const rows: SchemaRow[] = [];
  // sys_glide_object rows use the type name as sys_id, so internal_type's wire value is the type name.
  for (const type of ALL_TYPES)
    rows.push({ table: 'sys_glide_object', row: { sys_id: type, name: type, label: type } });
  for (const table of schema.tables()) {
    const def = table.def;
    rows.push({
      table: 'sys_db_object',
      row: {
        sys_id: tableObjectId(def.name),
        name: def.name,
        label: def.label,
        super_class: def.superClass === undefined ? '' : tableObjectId(def.superClass),
        is_extendable: def.extendable === true ? 'true' : 'false',
        number_ref: def.numberPrefix === undefined ? '' : numberId(def.name),
        extension_model: table.chain.length > 1 || def.extendable === true ? 'hierarchy' : '',
      },
    });
    rows.push({
      table: 'sys_dictionary',
      row: {
        sys_id: fixedId(`sys_dictionary:${def.name}:`),
        name: def.name,
        element: '',
        column_label: def.label,
        internal_type: 'collection',
      },
    });
    for (const field of table.fields.values()) {
      if (field.definedOn !== def.name) continue;
      rows.push({
        table: 'sys_dictionary',
        row: {
          sys_id: fixedId(`sys_dictionary:${def.name}:${field.name}`),
          name: def.name,
          element: field.name,
          column_label: field.label,
          internal_type: field.type,
          max_length: String(field.maxLength ?? (field.type === 'reference' || field.type === 'GUID' ? 32 : 40)),
          reference: field.reference ?? '',
          mandatory: field.mandatory === true ? 'true' : 'false',
          read_only: field.readOnly === true ? 'true' : 'false',
          display: field.name === table.displayField ? 'true' : 'false',
          default_value: field.defaultValue ?? '',
          choice: field.choice === true ? '3' : '0',
          dependent: field.dependentOn ?? '',
        },
      });
    }
    if (def.numberPrefix !== undefined) {
      rows.push({
        table: 'sys_number',
        row: {
          sys_id: numberId(def.name),
          category: def.name,
          prefix: def.numberPrefix,
          number: '1000',
          maximum_digits: '7',
        },
      });
      rows.push({
        table: 'sys_number_counter',
        row: {
          sys_id: fixedId(`sys_number_counter:${def.name}`),
          table: def.name,
          number: String(FIRST_API_NUMBER - 1),
        },
      });
    }
  }
  let sequence = 0;
  for (const c of CHOICES) {
    sequence++;
    rows.push({
      table: 'sys_choice',
      row: {
        sys_id: fixedId(`sys_choice:${c.table}:${c.element}:${c.dependentValue ?? ''}:${c.value}`),
        name: c.table,
        element: c.element,
        value: c.value,
        label: c.label,
        sequence: String(sequence),
        inactive: 'false',
        language: 'en',
        dependent_value: c.dependentValue ?? '',
      },
    });
  }
  return rows;
}
