import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { isJsonObject, type JsonObject } from '../http/json-body.js';
import { ciClass, ruleFor } from './ci-classes.js';
import { identify, identityKey, type IdentificationAttempt } from './identify.js';
import { commitCiWrite, planCiWrite, type ClassSettings, type CiOperation } from './write-ci.js';

/** `{error, message}` as IRE reports it (reference §3.2, [IRE-err]). */
export interface IreError {
  readonly error: string;
  readonly message: string;
}

/** One element of `result.items`. */
export interface ItemResult {
  className: string;
  operation: CiOperation;
  sysId: string;
  identifierEntrySysId: string;
  identificationAttempts?: IdentificationAttempt[];
  inputIndices: number[];
  markers: string[];
  mergedPayloadIds: string[];
  errorCount: number;
  errors?: IreError[];
  /** Not on the wire: the item's internal_id, for relations. */
  internalId?: string;
}

const UNKNOWN = 'Unknown';

const classNameOf = (item: JsonObject | undefined): string =>
  typeof item?.className === 'string' ? item.className.trim() : '';

function failed(className: string, index: number, errors: IreError[]): ItemResult {
  return {
    className,
    operation: 'NO_CHANGE',
    sysId: UNKNOWN,
    identifierEntrySysId: UNKNOWN,
    inputIndices: [index],
    markers: [],
    mergedPayloadIds: [],
    errorCount: errors.length,
    errors,
  };
}

const settingsOf = (item: JsonObject): ClassSettings => {
  const s = isJsonObject(item.settings) ? item.settings : {};
  return {
    updateWithoutUpgrade: s.updateWithoutUpgrade === true,
    updateWithoutDowngrade: s.updateWithoutDowngrade === true,
    updateWithoutSwitch: s.updateWithoutSwitch === true,
  };
};

/** Checks one item before identification: class, rule, values and the criterion attributes. */
function precheck(ctx: EmulatorContext, item: JsonObject, index: number): ItemResult | undefined {
  const className = classNameOf(item);
  if (className === '') {
    return failed('', index, [
      { error: 'NO_CLASS_NAME_FOR_INDEPENDENT_CI', message: `No className for independent item at index ${index}` },
    ]);
  }
  const table = ciClass(ctx, className);
  if (!table) {
    return failed(className, index, [
      { error: 'INVALID_INPUT_DATA', message: `Invalid className [${className}]: not a table extending cmdb_ci` },
    ]);
  }
  const rule = ruleFor(table);
  if (!rule) {
    return failed(className, index, [
      { error: 'IDENTIFICATION_RULE_MISSING', message: `No identification rule for table [${className}]` },
    ]);
  }
  if (!isJsonObject(item.values)) {
    return failed(className, index, [
      { error: 'INVALID_INPUT_DATA', message: `Item at index ${index} has no "values" object` },
    ]);
  }
  if (identityKey(rule, item.values) === undefined) {
    const wanted = rule.criteria.map((c) => c.join('+')).join(' or ');
    return failed(className, index, [
      {
        error: 'MISSING_MATCHING_ATTRIBUTES',
        message: `In payload missing minimum set of input values for criterion (matching) attributes from identify rule for table [${className}]: give ${wanted}`,
      },
    ]);
  }
  return undefined;
}

/** Items of the payload that share an identity: every one of them is refused (DUPLICATE_PAYLOAD_RECORDS). */
function duplicates(
  ctx: EmulatorContext,
  items: readonly JsonObject[],
  skip: ReadonlySet<number>,
): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (skip.has(i)) return;
    const table = ciClass(ctx, classNameOf(item));
    const rule = table ? ruleFor(table) : undefined;
    const key = rule && isJsonObject(item.values) ? identityKey(rule, item.values) : undefined;
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  const out = new Map<number, number[]>();
  for (const group of byKey.values()) if (group.length > 1) for (const i of group) out.set(i, group);
  return out;
}

/** Identifies and (unless dryRun) inserts or updates one valid item. */
function reconcileOne(
  ctx: EmulatorContext,
  caller: Caller,
  item: JsonObject,
  index: number,
  options: { dryRun: boolean; source: string | undefined },
): ItemResult {
  const className = classNameOf(item);
  const table = ciClass(ctx, className);
  const rule = table ? ruleFor(table) : undefined;
  const values = item.values as JsonObject;
  if (!table || !rule) return failed(className, index, []);
  const found = identify(ctx, rule, values);
  if ('multiMatch' in found) {
    return {
      ...failed(className, index, [
        {
          error: 'MULTI_MATCH',
          message: `Identification found ${found.multiMatch.length} CIs for the item: ${found.multiMatch.join(', ')}`,
        },
      ]),
      identificationAttempts: found.attempts,
    };
  }
  const plan = planCiWrite(ctx, table, found.match, values, settingsOf(item));
  const row = options.dryRun ? found.match : commitCiWrite(ctx, caller, plan, options.source);
  return {
    className,
    operation: plan.operation,
    sysId: row?.sys_id ?? UNKNOWN,
    identifierEntrySysId: rule.sysId,
    identificationAttempts: found.attempts,
    inputIndices: [index],
    markers: [],
    mergedPayloadIds: [],
    errorCount: 0,
  };
}

/** Reconciles the payload's items in order; a failed item is reported and the others go on (reference §3.2). */
export function reconcileItems(
  ctx: EmulatorContext,
  caller: Caller,
  items: readonly JsonObject[],
  options: { dryRun: boolean; source: string | undefined; sourceError: IreError | undefined },
): ItemResult[] {
  const results: (ItemResult | undefined)[] = items.map((item, i) =>
    options.sourceError ? failed(classNameOf(item), i, [options.sourceError]) : precheck(ctx, item, i),
  );
  const refused = new Set(results.flatMap((r, i) => (r ? [i] : [])));
  for (const [i, group] of duplicates(ctx, items, refused)) {
    results[i] = failed(classNameOf(items[i]), i, [
      {
        error: 'DUPLICATE_PAYLOAD_RECORDS',
        message: `Found duplicate items in the payload (index : ${group.join(',')}) with the same identification values`,
      },
    ]);
  }
  return items.map((item, i) => {
    const result = results[i] ?? reconcileOne(ctx, caller, item, i, options);
    if (typeof item.internal_id === 'string' && item.internal_id !== '') result.internalId = item.internal_id;
    return result;
  });
}
