import type { Context, Hono } from 'hono';
import {
  activeRow,
  catalogRows,
  catalogView,
  categoryRows,
  categoryView,
  itemDetail,
  itemRows,
  itemSummary,
} from '../catalog/catalog-views.js';
import { addCartItem, cartDetail, cartItemRows, cartLines, cartOf, cartSummary, emptyCart } from '../catalog/cart.js';
import { placeOrder, validateOrder, type OrderLine } from '../catalog/place-order.js';
import { ensureCatalogSeed } from '../catalog/seed-catalog.js';
import type { EmulatorContext } from '../context.js';
import { jsonOnly } from '../http/accept.js';
import { errorResponse, jsonResponse } from '../http/envelope.js';
import type { EmulatorEnv } from '../http/hono-env.js';
import { readJsonObject } from '../http/json-body.js';
import { addSeedHook } from '../seed/seed-hook.js';
import type { Row } from '../store/store.js';

const PREFIXES = ['/api/sn_sc/servicecatalog', '/api/sn_sc/v1/servicecatalog'];

const ok = (result: unknown): Response => jsonResponse(200, JSON.stringify({ result }));

/** sysparm_offset / sysparm_limit over an array (default limit 10000, reference §2.1). */
function page<T>(c: Context<EmulatorEnv>, rows: readonly T[]): T[] {
  const offset = Math.max(0, Number.parseInt(c.req.query('sysparm_offset') ?? '0', 10) || 0);
  const limit = Math.max(0, Number.parseInt(c.req.query('sysparm_limit') ?? '10000', 10) || 10000);
  return rows.slice(offset, offset + limit);
}

const optional = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);

/** Reads an item for ordering: unknown and inactive items are refused as the API refuses them (400). */
function orderableItem(ctx: EmulatorContext, sysId: string): Row | Response {
  return (
    activeRow(ctx, 'sc_cat_item', sysId) ??
    errorResponse(400, 'Security constraints prevent ordering of Item', `No active catalog item with sys_id ${sysId}`)
  );
}

function registerBrowse(app: Hono<EmulatorEnv>, ctx: EmulatorContext, prefix: string): void {
  app.get(`${prefix}/catalogs`, (c) =>
    ok(page(c, catalogRows(ctx, c.req.query('sysparm_text') ?? '')).map((r) => catalogView(ctx, r))),
  );
  app.get(`${prefix}/catalogs/:id`, (c) => {
    const row = activeRow(ctx, 'sc_catalog', c.req.param('id'));
    if (!row) return errorResponse(400, 'Invalid catalog', `No catalog with sys_id ${c.req.param('id')}`);
    const categories = categoryRows(ctx, row.sys_id ?? '', true).map((r) => ({
      sys_id: r.sys_id ?? '',
      title: r.title ?? '',
      description: r.description ?? '',
      header_image: '',
    }));
    return ok({ ...catalogView(ctx, row), categories });
  });
  app.get(`${prefix}/catalogs/:id/categories`, (c) => {
    const row = activeRow(ctx, 'sc_catalog', c.req.param('id'));
    if (!row) return errorResponse(400, 'Invalid catalog', `No catalog with sys_id ${c.req.param('id')}`);
    const top = c.req.query('sysparm_top_level_only') === 'true';
    return ok(page(c, categoryRows(ctx, row.sys_id ?? '', top)).map((r) => categoryView(ctx, r)));
  });
  app.get(`${prefix}/categories/:id`, (c) => {
    const row = activeRow(ctx, 'sc_category', c.req.param('id'));
    if (!row) return errorResponse(400, 'Invalid category', `No category with sys_id ${c.req.param('id')}`);
    return ok(categoryView(ctx, row));
  });
  app.get(`${prefix}/items`, (c) => {
    const filter = {
      ...(optional(c.req.query('sysparm_catalog')) ? { catalog: c.req.query('sysparm_catalog') ?? '' } : {}),
      ...(optional(c.req.query('sysparm_category')) ? { category: c.req.query('sysparm_category') ?? '' } : {}),
      ...(optional(c.req.query('sysparm_text')) ? { text: c.req.query('sysparm_text') ?? '' } : {}),
    };
    // Only plain catalog items exist in the emulator: a record producer or order guide filter matches none.
    const type = optional(c.req.query('sysparm_type'));
    const rows = type === undefined ? itemRows(ctx, filter) : [];
    return ok(page(c, rows).map((r) => itemSummary(ctx, r)));
  });
  app.get(`${prefix}/items/:id`, (c) => {
    const row = activeRow(ctx, 'sc_cat_item', c.req.param('id'));
    if (!row) {
      return errorResponse(
        400,
        'Security constraints prevent access to requested item',
        `No active catalog item with sys_id ${c.req.param('id')}`,
      );
    }
    return ok(itemDetail(ctx, row));
  });
}

