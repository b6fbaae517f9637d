import type { TableDef } from '../types.js';
import { bool, int, ref, str } from './field-builders.js';

/** Everyone reads the catalog itself (no readRoles); catalog admins (here: admin) edit it. */
const ADMIN_ONLY: readonly string[] = [];
/** Requests are task records: itil reads and works them (reference §2.2; written by the Service Catalog API). */
const REQUEST_READ = ['itil', 'snc_read_only'];
const REQUEST_WRITE = ['itil'];

/**
 * The Service Catalog tables (reference §2): catalogs, categories, items and their variables
 * (item_option_new, question_choice), the per-user cart, and what an order writes — sc_request (REQ),
 * sc_req_item (RITM) and the answers in sc_item_option, linked to the RITM by sc_item_option_mtom.
 */
export const CATALOG_TABLES: readonly TableDef[] = [
  {
    name: 'sc_catalog',
    label: 'Catalog',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('title', 'Title', { maxLength: 100, display: true }),
      str('description', 'Description', { maxLength: 1000 }),
      bool('active', 'Active', 'true'),
    ],
  },
  {
    name: 'sc_category',
    label: 'Category',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('title', 'Title', { maxLength: 100, display: true }),
      str('description', 'Description', { maxLength: 1000 }),
      ref('sc_catalog', 'Catalog', 'sc_catalog'),
      ref('parent', 'Parent', 'sc_category'),
      bool('active', 'Active', 'true'),
      int('order', 'Order', { defaultValue: '0' }),
    ],
  },
  {
    name: 'sc_cat_item',
    label: 'Catalog Item',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('short_description', 'Short description', { maxLength: 160 }),
      str('description', 'Description', { maxLength: 4000 }),
      str('sc_catalogs', 'Catalogs', { maxLength: 4000 }),
      ref('category', 'Category', 'sc_category'),
      { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
      bool('active', 'Active', 'true'),
      int('order', 'Order', { defaultValue: '0' }),
      str('type', 'Type', { choice: true, maxLength: 40, defaultValue: 'item' }),
    ],
  },
  {
    name: 'item_option_new',
    label: 'Variable',
    writeRoles: ADMIN_ONLY,
    fields: [
      str('name', 'Name', { maxLength: 100, display: true }),
      str('question_text', 'Question', { maxLength: 255 }),
      ref('cat_item', 'Catalog item', 'sc_cat_item'),
      int('type', 'Type', { defaultValue: '6' }),
      bool('mandatory', 'Mandatory'),
      bool('read_only', 'Read only'),
      int('order', 'Order', { defaultValue: '100' }),
      str('default_value', 'Default value', { maxLength: 255 }),
      str('help_text', 'Help text', { maxLength: 1000 }),
      bool('active', 'Active', 'true'),
    ],
  },
  {
    name: 'question_choice',
    label: 'Question Choice',
    writeRoles: ADMIN_ONLY,
    fields: [
      ref('question', 'Question', 'item_option_new'),
      str('value', 'Value', { maxLength: 100 }),
      str('text', 'Text', { maxLength: 255, display: true }),
      int('order', 'Order', { defaultValue: '100' }),
    ],
  },
  {
    name: 'sc_cart',
    label: 'Cart',
    writeRoles: ADMIN_ONLY,
    fields: [str('name', 'Name', { maxLength: 100, display: true }), ref('user', 'User', 'sys_user')],
  },
  {
    name: 'sc_cart_item',
    label: 'Cart Item',
    writeRoles: ADMIN_ONLY,
    fields: [
      ref('cart', 'Cart', 'sc_cart'),
      ref('cat_item', 'Item', 'sc_cat_item', { display: true }),
      int('quantity', 'Quantity', { defaultValue: '1' }),
      // The variables as a JSON object (name → value); see docs/emulator-divergences.md.
      str('variables', 'Variables', { maxLength: 65000 }),
      ref('requested_for', 'Requested for', 'sys_user'),
    ],
  },
  {
    name: 'sc_request',
    label: 'Request',
    superClass: 'task',
    numberPrefix: 'REQ',
    readRoles: REQUEST_READ,
    writeRoles: REQUEST_WRITE,
    fields: [
      ref('requested_for', 'Requested for', 'sys_user'),
      str('request_state', 'Request state', { choice: true, maxLength: 40, defaultValue: 'requested' }),
      { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
    ],
  },
  {
    name: 'sc_req_item',
    label: 'Requested Item',
    superClass: 'task',
    numberPrefix: 'RITM',
    readRoles: REQUEST_READ,
    writeRoles: REQUEST_WRITE,
    fields: [
      ref('request', 'Request', 'sc_request'),
      ref('cat_item', 'Item', 'sc_cat_item'),
      int('quantity', 'Quantity', { defaultValue: '1' }),
      ref('requested_for', 'Requested for', 'sys_user'),
      str('stage', 'Stage', { choice: true, maxLength: 40, defaultValue: 'request_approved' }),
      { name: 'price', label: 'Price', type: 'decimal', defaultValue: '0' },
    ],
  },
  {
    name: 'sc_item_option',
    label: 'Options',
    readRoles: REQUEST_READ,
    writeRoles: REQUEST_WRITE,
    fields: [
      ref('item_option_new', 'Question', 'item_option_new', { display: true }),
      str('value', 'Value', { maxLength: 4000 }),
      int('order', 'Order', { defaultValue: '100' }),
    ],
  },
  {
    name: 'sc_item_option_mtom',
    label: 'Variable Ownership',
    readRoles: REQUEST_READ,
    writeRoles: REQUEST_WRITE,
    fields: [
      ref('request_item', 'Parent item', 'sc_req_item', { display: true }),
      ref('sc_item_option', 'Dependent item', 'sc_item_option'),
    ],
  },
];
