import type { EmulatorContext } from '../context.js';
import { displayDate, displayDateTime, type UserZone } from '../auth/user-zone.js';
import type { ResolvedField, ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { journalText } from './journal.js';
import type { DisplayMode } from './params.js';

/** How a column renders; decided once per request, not per row. */
const enum Kind {
  Plain,
  Reference,
  Journal,
  /** password / password2: the secret is never sent, a set one shows as {@link PASSWORD_MASK}. */
  Password,
}

/** What a password field shows, as value and display value, when it holds a secret. */
export const PASSWORD_MASK = '********';

/** One output column: a direct field, or a dot-walk path whose last segment is read on the final table. */
interface Column {
  /** The JSON key with its colon, e.g. `"caller_id.name":`. */
  readonly key: string;
  /** Reference fields to follow from the record, then the field to render. */
  readonly walk: readonly ResolvedField[];
  readonly field: ResolvedField;
  readonly kind: Kind;
  /** The table the rendered field belongs to (for choice labels). */
  readonly table: ResolvedTable;
  /** `{"link":"<base>/<target>/` for references. */
  readonly linkOpen: string;
  /** Position of the field in the selected value array (direct columns only), else -1. */
  readonly index: number;
}

export interface SerializerOptions {
  readonly displayValue: DisplayMode;
  readonly excludeReferenceLink: boolean;
  readonly fields: readonly string[] | undefined;
  /** e.g. `http://127.0.0.1:1234/api/now/v2/table/`: reference links repeat the request's version. */
  readonly tableBase: string;
  /** The caller's time zone and formats for date display values; none shows them as stored (UTC). */
  readonly zone?: UserZone;
}

/** The serializer of one request: renders rows as JSON text, caching display lookups per request. */
export interface RecordSerializer {
  /** The columns to SELECT, in order, for {@link RecordSerializer.values}. */
  readonly selectColumns: readonly string[];
  /** Renders a row given as values in selectColumns order (the fast list path). */
  values(values: readonly unknown[]): string;
  /** Renders a row object. */
  record(row: Row): string;
  /**
   * The same rendering as one SQLite json_object() expression over alias `t` (named parameter @base = the
   * table base URL), when the request allows it: display_value=false without dot-walks. SQLite then builds
   * each record's JSON in C, which is several times faster than extracting every column into JavaScript.
   */
  readonly sqlObject: string | undefined;
}

/** SQLITE_MAX_FUNCTION_ARG since SQLite 3.48 (json_object takes two arguments per field). */
const MAX_SQL_FUNCTION_ARGS = 1000;

function sqlObjectFor(columns: readonly Column[], options: SerializerOptions): string | undefined {
  if (options.displayValue !== 'false' || columns.length * 2 > MAX_SQL_FUNCTION_ARGS) return undefined;
  const parts: string[] = [];
  for (const col of columns) {
    if (col.walk.length > 0) return undefined;
    const name = col.field.name;
    const key = `'${name}'`;
    const ref = `t."${name}"`;
    if (col.kind === Kind.Journal) parts.push(key, `''`);
    else if (col.kind === Kind.Password) parts.push(key, `CASE WHEN ${ref} = '' THEN '' ELSE '${PASSWORD_MASK}' END`);
    else if (col.kind === Kind.Reference && !options.excludeReferenceLink) {
      const target = referenceTarget(col.field);
      parts.push(
        key,
        `CASE WHEN ${ref} = '' THEN '' ELSE json_object('link', @base || '${target}/' || ${ref}, 'value', ${ref}) END`,
      );
    } else parts.push(key, ref);
  }
  return `json_object(${parts.join(',')})`;
}

const isReference = (f: ResolvedField): boolean => f.type === 'reference' || f.type === 'domain_id';
const referenceTarget = (f: ResolvedField): string => (f.type === 'domain_id' ? 'sys_user_group' : (f.reference ?? ''));
const kindOf = (f: ResolvedField): Kind =>
  isJournal(f) ? Kind.Journal : isReference(f) ? Kind.Reference : f.type === 'password' ? Kind.Password : Kind.Plain;
const isJournal = (f: ResolvedField): boolean =>
  f.type === 'journal' || f.type === 'journal_input' || f.type === 'journal_list';
/** Values shaped like sys_ids need no JSON escaping, which skips JSON.stringify on the hot path. */
const SAFE_ID = /^[0-9a-zA-Z_.-]*$/;
/** SQLite hands back TEXT as strings; anything else (never expected) is stringified defensively. */
const text = (raw: unknown): string =>
  typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'bigint' ? String(raw) : '';
const quote = (value: string): string => (SAFE_ID.test(value) ? `"${value}"` : JSON.stringify(value));

/** Resolves the requested columns (all readable fields by default; invalid names and paths are ignored). */
function plan(ctx: EmulatorContext, table: ResolvedTable, options: SerializerOptions, select: string[]): Column[] {
  const indexOf = (name: string): number => {
    let i = select.indexOf(name);
    if (i < 0) i = select.push(name) - 1;
    return i;
  };
  const make = (key: string, walk: ResolvedField[], field: ResolvedField, on: ResolvedTable): Column => ({
    key: `${JSON.stringify(key)}:`,
    walk,
    field,
    kind: kindOf(field),
    table: on,
    linkOpen: `{"link":${JSON.stringify(options.tableBase + referenceTarget(field) + '/').slice(0, -1)}`,
    index: walk.length === 0 ? indexOf(field.name) : walk[0] ? indexOf(walk[0].name) : -1,
  });
  if (options.fields === undefined) {
    return [...table.fields.values()].map((f) => make(f.name, [], f, table));
  }
  const columns: Column[] = [];
  for (const path of options.fields) {
    const segments = path.split('.');
    let current: ResolvedTable | undefined = table;
    const walk: ResolvedField[] = [];
    for (let i = 0; i < segments.length - 1 && current; i++) {
      const f: ResolvedField | undefined = current.fields.get(segments[i] ?? '');
      current = f && isReference(f) ? ctx.schema.table(referenceTarget(f)) : undefined;
      if (f) walk.push(f);
    }
    const last = current?.fields.get(segments[segments.length - 1] ?? '');
    if (!current || !last) continue;
    columns.push(make(path, walk, last, current));
  }
  return columns;
}

/** Creates the per-request serializer (reference §1.4 shapes for display_value false / true / all). */
export function createSerializer(
  ctx: EmulatorContext,
  table: ResolvedTable,
  options: SerializerOptions,
): RecordSerializer {
  const select: string[] = ['sys_id'];
  if (table.fields.has('sys_class_name')) select.push('sys_class_name');
  const columns = plan(ctx, table, options, select);
  const mode = options.displayValue;
  const noLink = options.excludeReferenceLink;
  const rowCache = new Map<string, Row | null>();
  const displayCache = new Map<string, string>();
  const userNames = new Map<string, string>();
  const classIndex = select.indexOf('sys_class_name');
  const zone = options.zone;
  const dateDisplays = new Map<string, string>();

  const target = (tableName: string, sysId: string): Row | undefined => {
    const key = `${tableName}:${sysId}`;
    let row = rowCache.get(key);
    if (row === undefined) {
      const resolved = ctx.schema.table(tableName);
      const found = resolved ? ctx.store.byId(resolved.physical, sysId) : undefined;
      const inClass = !resolved?.fields.has('sys_class_name') || resolved.classes.includes(found?.sys_class_name ?? '');
      row = found && inClass ? found : null;
      rowCache.set(key, row);
    }
    return row ?? undefined;
  };
  const referenceDisplay = (tableName: string, sysId: string): string => {
    const key = `${tableName}:${sysId}`;
    let display = displayCache.get(key);
    if (display === undefined) {
      const displayField = ctx.schema.table(tableName)?.displayField;
      const row = target(tableName, sysId);
      if (row && displayField) display = row[displayField] ?? '';
      else display = tableName === 'sys_user_group' && sysId === 'global' ? 'global' : '';
      displayCache.set(key, display);
    }
    return display;
  };
  const userName = (login: string): string => {
    let name = userNames.get(login);
    if (name === undefined) {
      name = ctx.store.findBy('sys_user', 'user_name', login)?.name || login;
      userNames.set(login, name);
    }
    return name;
  };
  /** A stored date-time in the caller's zone and format (as stored without a zone). */
  const dateTimeDisplay = (value: string): string => {
    if (zone === undefined) return value;
    // Records repeat instants (created = updated = opened), so each is rendered once per request.
    let shown = dateDisplays.get(value);
    if (shown === undefined) {
      shown = displayDateTime(zone, value);
      dateDisplays.set(value, shown);
    }
    return shown;
  };
  const plainDisplay = (col: Column, value: string, className: string): string => {
    const f = col.field;
    if (f.choice === true && value !== '')
      return ctx.choices.label(className || col.table.name, f.name, value) ?? value;
    if (f.type === 'sys_class_name') return ctx.schema.table(value)?.def.label ?? value;
    if (zone !== undefined && value !== '') {
      if (f.type === 'glide_date_time') return dateTimeDisplay(value);
      if (f.type === 'glide_date') return displayDate(zone, value);
    }
    return value;
  };

  /** Renders one field value; sysId and className are those of the record that holds the field. */
  const render = (col: Column, value: string, sysId: string, className: string): string => {
    switch (col.kind) {
      case Kind.Plain: {
        if (mode === 'false') return quote(value);
        const d = quote(plainDisplay(col, value, className));
        return mode === 'true' ? d : `{"display_value":${d},"value":${quote(value)}}`;
      }
      case Kind.Reference: {
        if (value === '') return mode === 'all' ? '{"display_value":"","value":""}' : '""';
        const v = quote(value);
        const link = noLink
          ? ''
          : `${col.linkOpen}${SAFE_ID.test(value) ? value : JSON.stringify(value).slice(1, -1)}"`;
        if (mode === 'false') return noLink ? v : `${link},"value":${v}}`;
        const d = quote(referenceDisplay(referenceTarget(col.field), value));
        if (mode === 'true') return noLink ? d : `{"display_value":${d},${link.slice(1)}}`;
        return noLink ? `{"display_value":${d},"value":${v}}` : `{"display_value":${d},${link.slice(1)},"value":${v}}`;
      }
      case Kind.Password: {
        const masked = value === '' ? '""' : `"${PASSWORD_MASK}"`;
        return mode === 'all' ? `{"display_value":${masked},"value":${masked}}` : masked;
      }
      case Kind.Journal: {
        if (mode === 'false') return '""';
        const text = JSON.stringify(journalText(ctx, sysId, col.field, userName, dateTimeDisplay));
        return mode === 'true' ? text : `{"display_value":${text},"value":""}`;
      }
    }
  };

  const walked = (col: Column, start: string): string => {
    let current: Row | undefined;
    let id = start;
    for (let i = 0; i < col.walk.length; i++) {
      const ref = col.walk[i] as ResolvedField;
      if (i > 0) id = current?.[ref.name] ?? '';
      current = id === '' ? undefined : target(referenceTarget(ref), id);
      if (!current) return mode === 'all' ? '{"display_value":"","value":""}' : '""';
    }
    const end = current as Row;
    return render(col, end[col.field.name] ?? '', end.sys_id ?? '', end.sys_class_name ?? '');
  };

  const values = (vals: readonly unknown[]): string => {
    const sysId = text(vals[0]);
    const className = classIndex < 0 ? '' : text(vals[classIndex]);
    let out = '{';
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i] as Column;
      if (i > 0) out += ',';
      const value = text(vals[col.index]);
      out += col.key + (col.walk.length === 0 ? render(col, value, sysId, className) : walked(col, value));
    }
    return out + '}';
  };
  return {
    sqlObject: sqlObjectFor(columns, options),
    selectColumns: select,
    values,
    record: (row) => values(select.map((name) => row[name] ?? '')),
  };
}
