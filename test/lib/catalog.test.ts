import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError, ConfigError, type ServiceNowClient } from '../../src/lib/index.js';
import { basicClient, startLibEmulator, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
let itil: ServiceNowClient;

const client = (username: string, password: string): ServiceNowClient =>
  basicClient(emu, username, password, {}, username);

async function itemId(name: string): Promise<string> {
  const found = (await sn.catalog.items({ text: name })).find((i) => i.name === name);
  assert.ok(found, `seeded item ${name}`);
  return found.sysId;
}

const requestCount = async (): Promise<number> => (await sn.stats('sc_request')).count ?? -1;

/** The answers kept for a request: variable name → value per RITM (RITMs in no set order), through sc_item_option_mtom. */
async function keptVariables(requestId: string): Promise<Record<string, string>[]> {
  const ritms = await sn
    .table('sc_req_item')
    .list({ query: `request=${requestId}`, fields: ['sys_id'] })
    .toArray({ max: 50 });
  const out: Record<string, string>[] = [];
  for (const ritm of ritms) {
    const links = await sn
      .table('sc_item_option_mtom')
      .list({
        query: `request_item=${String(ritm.sys_id)}`,
        fields: ['sc_item_option.item_option_new.name', 'sc_item_option.value'],
      })
      .toArray({ max: 50 });
    out.push(
      Object.fromEntries(
        links.map((l) => [String(l['sc_item_option.item_option_new.name']), String(l['sc_item_option.value'])]),
      ),
    );
  }
  return out;
}

void describe('sn.catalog against the emulator', () => {
  before(async () => {
    emu = await startLibEmulator();
    sn = client('admin', 'admin');
    itil = client('itil.user', 'itil');
  });
  after(async () => {
    await sn.close();
    await itil.close();
    await emu.close();
  });

  void it('browses catalogs, categories and items with their variables', async () => {
    const [catalog] = await sn.catalog.catalogs();
    assert.equal(catalog?.title, 'Service Catalog');
    assert.equal(catalog.hasItems, true);
    const categories = await sn.catalog.categories(catalog.sysId);
    assert.deepEqual(
      categories.map((c) => [c.title, c.count]),
      [
        ['Hardware', 2],
        ['Software', 1],
        ['Office', 1],
      ],
    );
    const hardware = await sn.catalog.items({ category: categories[0]?.sysId ?? '' });
    assert.deepEqual(hardware.map((i) => i.name).sort(), ['Developer Laptop (Mac)', 'Standard Laptop']);
    const mac = await sn.catalog.item(await itemId('Developer Laptop (Mac)'));
    assert.equal(mac.price, '$2,499.99');
    assert.equal(mac.category?.title, 'Hardware');
    const ram = mac.variables.find((v) => v.name === 'ram');
    assert.equal(ram?.mandatory, true);
    assert.equal(ram.friendlyType, 'select_box');
    assert.deepEqual(
      ram.choices.map((c) => c.value),
      ['16', '32', '64'],
    );
    assert.deepEqual(await sn.catalog.items({ text: 'no such thing' }), []);
  });

  void it('orderNow creates an sc_request and an sc_req_item with the variables kept', async () => {
    const id = await itemId('Developer Laptop (Mac)');
    const order = await itil.catalog.orderNow(id, {
      quantity: 2,
      variables: { ram: 32, justification: 'CI builds' },
    });
    assert.match(order.requestNumber, /^REQ\d{7}$/);
    assert.equal(order.table, 'sc_request');
    const request = await sn.table('sc_request').get(order.requestId, { fields: ['number', 'requested_for', 'price'] });
    assert.equal(request.number, order.requestNumber);
    assert.equal(request.price, '4999.98');
    const ritms = await sn
      .table('sc_req_item')
      .list({ query: `request=${order.requestId}`, fields: ['number', 'cat_item', 'quantity'], displayValue: 'all' })
      .toArray({ max: 5 });
    assert.equal(ritms.length, 1);
    assert.match(String((ritms[0]?.number as { value: string }).value), /^RITM\d{7}$/);
    assert.equal((ritms[0]?.quantity as { value: string }).value, '2');
    assert.deepEqual(await keptVariables(order.requestId), [{ ram: '32', justification: 'CI builds' }]);
  });

  void it('a missing mandatory variable is refused with 400 and creates no request', async () => {
    const id = await itemId('Developer Laptop (Mac)');
    const before = await requestCount();
    await assert.rejects(sn.catalog.orderNow(id, { variables: { ram: '16' } }), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.status, 400);
      assert.equal(err.serviceNowMessage, 'Mandatory Variables are required');
      assert.match(err.detail ?? '', /justification/);
      return true;
    });
    assert.equal(await requestCount(), before);
    const skipped = await sn.catalog.orderNow(id, { variables: { ram: '16' }, noValidation: true });
    assert.match(skipped.requestNumber, /^REQ/);
  });

  void it('bad quantities, unknown items and bad variables get clear errors and write nothing', async () => {
    const id = await itemId('Printer Toner');
    const before = await requestCount();
    await assert.rejects(sn.catalog.orderNow(id, { quantity: 0 }), ConfigError);
    await assert.rejects(
      sn.catalog.orderNow(id, { variables: { printer_name: { nested: true } as unknown as string } }),
      ConfigError,
    );
    const raw = await sn
      .request('POST', `/api/sn_sc/servicecatalog/items/${id}/order_now`, { body: { sysparm_quantity: 'two' } })
      .catch((err: unknown) => err);
    assert.ok(raw instanceof BadRequestError);
    assert.equal(raw.serviceNowMessage, 'Invalid Quantity value');
    await assert.rejects(sn.catalog.orderNow('0'.repeat(32), {}), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.serviceNowMessage, 'Security constraints prevent ordering of Item');
      return true;
    });
    await assert.rejects(sn.catalog.item('0'.repeat(32)), BadRequestError);
    assert.equal(await requestCount(), before);
  });

  void it('the cart flow: add, view, remove, submit as one request; an empty cart cannot be submitted', async () => {
    const laptop = await itemId('Standard Laptop');
    const toner = await itemId('Printer Toner');
    await assert.rejects(itil.catalog.addToCart(toner, {}), BadRequestError);
    const first = await itil.catalog.addToCart(laptop, { variables: { acrobat: true } });
    assert.equal(first.items.length, 1);
    await itil.catalog.addToCart(toner, { quantity: 3, variables: { printer_name: 'PRN-7' } });
    await itil.catalog.addToCart(toner, { variables: { printer_name: 'PRN-8' } });
    const cart = await itil.catalog.cart();
    assert.equal(cart.items.length, 3);
    assert.equal(cart.subtotal, '$1,458.00');
    assert.deepEqual((await sn.catalog.cart()).items, [], "the admin's cart is another cart");
    const removed = await itil.catalog.removeFromCart(cart.items[2]?.cartItemId ?? '');
    assert.equal(removed.items.length, 2);
    const order = await itil.catalog.submitOrder();
    assert.deepEqual((await keptVariables(order.requestId)).map((v) => v.acrobat ?? v.printer_name).sort(), [
      'PRN-7',
      'true',
    ]);
    assert.deepEqual((await itil.catalog.cart()).items, []);
    const before = await requestCount();
    await assert.rejects(itil.catalog.submitOrder(), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.serviceNowMessage, 'Cart is empty');
      return true;
    });
    assert.equal(await requestCount(), before);
  });

  void it('catalog and category routes, emptying the cart and checkout answer in the documented shapes', async () => {
    const [catalog] = await sn.catalog.catalogs({ text: 'Service' });
    const one = (await sn.request('GET', `/api/sn_sc/servicecatalog/catalogs/${catalog?.sysId ?? ''}`)).body as {
      result: { title: string; categories: { title: string }[] };
    };
    assert.equal(one.result.title, 'Service Catalog');
    assert.deepEqual(
      one.result.categories.map((c) => c.title),
      ['Hardware', 'Software', 'Office'],
    );
    const [software] = (await sn.catalog.categories(catalog?.sysId ?? '')).filter((c) => c.title === 'Software');
    const category = (await sn.request('GET', `/api/sn_sc/servicecatalog/categories/${software?.sysId ?? ''}`))
      .body as { result: { title: string; count: number } };
    assert.deepEqual([category.result.title, category.result.count], ['Software', 1]);
    await assert.rejects(sn.catalog.categories('0'.repeat(32)), (err: unknown) => {
      assert.ok(err instanceof BadRequestError);
      assert.equal(err.serviceNowMessage, 'Invalid catalog');
      return true;
    });
    assert.deepEqual(await sn.catalog.catalogs({ text: 'nothing like it' }), []);
    const toner = await itemId('Printer Toner');
    await sn.catalog.addToCart(toner, { variables: { printer_name: 'PRN-1' } });
    assert.deepEqual((await sn.catalog.emptyCart()).items, []);
    await sn.catalog.addToCart(toner, { variables: { printer_name: 'PRN-2' } });
    const checkout = (await sn.request('POST', '/api/sn_sc/v1/servicecatalog/cart/checkout', { body: {} })).body as {
      result: { request_number: string; request_id: string };
    };
    assert.match(checkout.result.request_number, /^REQ\d{7}$/);
    assert.deepEqual(await keptVariables(checkout.result.request_id), [{ printer_name: 'PRN-2' }]);
  });
});
