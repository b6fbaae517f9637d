import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import { applyBody, type AppliedBody } from '../table/apply-body.js';

/** Query parameters that are API options, not field values (reference more-apis §1.2). */
const OPTION_PARAMS = new Set(['textSearch', 'order', 'api']);

/** Fields a caller never sets through the Change API. */
const PROTECTED = new Set(['type', 'number', 'std_change_producer_version', 'conflict_status', 'conflict_last_run']);

/** What a Change API write asks for, with the names it ignored (returned as `__meta.ignoredFields`). */
export interface ChangeInput {
  readonly applied: AppliedBody;
  readonly ignoredFields: readonly string[];
}

/**
 * Field values from query parameters and the body; the body wins (reference more-apis §1.2). Values may be
 * display values (`state=Scheduled`). Unknown, sys_* and protected fields, plus `extraIgnored` (a standard
 * change's template fields), are ignored and named.
 */
export function changeInput(
  ctx: EmulatorContext,
  table: ResolvedTable,
  search: URLSearchParams,
  body: Record<string, unknown>,
  extraIgnored: ReadonlySet<string> = new Set(),
): ChangeInput {
  const merged: Record<string, unknown> = {};
  for (const [name, value] of search)
    if (!name.startsWith('sysparm_') && !OPTION_PARAMS.has(name)) merged[name] = value;
  Object.assign(merged, body);
  const accepted: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(merged)) {
    const field = table.fields.get(name);
    if (!field || name.startsWith('sys_') || field.readOnly === true || PROTECTED.has(name) || extraIgnored.has(name))
      ignored.push(name);
    else accepted[name] = value;
  }
  const applied = applyBody(ctx, table, accepted, true);
  for (const r of applied.rejected) if (!ignored.includes(r.name)) ignored.push(r.name);
  return { applied, ignoredFields: ignored };
}
