import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import { isJsonObject, type JsonObject } from '../http/json-body.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import type { AppliedBody } from '../table/apply-body.js';
import { createRecord } from '../table/record-ops.js';
import { activeRow, variableRows } from './catalog-views.js';

/** One item to order: validated quantity, the answers by variable name, and who it is for. */
export interface OrderLine {
  readonly item: Row;
  readonly quantity: number;
  readonly variables: Readonly<Record<string, string>>;
  readonly requestedFor: string;
}

/** The `order_now` resource script's rule (KB0717979): digits with an optional plus, here at least 1. */
const QUANTITY = /^\+?[0-9]+$/;

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

function readVariables(raw: unknown): Record<string, string> | Response {
  if (raw === undefined || raw === null) return {};
  const bad = (): Response =>
    errorResponse(400, 'Invalid variables', 'variables must be an object of variable name to string value');
  if (!isJsonObject(raw)) return bad();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const text = scalar(value);
    if (text === undefined) return bad();
    out[name] = text;
  }
  return out;
}

/** Mandatory variables with no answer and no default (a check box counts as answered only when true). */
function missingMandatory(ctx: EmulatorContext, itemId: string, answers: Record<string, string>): string[] {
  return variableRows(ctx, itemId)
    .filter((v) => v.mandatory === 'true')
    .filter((v) => {
      const value = (answers[v.name ?? ''] ?? v.default_value ?? '').trim();
      return v.type === '7' ? value !== 'true' : value === '';
    })
    .map((v) => v.name ?? '');
}

/**
 * Validates an `order_now` / `add_to_cart` body against the item, as the catalog API does: 400 `Invalid
 * Quantity value`, 400 `Mandatory Variables are required` (skipped with sysparm_no_validation=true), and a
 * requested-for user that must exist. Returns the line to order or the error response; writes nothing.
 */
export function validateOrder(ctx: EmulatorContext, caller: Caller, item: Row, body: JsonObject): OrderLine | Response {
  const quantity = scalar(body.sysparm_quantity);
  if (quantity === undefined || !QUANTITY.test(quantity.trim()) || Number(quantity) < 1) {
    return errorResponse(
      400,
      'Invalid Quantity value',
      'Send sysparm_quantity as a whole number of at least 1, e.g. "1"',
    );
  }
  const variables = readVariables(body.variables);
  if (variables instanceof Response) return variables;
  if (scalar(body.sysparm_no_validation) !== 'true') {
    const missing = missingMandatory(ctx, item.sys_id ?? '', variables);
    if (missing.length > 0) {
      return errorResponse(400, 'Mandatory Variables are required', `Missing: ${missing.join(', ')}`);
    }
  }
  const requestedFor = scalar(body.sysparm_requested_for) ?? '';
  if (requestedFor !== '' && !activeRow(ctx, 'sys_user', requestedFor)) {
    return errorResponse(400, 'Invalid requested for user', `No active sys_user with sys_id ${requestedFor}`);
  }
  return { item, quantity: Number(quantity), variables, requestedFor: requestedFor || caller.sysId };
}

const applied = (changes: Row): AppliedBody => ({ changes, journal: [], setsPriority: false, rejected: [] });

function table(ctx: EmulatorContext, name: string): ResolvedTable {
  const t = ctx.schema.table(name);
  if (!t) throw new Error(`catalog: table ${name} missing from the schema`);
  return t;
}

/** One sc_item_option per variable of the item (answer, else default), linked to the RITM by sc_item_option_mtom. */
function keepVariables(ctx: EmulatorContext, caller: Caller, line: OrderLine, ritmId: string): void {
  for (const v of variableRows(ctx, line.item.sys_id ?? '')) {
    const option = createRecord(
      ctx,
      table(ctx, 'sc_item_option'),
      applied({
        item_option_new: v.sys_id ?? '',
        value: line.variables[v.name ?? ''] ?? v.default_value ?? '',
        order: v.order ?? '100',
      }),
      caller,
    );
    createRecord(
      ctx,
      table(ctx, 'sc_item_option_mtom'),
      applied({ request_item: ritmId, sc_item_option: option.sys_id ?? '' }),
      caller,
    );
  }
}

/**
 * Writes one order in one transaction: an sc_request and, per line, an sc_req_item (quantity on the RITM)
 * with its variables kept. Either everything is written or nothing.
 */
export function placeOrder(ctx: EmulatorContext, caller: Caller, lines: readonly OrderLine[]): Row {
  return ctx.db.transaction(() => {
    const total = lines.reduce((sum, l) => sum + Number(l.item.price || '0') * l.quantity, 0);
    const first = lines[0];
    const request = createRecord(
      ctx,
      table(ctx, 'sc_request'),
      applied({
        requested_for: first?.requestedFor ?? caller.sysId,
        short_description: lines.length === 1 ? (first?.item.name ?? '') : `Order of ${lines.length} items`,
        price: total.toFixed(2),
        request_state: 'requested',
        approval: 'approved',
      }),
      caller,
    );
    for (const line of lines) {
      const ritm = createRecord(
        ctx,
        table(ctx, 'sc_req_item'),
        applied({
          request: request.sys_id ?? '',
          cat_item: line.item.sys_id ?? '',
          quantity: String(line.quantity),
          requested_for: line.requestedFor,
          short_description: line.item.name ?? '',
          price: Number(line.item.price || '0').toFixed(2),
          approval: 'approved',
        }),
        caller,
      );
      keepVariables(ctx, caller, line, ritm.sys_id ?? '');
    }
    return request;
  })();
}
