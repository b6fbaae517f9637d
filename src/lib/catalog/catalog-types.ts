/** Types of the Service Catalog API (`/api/sn_sc/servicecatalog`), camelCase; see {@link CatalogApi}. */

export interface CatalogRef {
  readonly sysId: string;
  readonly title: string;
}

export interface Catalog extends CatalogRef {
  readonly description: string;
  readonly hasCategories: boolean;
  readonly hasItems: boolean;
}

export interface CatalogCategory extends CatalogRef {
  readonly description: string;
  /** Active items in the category. */
  readonly count: number;
  readonly subcategories: readonly CatalogRef[];
}

export interface CatalogItem {
  readonly sysId: string;
  readonly name: string;
  readonly shortDescription: string;
  readonly description: string;
  /** e.g. `catalog_item`, `record_producer`. */
  readonly type: string;
  /** Formatted by the instance, e.g. `$1,100.00`. */
  readonly price: string;
  readonly category: CatalogRef | undefined;
  readonly catalogs: readonly CatalogRef[];
}

export interface CatalogVariableChoice {
  readonly label: string;
  readonly value: string;
}

/** One variable (question) of an item, as `GET /items/{id}` describes it. */
export interface CatalogVariable {
  readonly sysId: string;
  /** The name to use as key in `variables` when ordering. */
  readonly name: string;
  readonly label: string;
  /** The item_option_new type code, e.g. 6 single line text, 7 check box, 5 select box. */
  readonly type: number;
  /** e.g. `single_line_text`, `check_box`, `select_box`. */
  readonly friendlyType: string;
  readonly mandatory: boolean;
  readonly readOnly: boolean;
  /** The default value as text ('' when none). */
  readonly defaultValue: string;
  readonly helpText: string;
  readonly choices: readonly CatalogVariableChoice[];
  /** Variables nested in a container (variable set), if any. */
  readonly children: readonly CatalogVariable[];
}

export interface CatalogItemDetail extends CatalogItem {
  readonly variables: readonly CatalogVariable[];
}

/** Variable answers by variable name; booleans and numbers are sent as text (`"true"`). */
export type CatalogVariables = Readonly<Record<string, string | number | boolean>>;

/** What to order. */
export interface OrderParams {
  /** Default 1. */
  readonly quantity?: number;
  readonly variables?: CatalogVariables;
  /** sys_id of the user the item is for (default: the caller). */
  readonly requestedFor?: string;
  /** Skip the instance's mandatory-variable check (`sysparm_no_validation`). */
  readonly noValidation?: boolean;
}

/** The request an order created (an `sc_request` record; its items are `sc_req_item` with `request=<requestId>`). */
export interface OrderResult {
  readonly requestId: string;
  readonly requestNumber: string;
  /** `sc_request`. */
  readonly table: string;
}

export interface CartItem {
  readonly cartItemId: string;
  readonly catalogItemId: string;
  readonly itemName: string;
  readonly quantity: number;
  /** Line price, formatted. */
  readonly price: string;
}

export interface Cart {
  readonly cartId: string;
  /** Formatted subtotal, e.g. `$2,499.99`. */
  readonly subtotal: string;
  readonly items: readonly CartItem[];
}

/** Browsing filters of `items()`. */
export interface CatalogItemQuery {
  readonly catalog?: string;
  readonly category?: string;
  /** Text searched in names and descriptions. */
  readonly text?: string;
  readonly limit?: number;
  readonly offset?: number;
}
