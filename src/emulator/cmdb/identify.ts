import type { EmulatorContext } from '../context.js';
import type { Row } from '../store/store.js';
import { findCis, type IdentificationRule } from './ci-classes.js';

/** One entry of `identificationAttempts` (reference §3.2). */
export interface IdentificationAttempt {
  readonly identifierName: string;
  readonly attemptResult: 'MATCHED' | 'NO_MATCH' | 'MULTI_MATCH' | 'SKIPPED';
  readonly attributes: readonly string[];
  readonly searchOnTable: string;
  readonly hybridEntryCiAttributes: readonly string[];
}

export type Identification =
  | { readonly attempts: IdentificationAttempt[]; readonly match: Row | undefined }
  | { readonly attempts: IdentificationAttempt[]; readonly multiMatch: readonly string[] };

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** The criterion values of the item for one attribute set, or undefined when any is empty. */
export function criterionValues(
  values: Record<string, unknown>,
  attributes: readonly string[],
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const a of attributes) {
    const v = text(values[a]);
    if (v === '') return undefined;
    out[a] = v;
  }
  return out;
}

/** The first criterion set the item supplies (its identity in the payload), or undefined. */
export function identityKey(rule: IdentificationRule, values: Record<string, unknown>): string | undefined {
  for (const attributes of rule.criteria) {
    const found = criterionValues(values, attributes);
    if (found) return `${rule.name}|${attributes.map((a) => `${a}=${(found[a] ?? '').toLowerCase()}`).join('|')}`;
  }
  return undefined;
}

/**
 * Tries the rule's criteria in order (serial number, then name): a criterion whose attributes the item lacks
 * is SKIPPED, one that finds nothing NO_MATCH; the first single match wins, and two or more is MULTI_MATCH.
 */
export function identify(
  ctx: EmulatorContext,
  rule: IdentificationRule,
  values: Record<string, unknown>,
): Identification {
  const attempts: IdentificationAttempt[] = [];
  const attempt = (attributes: readonly string[], attemptResult: IdentificationAttempt['attemptResult']): void => {
    attempts.push({
      identifierName: rule.name,
      attemptResult,
      attributes,
      searchOnTable: rule.appliesTo,
      hybridEntryCiAttributes: [],
    });
  };
  for (const attributes of rule.criteria) {
    const criterion = criterionValues(values, attributes);
    if (!criterion) {
      attempt(attributes, 'SKIPPED');
      continue;
    }
    const found = findCis(ctx, rule, criterion);
    if (found.length === 0) {
      attempt(attributes, 'NO_MATCH');
      continue;
    }
    if (found.length > 1) {
      attempt(attributes, 'MULTI_MATCH');
      return { attempts, multiMatch: found.map((r) => r.sys_id ?? '') };
    }
    attempt(attributes, 'MATCHED');
    return { attempts, match: found[0] };
  }
  return { attempts, match: undefined };
}
