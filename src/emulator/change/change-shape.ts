import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import type { Row } from '../store/store.js';
import { createSerializer } from '../table/serializer.js';

/** A record field as the Change Management API renders it (reference more-apis §1.3). */
export interface ChangeField {
  display_value: string;
  value: string | number | boolean;
  display_value_internal?: string;
}

const NUMERIC = new Set(['integer', 'decimal']);

/**
 * Renders rows as the Change API does: every field an object `{display_value, value}`, `value` typed (numbers
 * and choice integers as JSON numbers, booleans as booleans), no reference links, and date-times with
 * `display_value_internal`. The Table API serializer (display_value=all) does the lookups.
 */
export function changeRenderer(
  ctx: EmulatorContext,
  table: ResolvedTable,
  origin: string,
): (row: Row) => Record<string, unknown> {
  const serializer = createSerializer(ctx, table, {
    displayValue: 'all',
    excludeReferenceLink: true,
    fields: undefined,
    tableBase: `${origin}/api/now/table/`,
  });
  return (row) => {
    const rendered = JSON.parse(serializer.record(row)) as Record<string, { display_value: string; value: string }>;
    const out: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(rendered)) {
      const field = table.fields.get(name);
      const raw = cell.value;
      const typed: ChangeField = { display_value: cell.display_value, value: raw };
      if (field && NUMERIC.has(field.type) && raw !== '' && Number.isFinite(Number(raw))) typed.value = Number(raw);
      else if (field?.type === 'boolean' && raw !== '') typed.value = raw === 'true';
      else if (field?.type === 'glide_date_time') typed.display_value_internal = raw;
      out[name] = typed;
    }
    return out;
  };
}
