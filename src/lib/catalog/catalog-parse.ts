import { ResponseError } from '../errors/response-error.js';
import type {
  Cart,
  CartItem,
  Catalog,
  CatalogCategory,
  CatalogItem,
  CatalogItemDetail,
  CatalogRef,
  CatalogVariable,
  OrderResult,
} from './catalog-types.js';

/** Wire → API mapping of the Service Catalog API's JSON (native types; prices as formatted strings). */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const flag = (v: unknown): boolean => v === true || v === 'true';

/** The `result` of a catalog answer. @throws {ResponseError} when there is none. */
export function resultOf(body: unknown, what: string): unknown {
  if (!isObj(body) || !('result' in body)) throw new ResponseError(`The ${what} response has no "result"`);
  return body.result;
}

const ref = (v: unknown): CatalogRef => ({ sysId: text(obj(v).sys_id), title: text(obj(v).title) });

export const parseCatalog = (v: unknown): Catalog => ({
  ...ref(v),
  description: text(obj(v).description),
  hasCategories: flag(obj(v).has_categories),
  hasItems: flag(obj(v).has_items),
});

export const parseCategory = (v: unknown): CatalogCategory => ({
  ...ref(v),
  description: text(obj(v).description),
  count: Number(obj(v).count ?? 0),
  subcategories: list(obj(v).subcategories).map(ref),
});

export function parseItem(v: unknown): CatalogItem {
  const o = obj(v);
  const category = ref(o.category);
  return {
    sysId: text(o.sys_id),
    name: text(o.name),
    shortDescription: text(o.short_description),
    description: text(o.description),
    type: text(o.type),
    price: text(o.price),
    category: category.sysId === '' ? undefined : category,
    catalogs: list(o.catalogs).map(ref),
  };
}

function parseVariable(v: unknown): CatalogVariable {
  const o = obj(v);
  return {
    sysId: text(o.id),
    name: text(o.name),
    label: text(o.label),
    type: Number(o.type ?? 0),
    friendlyType: text(o.friendly_type),
    mandatory: flag(o.mandatory),
    readOnly: flag(o.read_only),
    defaultValue: text(o.value),
    helpText: text(o.help_text),
    choices: list(o.choices).map((c) => ({ label: text(obj(c).label), value: text(obj(c).value) })),
    children: list(o.children).map(parseVariable),
  };
}

export const parseItemDetail = (v: unknown): CatalogItemDetail => ({
  ...parseItem(v),
  variables: list(obj(v).variables).map(parseVariable),
});

export function parseOrder(v: unknown): OrderResult {
  const o = obj(v);
  const requestId = text(o.request_id) || text(o.sys_id);
  if (requestId === '') throw new ResponseError('The order response names no request (request_id)');
  return { requestId, requestNumber: text(o.request_number) || text(o.number), table: text(o.table) || 'sc_request' };
}

const parseCartItem = (v: unknown): CartItem => ({
  cartItemId: text(obj(v).cart_item_id),
  catalogItemId: text(obj(v).catalog_item_id),
  itemName: text(obj(v).item_name),
  quantity: Number(text(obj(v).quantity) || '0'),
  price: text(obj(v).price),
});

/**
 * A cart from `add_to_cart` (`{cart_id, subtotal, items}`) or `GET /cart` (`{cart_id, subtotal_price,
 * <frequency>: {items}}`, one key per recurring frequency).
 */
export function parseCart(v: unknown): Cart {
  const o = obj(v);
  const grouped = Object.values(o).filter((g) => isObj(g) && Array.isArray(g.items));
  const items = Array.isArray(o.items) ? o.items : grouped.flatMap((g) => list(obj(g).items));
  return {
    cartId: text(o.cart_id),
    subtotal: text(o.subtotal) || text(o.subtotal_price),
    items: items.map(parseCartItem),
  };
}