/** The order line a POST to `/items/:id/…` asks for, or the refusal (unknown item, bad body, bad variables). */
async function orderLine(ctx: EmulatorContext, c: Context<EmulatorEnv>): Promise<OrderLine | Response> {
  const item = orderableItem(ctx, c.req.param('id') ?? '');
  if (item instanceof Response) return item;
  const body = await readJsonObject(c.req.raw);
  if (body instanceof Response) return body;
  return validateOrder(ctx, c.get('caller'), item, body);
}

function registerOrder(app: Hono<EmulatorEnv>, ctx: EmulatorContext, prefix: string): void {
  app.post(`${prefix}/items/:id/order_now`, async (c) => {
    const line = await orderLine(ctx, c);
    if (line instanceof Response) return line;
    const request = placeOrder(ctx, c.get('caller'), [line]);
    const id = request.sys_id ?? '';
    const number = request.number ?? '';
    return ok({ sys_id: id, number, request_number: number, request_id: id, table: 'sc_request' });
  });
  app.post(`${prefix}/items/:id/add_to_cart`, async (c) => {
    const line = await orderLine(ctx, c);
    if (line instanceof Response) return line;
    const cart = cartOf(ctx, c.get('caller'));
    addCartItem(ctx, c.get('caller'), cart, line);
    return ok(cartSummary(ctx, cart));
  });
  app.get(`${prefix}/cart`, (c) => ok(cartDetail(ctx, cartOf(ctx, c.get('caller')))));
  const submit = (c: Context<EmulatorEnv>): Response => {
    const cart = cartOf(ctx, c.get('caller'));
    const lines = cartLines(ctx, cart.sys_id ?? '');
    if (lines.length === 0) {
      return errorResponse(400, 'Cart is empty', 'Add items with POST /items/{sys_id}/add_to_cart first');
    }
    const request = ctx.db.transaction(() => {
      const placed = placeOrder(ctx, c.get('caller'), lines);
      emptyCart(ctx, cart.sys_id ?? '');
      return placed;
    })();
    return ok({ request_number: request.number ?? '', request_id: request.sys_id ?? '', table: 'sc_request' });
  };
  app.post(`${prefix}/cart/submit_order`, submit);
  app.post(`${prefix}/cart/checkout`, submit);
  app.delete(`${prefix}/cart/:cartId/empty`, (c) => {
    const cart = cartOf(ctx, c.get('caller'));
    if (c.req.param('cartId') !== cart.sys_id) {
      return errorResponse(400, 'Invalid cart', `Cart ${c.req.param('cartId')} is not the caller's cart`);
    }
    emptyCart(ctx, cart.sys_id);
    return ok(cartSummary(ctx, cart));
  });
  app.delete(`${prefix}/cart/:itemId`, (c) => {
    const cart = cartOf(ctx, c.get('caller'));
    const line = cartItemRows(ctx, cart.sys_id ?? '').find((r) => r.sys_id === c.req.param('itemId'));
    if (!line) return errorResponse(400, 'Invalid cart item', `No item ${c.req.param('itemId')} in the caller's cart`);
    ctx.store.delete('sc_cart_item', line.sys_id ?? '');
    return ok(cartSummary(ctx, cart));
  });
}

/**
 * The Service Catalog API (reference §2, [SC]): browse catalogs, categories and items with their variables;
 * order one item at once (`order_now`) or through the caller's cart (`add_to_cart`, `cart`, `submit_order`).
 * Orders write sc_request, sc_req_item and the answers (sc_item_option + sc_item_option_mtom).
 */
export function registerCatalogRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  addSeedHook(ctx, ensureCatalogSeed);
  for (const prefix of PREFIXES) {
    app.use(`${prefix}/*`, jsonOnly);
    registerBrowse(app, ctx, prefix);
    registerOrder(app, ctx, prefix);
  }
}
