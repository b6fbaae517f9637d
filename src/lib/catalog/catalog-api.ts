import { ConfigError } from '../errors/config-error.js';
import { assertSysId } from '../table-params.js';
import { callOptions, type CallOptions } from '../call-options.js';
import type { Transport } from '../transport/transport.js';
import {
  parseCart,
  parseCatalog,
  parseCategory,
  parseItem,
  parseItemDetail,
  parseOrder,
  resultOf,
} from './catalog-parse.js';
import type {
  Cart,
  Catalog,
  CatalogCategory,
  CatalogItem,
  CatalogItemDetail,
  CatalogItemQuery,
  OrderParams,
  OrderResult,
} from './catalog-types.js';

/** The order body (`sysparm_quantity` as a string, variables as strings), checked before anything is sent. */
function orderBody(params: OrderParams): Record<string, unknown> {
  const quantity = params.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw new ConfigError(`Invalid quantity ${String(quantity)}`, 'Order a whole number of at least 1');
  }
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(params.variables ?? {})) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new ConfigError(`Invalid value for variable ${name}`, 'Variable values are strings, numbers or booleans');
    }
    variables[name] = String(value);
  }
  return {
    sysparm_quantity: String(quantity),
    variables,
    ...(params.requestedFor === undefined ? {} : { sysparm_requested_for: assertSysId(params.requestedFor) }),
    ...(params.noValidation === true ? { sysparm_no_validation: 'true' } : {}),
  };
}

/**
 * The Service Catalog API (`/api/sn_sc/servicecatalog`): browse catalogs, categories and items with their
 * variables, order an item at once or through the caller's cart. Orders create an `sc_request` with its
 * `sc_req_item`s; a missing mandatory variable is refused by the instance (400, `BadRequestError`) and
 * creates nothing.
 *
 * @example
 * const [laptop] = await sn.catalog.items({ text: 'Standard Laptop' });
 * const order = await sn.catalog.orderNow(laptop.sysId, { variables: { acrobat: true } });
 * order.requestNumber; // 'REQ0010001'
 */
export class CatalogApi {
  readonly #transport: Transport;
  readonly #base: string;

  constructor(transport: Transport, instanceUrl: string) {
    this.#transport = transport;
    this.#base = `${instanceUrl}/api/sn_sc/servicecatalog`;
  }

  async #send(method: string, path: string, what: string, options: CallOptions, body?: unknown): Promise<unknown> {
    const res = await this.#transport.send({
      method,
      url: `${this.#base}${path}`,
      ...(body === undefined ? {} : { body }),
      ...callOptions(options),
    });
    return resultOf(res.body, what);
  }

  async catalogs(params: { text?: string; limit?: number } = {}, options: CallOptions = {}): Promise<Catalog[]> {
    const q = new URLSearchParams();
    if (params.text !== undefined) q.set('sysparm_text', params.text);
    if (params.limit !== undefined) q.set('sysparm_limit', String(params.limit));
    const result = await this.#send('GET', `/catalogs${q.size > 0 ? `?${q}` : ''}`, 'catalogs', options);
    return (Array.isArray(result) ? result : []).map(parseCatalog);
  }

  /** The categories of one catalog. @throws {BadRequestError} for an unknown catalog. */
  async categories(
    catalogId: string,
    params: { topLevelOnly?: boolean } = {},
    options: CallOptions = {},
  ): Promise<CatalogCategory[]> {
    const q = params.topLevelOnly === true ? '?sysparm_top_level_only=true' : '';
    const path = `/catalogs/${encodeURIComponent(assertSysId(catalogId))}/categories${q}`;
    const result = await this.#send('GET', path, 'categories', options);
    return (Array.isArray(result) ? result : []).map(parseCategory);
  }

  /** Active items, filtered by catalog, category or text. */
  async items(query: CatalogItemQuery = {}, options: CallOptions = {}): Promise<CatalogItem[]> {
    const q = new URLSearchParams();
    if (query.catalog !== undefined) q.set('sysparm_catalog', assertSysId(query.catalog));
    if (query.category !== undefined) q.set('sysparm_category', assertSysId(query.category));
    if (query.text !== undefined) q.set('sysparm_text', query.text);
    if (query.limit !== undefined) q.set('sysparm_limit', String(query.limit));
    if (query.offset !== undefined) q.set('sysparm_offset', String(query.offset));
    const result = await this.#send('GET', `/items${q.size > 0 ? `?${q}` : ''}`, 'items', options);
    return (Array.isArray(result) ? result : []).map(parseItem);
  }

  /** One item with its variables. @throws {BadRequestError} for an unknown or inaccessible item (the API answers 400). */
  async item(sysId: string, options: CallOptions = {}): Promise<CatalogItemDetail> {
    return parseItemDetail(
      await this.#send('GET', `/items/${encodeURIComponent(assertSysId(sysId))}`, 'item', options),
    );
  }

  /**
   * Orders one item at once (`order_now`), leaving the caller's cart alone. Like any POST it is not replayed
   * after an ambiguous failure.
   * @throws {BadRequestError} `Mandatory Variables are required`, `Invalid Quantity value`, or an unknown item.
   */
  async orderNow(itemId: string, params: OrderParams = {}, options: CallOptions = {}): Promise<OrderResult> {
    const body = orderBody(params);
    const path = `/items/${encodeURIComponent(assertSysId(itemId))}/order_now`;
    return parseOrder(await this.#send('POST', path, 'order_now', options, body));
  }

  /** Adds an item to the caller's cart; returns the cart. */
  async addToCart(itemId: string, params: OrderParams = {}, options: CallOptions = {}): Promise<Cart> {
    const body = orderBody(params);
    const path = `/items/${encodeURIComponent(assertSysId(itemId))}/add_to_cart`;
    return parseCart(await this.#send('POST', path, 'add_to_cart', options, body));
  }

  /** The caller's cart. */
  async cart(options: CallOptions = {}): Promise<Cart> {
    return parseCart(await this.#send('GET', '/cart', 'cart', options));
  }

  /** Removes one line from the caller's cart; returns the cart. */
  async removeFromCart(cartItemId: string, options: CallOptions = {}): Promise<Cart> {
    return parseCart(
      await this.#send('DELETE', `/cart/${encodeURIComponent(assertSysId(cartItemId))}`, 'cart', options),
    );
  }

  /** Removes every line from the caller's cart; returns the (empty) cart. */
  async emptyCart(options: CallOptions = {}): Promise<Cart> {
    const { cartId } = await this.cart(options);
    return parseCart(
      await this.#send('DELETE', `/cart/${encodeURIComponent(assertSysId(cartId))}/empty`, 'cart', options),
    );
  }

  /** Orders everything in the caller's cart as one request. @throws {BadRequestError} when the cart is empty. */
  async submitOrder(options: CallOptions = {}): Promise<OrderResult> {
    return parseOrder(await this.#send('POST', '/cart/submit_order', 'submit_order', options, {}));
  }
}
