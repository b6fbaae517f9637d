import type { TableDef } from '../types.js';
import { ADMIN_WRITES, ITIL_WORKS } from './access.js';
import { bool, int, nameField, ref, str, table } from './field-builders.js';

/**
 * The Service Catalog tables (reference §2): catalogs, categories, items and their variables
 * (item_option_new, question_choice), the per-user cart, and what an order writes — sc_request (REQ),
 * sc_req_item (RITM) and the answers in sc_item_option, linked to the RITM by sc_item_option_mtom.
 * Everyone reads the catalog itself; catalog admins (here: admin) edit it. Requests are task records: itil
 * reads and works them (reference §2.2; written by the Service Catalog API).
 */
export const CATALOG_TABLES: readonly TableDef[] = [
  table('sc_catalog', 'Catalog', ADMIN_WRITES, [
    str('title', 'Title', { maxLength: 100, display: true }),
    str('description', 'Description', 1000),
    bool('active', 'Active', 'true'),
  ]),
  table('sc_category', 'Category', ADMIN_WRITES, [
    str('title', 'Title', { maxLength: 100, display: true }),
    str('description', 'Description', 1000),
    ref('sc_catalog', 'Catalog', 'sc_catalog'),
    ref('parent', 'Parent', 'sc_category'),
    bool('active', 'Active', 'true'),
    int('order', 'Order', { defaultValue: '0' }),
  ]),
  table('sc_cat_item', 'Catalog Item', ADMIN_WRITES, [
    nameField(100),
    str('short_description', 'Short description', 160),
    str('description', 'Description', 4000),
    str('sc_catalogs', 'Catalogs', 4000),
    ref('category', 'Category', 'sc_category'),
    { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
    bool('active', 'Active', 'true'),
    int('order', 'Order', { defaultValue: '0' }),
    str('type', 'Type', { choice: true, maxLength: 40, defaultValue: 'item' }),
  ]),
  table('item_option_new', 'Variable', ADMIN_WRITES, [
    nameField(100),
    str('question_text', 'Question', 255),
    ref('cat_item', 'Catalog item', 'sc_cat_item'),
    int('type', 'Type', { defaultValue: '6' }),
    bool('mandatory', 'Mandatory'),
    bool('read_only', 'Read only'),
    int('order', 'Order', { defaultValue: '100' }),
    str('default_value', 'Default value', 255),
    str('help_text', 'Help text', 1000),
    bool('active', 'Active', 'true'),
  ]),
  table('question_choice', 'Question Choice', ADMIN_WRITES, [
    ref('question', 'Question', 'item_option_new'),
    str('value', 'Value', 100),
    str('text', 'Text', { maxLength: 255, display: true }),
    int('order', 'Order', { defaultValue: '100' }),
  ]),
  table('sc_cart', 'Cart', ADMIN_WRITES, [nameField(100), ref('user', 'User', 'sys_user')]),
  table('sc_cart_item', 'Cart Item', ADMIN_WRITES, [
    ref('cart', 'Cart', 'sc_cart'),
    ref('cat_item', 'Item', 'sc_cat_item', { display: true }),
    int('quantity', 'Quantity', { defaultValue: '1' }),
    // The variables as a JSON object (name → value); see docs/emulator-divergences.md.
    str('variables', 'Variables', 65000),
    ref('requested_for', 'Requested for', 'sys_user'),
  ]),
  table('sc_request', 'Request', { superClass: 'task', numberPrefix: 'REQ', ...ITIL_WORKS }, [
    ref('requested_for', 'Requested for', 'sys_user'),
    str('request_state', 'Request state', { choice: true, maxLength: 40, defaultValue: 'requested' }),
    { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
  ]),
  table('sc_req_item', 'Requested Item', { superClass: 'task', numberPrefix: 'RITM', ...ITIL_WORKS }, [
    ref('request', 'Request', 'sc_request'),
    ref('cat_item', 'Item', 'sc_cat_item'),
    int('quantity', 'Quantity', { defaultValue: '1' }),
    ref('requested_for', 'Requested for', 'sys_user'),
    str('stage', 'Stage', { choice: true, maxLength: 40, defaultValue: 'request_approved' }),
    { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
  ]),
  table('sc_item_option', 'Options', ITIL_WORKS, [
    ref('item_option_new', 'Question', 'item_option_new', { display: true }),
    str('value', 'Value', 4000),
    int('order', 'Order', { defaultValue: '100' }),
  ]),
  table('sc_item_option_mtom', 'Variable Ownership', ITIL_WORKS, [
    ref('request_item', 'Parent item', 'sc_req_item', { display: true }),
    ref('sc_item_option', 'Dependent item', 'sc_item_option'),
  ]),
];
