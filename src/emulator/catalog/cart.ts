import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import { formatPrice } from './catalog-views.js';
import type { OrderLine } from './place-order.js';

/**
 * The calling user's cart (reference §2.2: "the cart belongs to the calling user"): one sc_cart named
 * DEFAULT per user, its lines in sc_cart_item with the answers kept as JSON until the order is submitted.
 */

function insert(ctx: EmulatorContext, tableName: string, caller: Caller, row: Row): Row {
  const table = ctx.schema.table(tableName);
  if (!table) throw new Error(`catalog: table ${tableName} missing from the schema`);
  const full = { ...newRowDefaults(table, randomId(), caller.userName, ctx.clock()), ...row };
  ctx.store.insert(table.physical, full);
  return full;
}

/** The caller's cart, created on first use. */
export function cartOf(ctx: EmulatorContext, caller: Caller): Row {
  const existing = ctx.store
    .prepare(`SELECT * FROM "sc_cart" WHERE "user" = ? AND "name" = 'DEFAULT' LIMIT 1`)
    .get(caller.sysId) as Row | undefined;
  return existing ?? insert(ctx, 'sc_cart', caller, { name: 'DEFAULT', user: caller.sysId });
}

export function cartItemRows(ctx: EmulatorContext, cartId: string): Row[] {
  return ctx.store.prepare(`SELECT * FROM "sc_cart_item" WHERE "cart" = ? ORDER BY rowid`).all(cartId) as Row[];
}

export function addCartItem(ctx: EmulatorContext, caller: Caller, cart: Row, line: OrderLine): void {
  insert(ctx, 'sc_cart_item', caller, {
    cart: cart.sys_id ?? '',
    cat_item: line.item.sys_id ?? '',
    quantity: String(line.quantity),
    variables: JSON.stringify(line.variables),
    requested_for: line.requestedFor,
  });
}

/** The cart's lines back as order lines (items that became inactive meanwhile are dropped). */
export function cartLines(ctx: EmulatorContext, cartId: string): OrderLine[] {
  const lines: OrderLine[] = [];
  for (const row of cartItemRows(ctx, cartId)) {
    const item = ctx.store.byId('sc_cat_item', row.cat_item ?? '');
    if (!item || item.active === 'false') continue;
    lines.push({
      item,
      quantity: Number(row.quantity || '1'),
      variables: JSON.parse(row.variables || '{}') as Record<string, string>,
      requestedFor: row.requested_for ?? '',
    });
  }
  return lines;
}

export function emptyCart(ctx: EmulatorContext, cartId: string): void {
  ctx.store.prepare(`DELETE FROM "sc_cart_item" WHERE "cart" = ?`).run(cartId);
  ctx.store.touch();
}

function itemView(ctx: EmulatorContext, row: Row): { view: Record<string, unknown>; amount: number } {
  const item = ctx.store.byId('sc_cat_item', row.cat_item ?? '');
  const quantity = Number(row.quantity || '1');
  const amount = Number(item?.price || '0') * quantity;
  return {
    amount,
    view: {
      cart_item_id: row.sys_id ?? '',
      catalog_item_id: row.cat_item ?? '',
      item_name: item?.name ?? '',
      quantity: String(quantity),
      price: formatPrice(amount),
      localized_price: formatPrice(amount),
      recurring_frequency: '',
      recurring_price: formatPrice(0),
      localized_recurring_price: formatPrice(0),
    },
  };
}

/** The `add_to_cart` answer: `{cart_id, subtotal, items}`. */
export function cartSummary(ctx: EmulatorContext, cart: Row): Record<string, unknown> {
  const items = cartItemRows(ctx, cart.sys_id ?? '').map((r) => itemView(ctx, r));
  return {
    cart_id: cart.sys_id ?? '',
    subtotal: formatPrice(items.reduce((s, i) => s + i.amount, 0)),
    items: items.map((i) => i.view),
  };
}

/** The `GET /cart` answer: totals plus one key per recurring frequency, here only `none` (reference §2.2). */
export function cartDetail(ctx: EmulatorContext, cart: Row): Record<string, unknown> {
  const items = cartItemRows(ctx, cart.sys_id ?? '').map((r) => itemView(ctx, r));
  const subtotal = formatPrice(items.reduce((s, i) => s + i.amount, 0));
  return {
    cart_id: cart.sys_id ?? '',
    subtotal_price: subtotal,
    subtotal_recurring_price: formatPrice(0),
    total_title: 'Total',
    show_subtotal_price: 'true',
    none: { items: items.map((i) => i.view), subtotal_price: subtotal, subtotal_recurring_price: formatPrice(0) },
  };
}
