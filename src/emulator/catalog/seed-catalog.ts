import type { EmulatorContext } from '../context.js';
import { newRowDefaults } from '../store/defaults.js';
import { fixedId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** Variable type codes of item_option_new (reference §2.1). */
export const VARIABLE_TYPE = {
  yesNo: '1',
  multiLineText: '2',
  selectBox: '5',
  singleLineText: '6',
  checkBox: '7',
  reference: '8',
} as const;

interface SeedVariable {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly mandatory?: boolean;
  readonly defaultValue?: string;
  readonly help?: string;
  readonly choices?: readonly (readonly [value: string, text: string])[];
}

interface SeedItem {
  readonly name: string;
  readonly category: string;
  readonly price: string;
  readonly short: string;
  readonly variables: readonly SeedVariable[];
}

const CATALOG = 'Service Catalog';
const CATEGORIES = [
  ['Hardware', 'Laptops, monitors and peripherals'],
  ['Software', 'Licences and access to applications'],
  ['Office', 'Office supplies and printing'],
] as const;

const ITEMS: readonly SeedItem[] = [
  {
    name: 'Standard Laptop',
    category: 'Hardware',
    price: '1100',
    short: 'Lenovo ThinkPad for general office work',
    variables: [
      { name: 'acrobat', label: 'Adobe Acrobat', type: VARIABLE_TYPE.checkBox, defaultValue: 'false' },
      { name: 'photoshop', label: 'Adobe Photoshop', type: VARIABLE_TYPE.checkBox, defaultValue: 'false' },
      { name: 'additional_software', label: 'Additional software requirements', type: VARIABLE_TYPE.multiLineText },
    ],
  },
  {
    name: 'Developer Laptop (Mac)',
    category: 'Hardware',
    price: '2499.99',
    short: 'MacBook Pro for software development',
    variables: [
      {
        name: 'ram',
        label: 'Memory',
        type: VARIABLE_TYPE.selectBox,
        mandatory: true,
        choices: [
          ['16', '16 GB'],
          ['32', '32 GB'],
          ['64', '64 GB'],
        ],
      },
      {
        name: 'justification',
        label: 'Business justification',
        type: VARIABLE_TYPE.multiLineText,
        mandatory: true,
        help: 'Why the standard laptop does not fit',
      },
    ],
  },
  {
    name: 'Application Access',
    category: 'Software',
    price: '0',
    short: 'Request access to a business application',
    variables: [
      { name: 'application', label: 'Application name', type: VARIABLE_TYPE.singleLineText, mandatory: true },
      {
        name: 'access_level',
        label: 'Access level',
        type: VARIABLE_TYPE.selectBox,
        mandatory: true,
        defaultValue: 'read',
        choices: [
          ['read', 'Read only'],
          ['write', 'Read and write'],
        ],
      },
      { name: 'urgent', label: 'Needed within a day', type: VARIABLE_TYPE.yesNo, defaultValue: 'No' },
    ],
  },
  {
    name: 'Printer Toner',
    category: 'Office',
    price: '89.5',
    short: 'Replacement toner cartridge',
    variables: [
      { name: 'printer_name', label: 'Printer name or asset tag', type: VARIABLE_TYPE.singleLineText, mandatory: true },
    ],
  },
];

export const catalogId = (): string => fixedId(`sc_catalog:${CATALOG}`);
export const categoryId = (title: string): string => fixedId(`sc_category:${title}`);
export const catalogItemId = (name: string): string => fixedId(`sc_cat_item:${name}`);

function seedItem(put: (table: string, row: Row) => void, item: SeedItem, order: number): void {
  const itemId = catalogItemId(item.name);
  put('sc_cat_item', {
    sys_id: itemId,
    name: item.name,
    short_description: item.short,
    description: `<p>${item.short}.</p>`,
    sc_catalogs: catalogId(),
    category: categoryId(item.category),
    price: item.price,
    order: String(order),
  });
  item.variables.forEach((v, i) => {
    const variableId = fixedId(`item_option_new:${item.name}:${v.name}`);
    put('item_option_new', {
      sys_id: variableId,
      name: v.name,
      question_text: v.label,
      cat_item: itemId,
      type: v.type,
      mandatory: v.mandatory === true ? 'true' : 'false',
      order: String((i + 1) * 100),
      default_value: v.defaultValue ?? '',
      help_text: v.help ?? '',
    });
    (v.choices ?? []).forEach(([value, text], j) =>
      put('question_choice', {
        sys_id: fixedId(`question_choice:${variableId}:${value}`),
        question: variableId,
        value,
        text,
        order: String((j + 1) * 100),
      }),
    );
  });
}

/**
 * Seeds the demo catalog (one catalog, three categories, four items with variables) unless a catalog
 * exists. It also gives sc_request/sc_req_item a number counter when the database predates these tables
 * (a demo database kept from an older emulator), so REQ and RITM numbers are unique.
 */
export function ensureCatalogSeed(ctx: EmulatorContext): void {
  const { store } = ctx;
  if (store.prepare(`SELECT 1 FROM "sc_catalog" LIMIT 1`).get() !== undefined) return;
  const now = ctx.clock();
  const put = (tableName: string, row: Row): void => {
    const table = ctx.schema.table(tableName);
    if (!table) throw new Error(`catalog seed: unknown table ${tableName}`);
    store.insert(table.physical, { ...newRowDefaults(table, row.sys_id ?? '', 'admin', now), ...row });
  };
  ctx.db.transaction(() => {
    for (const [table, prefix] of [
      ['sc_request', 'REQ'],
      ['sc_req_item', 'RITM'],
    ] as const) {
      if (store.prepare(`SELECT 1 FROM "sys_number_counter" WHERE "table" = ?`).get(table) !== undefined) continue;
      put('sys_number_counter', { sys_id: fixedId(`sys_number_counter:${table}`), table, number: '10000' });
      ctx.logger.warn(`catalog: added the ${prefix} number counter missing from this database`);
    }
    put('sc_catalog', {
      sys_id: catalogId(),
      title: CATALOG,
      description: 'Order hardware, software and services',
    });
    CATEGORIES.forEach(([title, description], i) =>
      put('sc_category', {
        sys_id: categoryId(title),
        title,
        description,
        sc_catalog: catalogId(),
        order: String((i + 1) * 100),
      }),
    );
    ITEMS.forEach((item, i) => seedItem(put, item, (i + 1) * 100));
  })();
}
