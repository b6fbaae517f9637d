import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';

/**
 * The Service Catalog API's JSON shapes (reference §2.1): native JSON types, prices as formatted strings.
 * Rows are read straight from the catalog tables; every function here is a pure rendering or a lookup.
 */

const FRIENDLY: Record<string, readonly [friendly: string, display: string]> = {
  '1': ['yes_no', 'YesNo'],
  '2': ['multi_line_text', 'MultiLineText'],
  '3': ['multiple_choice', 'MultipleChoice'],
  '5': ['select_box', 'SelectBox'],
  '6': ['single_line_text', 'SingleLineText'],
  '7': ['check_box', 'CheckBox'],
  '8': ['reference', 'Reference'],
  '9': ['date', 'Date'],
  '10': ['date_time', 'DateTime'],
};

/** `$1,599.98`: the price format of the catalog API (currency USD in the emulator). */
export function formatPrice(amount: number): string {
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

const all = (ctx: EmulatorContext, sql: string, ...args: string[]): Row[] =>
  ctx.store.prepare(sql).all(...args) as Row[];

/** Active catalogs, optionally those whose title contains `text`. */
export function catalogRows(ctx: EmulatorContext, text: string): Row[] {
  return all(
    ctx,
    `SELECT * FROM "sc_catalog" WHERE "active" = 'true' AND "title" LIKE ? ORDER BY "title"`,
    `%${text}%`,
  );
}

export function activeRow(ctx: EmulatorContext, table: string, sysId: string): Row | undefined {
  const row = ctx.store.byId(table, sysId);
  return row && row.active !== 'false' ? row : undefined;
}

export function categoryRows(ctx: EmulatorContext, catalogId: string, topLevelOnly: boolean): Row[] {
  return all(
    ctx,
    `SELECT * FROM "sc_category" WHERE "sc_catalog" = ? AND "active" = 'true'${topLevelOnly ? ` AND "parent" = ''` : ''}
     ORDER BY CAST("order" AS REAL), "title"`,
    catalogId,
  );
}

/** Active items, filtered as GET /items does (catalog, category, text in name or short description). */
export function itemRows(ctx: EmulatorContext, filter: { catalog?: string; category?: string; text?: string }): Row[] {
  const where = [`"active" = 'true'`];
  const args: string[] = [];
  if (filter.catalog !== undefined) {
    where.push(`(',' || "sc_catalogs" || ',') LIKE ?`);
    args.push(`%,${filter.catalog},%`);
  }
  if (filter.category !== undefined) {
    where.push(`"category" = ?`);
    args.push(filter.category);
  }
  if (filter.text !== undefined) {
    where.push(`("name" LIKE ? OR "short_description" LIKE ?)`);
    args.push(`%${filter.text}%`, `%${filter.text}%`);
  }
  return all(
    ctx,
    `SELECT * FROM "sc_cat_item" WHERE ${where.join(' AND ')} ORDER BY CAST("order" AS REAL), "name"`,
    ...args,
  );
}

export function variableRows(ctx: EmulatorContext, itemId: string): Row[] {
  return all(
    ctx,
    `SELECT * FROM "item_option_new" WHERE "cat_item" = ? AND "active" = 'true' ORDER BY CAST("order" AS REAL)`,
    itemId,
  );
}

export function catalogView(ctx: EmulatorContext, row: Row): Record<string, unknown> {
  const id = row.sys_id ?? '';
  return {
    sys_id: id,
    title: row.title ?? '',
    description: row.description ?? '',
    has_categories: categoryRows(ctx, id, false).length > 0,
    has_items: itemRows(ctx, { catalog: id }).length > 0,
    desktop_image: '',
  };
}

export function categoryView(ctx: EmulatorContext, row: Row): Record<string, unknown> {
  const id = row.sys_id ?? '';
  const children = all(ctx, `SELECT "sys_id", "title" FROM "sc_category" WHERE "parent" = ? AND "active" = 'true'`, id);
  return {
    sys_id: id,
    title: row.title ?? '',
    description: row.description ?? '',
    full_description: row.description ?? '',
    icon: '',
    header_icon: '',
    homepage_image: '',
    count: itemRows(ctx, { category: id }).length,
    subcategories: children.map((c) => ({ sys_id: c.sys_id ?? '', title: c.title ?? '' })),
  };
}

const titleOf = (ctx: EmulatorContext, table: string, id: string): { sys_id: string; title: string } => ({
  sys_id: id,
  title: ctx.store.byId(table, id)?.title ?? '',
});

export function itemSummary(ctx: EmulatorContext, row: Row): Record<string, unknown> {
  const price = formatPrice(Number(row.price || '0'));
  const catalogs = (row.sc_catalogs ?? '').split(',').filter((id) => id !== '');
  return {
    sys_id: row.sys_id ?? '',
    name: row.name ?? '',
    short_description: row.short_description ?? '',
    description: row.description ?? '',
    type: 'catalog_item',
    sys_class_name: 'sc_cat_item',
    catalogs: catalogs.map((id) => titleOf(ctx, 'sc_catalog', id)),
    category: titleOf(ctx, 'sc_category', row.category ?? ''),
    order: Number(row.order || '0'),
    show_price: true,
    show_quantity: true,
    price,
    localized_price: price,
    recurring_price: formatPrice(0),
  };
}

function variableView(ctx: EmulatorContext, v: Row): Record<string, unknown> {
  const [friendly, display] = FRIENDLY[v.type ?? ''] ?? ['single_line_text', 'SingleLineText'];
  const isBoolean = v.type === '7';
  const value = v.default_value ?? '';
  const choices = all(
    ctx,
    `SELECT * FROM "question_choice" WHERE "question" = ? ORDER BY CAST("order" AS REAL)`,
    v.sys_id ?? '',
  );
  return {
    name: v.name ?? '',
    label: v.question_text ?? '',
    id: v.sys_id ?? '',
    type: Number(v.type || '6'),
    friendly_type: friendly,
    display_type: display,
    mandatory: v.mandatory === 'true',
    read_only: v.read_only === 'true',
    value: isBoolean ? value === 'true' : value,
    displayvalue: value,
    help_text: v.help_text ?? '',
    max_length: 0,
    render_label: true,
    ...(choices.length > 0
      ? { choices: choices.map((c, index) => ({ label: c.text ?? '', value: c.value ?? '', index, price: 0 })) }
      : {}),
  };
}

export function itemDetail(ctx: EmulatorContext, row: Row): Record<string, unknown> {
  return {
    ...itemSummary(ctx, row),
    categories: [titleOf(ctx, 'sc_category', row.category ?? '')],
    variables: variableRows(ctx, row.sys_id ?? '').map((v) => variableView(ctx, v)),
    client_script: { onChange: [], onLoad: [], onSubmit: [] },
    ui_policy: [],
    data_lookup: [],
  };
}
