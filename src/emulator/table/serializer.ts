import type { ResolvedField, ResolvedTable } from '../schema/types.js';
import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';
import { journalText } from './journal.js';
import type { DisplayMode } from './params.js';

/** One output column: a direct field, or a dot-walk path whose last segment is read on the final table. */
interface Column {
  /** The JSON key, already quoted with its colon: `"caller_id.name":`. */
  readonly key: string;
  /** Reference fields to follow from the record, then the field to render. */
  readonly walk: readonly ResolvedField[];
  readonly field: ResolvedField;
  /** The table the rendered field belongs to (for choice labels and journals). */
  readonly table: ResolvedTable;
  readonly linkPrefix: string;
}

export interface SerializerOptions {
  readonly displayValue: DisplayMode;
  readonly excludeReferenceLink: boolean;
  readonly fields: readonly string[] | undefined;
  /** e.g. `http://127.0.0.1:1234/api/now/v2/table/` — reference links repeat the request's version. */
  readonly tableBase: string;
}

/** The serializer of one request: renders rows as JSON object text, caching display lookups per request. */
export interface RecordSerializer {
  record(row: Row): string;
}

const isReference = (f: ResolvedField): boolean => f.type === 'reference' || f.type === 'domain_id';
const referenceTarget = (f: ResolvedField): string => (f.type === 'domain_id' ? 'sys_user_group' : (f.reference ?? ''));
const isJournal = (f: ResolvedField): boolean =>
  f.type === 'journal' || f.type === 'journal_input' || f.type === 'journal_list';

/** Builds the output column plan: all readable fields, or the requested ones (invalid names ignored). */
function plan(ctx: EmulatorContext, table: ResolvedTable, options: SerializerOptions): Column[] {
  const column = (key: string, walk: ResolvedField[], field: ResolvedField, on: ResolvedTable): Column => ({
    key: `${JSON.stringify(key)}:`,
    walk,
    field,
    table: on,
    linkPrefix: `${options.tableBase}${referenceTarget(field)}/`,
  });
  if (options.fields === undefined) {
    return [...table.fields.values()].filter((f) => f.type !== 'password').map((f) => column(f.name, [], f, table));
  }
  const columns: Column[] = [];
  for (const path of options.fields) {
    const segments = path.split('.');
    let current: ResolvedTable | undefined = table;
    const walk: ResolvedField[] = [];
    let valid = true;
    for (let i = 0; i < segments.length - 1 && current; i++) {
      const f = current.fields.get(segments[i] ?? '');
      if (!f || !isReference(f)) {
        valid = false;
        break;
      }
      walk.push(f);
      current = ctx.schema.table(referenceTarget(f));
    }
    const last = current?.fields.get(segments[segments.length - 1] ?? '');
    if (!valid || !current || !last || last.type === 'password') continue;
    columns.push(column(path, walk, last, current));
  }
  return columns;
}

/** Creates the per-request serializer (reference §1.4 shapes for false / true / all). */
export function createSerializer(
  ctx: EmulatorContext,
  table: ResolvedTable,
  options: SerializerOptions,
): RecordSerializer {
  const columns = plan(ctx, table, options);
  const mode = options.displayValue;
  const noLink = options.excludeReferenceLink;
  const rowCache = new Map<string, Row | null>();
  const displayCache = new Map<string, string>();
  const userNames = new Map<string, string>();

  const target = (tableName: string, sysId: string): Row | undefined => {
    const key = `${tableName}:${sysId}`;
    let row = rowCache.get(key);
    if (row === undefined) {
      const resolved = ctx.schema.table(tableName);
      const found = resolved ? ctx.store.byId(resolved.physical, sysId) : undefined;
      row =
        found && (!resolved?.fields.has('sys_class_name') || resolved.classes.includes(found.sys_class_name ?? ''))
          ? found
          : null;
      rowCache.set(key, row);
    }
    return row ?? undefined;
  };
  const referenceDisplay = (tableName: string, sysId: string): string => {
    const key = `${tableName}:${sysId}`;
    let display = displayCache.get(key);
    if (display === undefined) {
      const resolved = ctx.schema.table(tableName);
      const row = target(tableName, sysId);
      display =
        row && resolved?.displayField
          ? (row[resolved.displayField] ?? '')
          : tableName === 'sys_user_group' && sysId === 'global'
            ? 'global'
            : '';
      displayCache.set(key, display);
    }
    return display;
  };
  const userName = (login: string): string => {
    let name = userNames.get(login);
    if (name === undefined) {
      const row = ctx.store.findBy('sys_user', 'user_name', login);
      name = row?.name || login;
      userNames.set(login, name);
    }
    return name;
  };
  const plainDisplay = (col: Column, value: string, row: Row): string => {
    const f = col.field;
    if (f.choice === true && value !== '')
      return ctx.choices.label(row.sys_class_name || col.table.name, f.name, value) ?? value;
    if (f.type === 'sys_class_name') return ctx.schema.table(value)?.def.label ?? value;
    return value;
  };

  const render = (col: Column, row: Row): string => {
    const f = col.field;
    const value = row[f.name] ?? '';
    if (isJournal(f)) {
      if (mode === 'false') return '""';
      const text = JSON.stringify(journalText(ctx, row.sys_id ?? '', f, userName));
      return mode === 'true' ? text : `{"display_value":${text},"value":""}`;
    }
    if (isReference(f)) {
      if (value === '') return mode === 'all' ? '{"display_value":"","value":""}' : '""';
      const v = JSON.stringify(value);
      const link = noLink ? '' : `"link":${JSON.stringify(col.linkPrefix + value)}`;
      if (mode === 'false') return noLink ? v : `{${link},"value":${v}}`;
      const d = JSON.stringify(referenceDisplay(referenceTarget(f), value));
      if (mode === 'true') return noLink ? d : `{"display_value":${d},${link}}`;
      return noLink ? `{"display_value":${d},"value":${v}}` : `{"display_value":${d},${link},"value":${v}}`;
    }
    if (mode === 'false') return JSON.stringify(value);
    const d = JSON.stringify(plainDisplay(col, value, row));
    return mode === 'true' ? d : `{"display_value":${d},"value":${JSON.stringify(value)}}`;
  };

  const walkTo = (col: Column, row: Row): Row | undefined => {
    let current: Row | undefined = row;
    for (const ref of col.walk) {
      const id = current?.[ref.name] ?? '';
      if (id === '') return undefined;
      current = target(referenceTarget(ref), id);
      if (!current) return undefined;
    }
    return current;
  };

  return {
    record(row: Row): string {
      let out = '{';
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i] as Column;
        if (i > 0) out += ',';
        if (col.walk.length === 0) {
          out += col.key + render(col, row);
        } else {
          const end = walkTo(col, row);
          out += col.key + (end ? render(col, end) : mode === 'all' ? '{"display_value":"","value":""}' : '""');
        }
      }
      return out + '}';
    },
  };
}
