import type { EmulatorContext } from '../context.js';
import { CHOICES } from '../schema/choices.js';
import type { ResolvedTable } from '../schema/types.js';
import { fixedId } from '../store/ids.js';
import type { Row } from '../store/store.js';

/** A CMDB class: a table extending cmdb_ci. */
export function ciClass(ctx: EmulatorContext, name: string): ResolvedTable | undefined {
  const table = ctx.schema.table(name);
  return table?.chain.includes('cmdb_ci') ? table : undefined;
}

/** An identification rule: one independent identifier per class family (reference §3.2, Proposal). */
export interface IdentificationRule {
  readonly name: string;
  /** The identifier entry's sys_id, echoed as identifierEntrySysId. */
  readonly sysId: string;
  /** The class the rule is defined on; a match may be any class below it (then reclassified). */
  readonly appliesTo: string;
  /** Criterion attribute sets, tried in order: serial number, then name. */
  readonly criteria: readonly (readonly string[])[];
}

const RULES: readonly IdentificationRule[] = [
  {
    name: 'Hardware Rule',
    sysId: fixedId('cmdb_identifier:hardware'),
    appliesTo: 'cmdb_ci_hardware',
    criteria: [['serial_number'], ['name']],
  },
  {
    name: 'Application Rule',
    sysId: fixedId('cmdb_identifier:application'),
    appliesTo: 'cmdb_ci_appl',
    criteria: [['serial_number'], ['name']],
  },
];

/** The rule identifying CIs of this class, if any (the nearest class in its chain that has one). */
export function ruleFor(table: ResolvedTable): IdentificationRule | undefined {
  return RULES.find((rule) => table.chain.includes(rule.appliesTo));
}

/** Discovery source choice values (cmdb.discovery_source): the valid `source` / `sysparm_data_source`. */
export const DISCOVERY_SOURCES: readonly string[] = CHOICES.filter(
  (c) => c.table === 'cmdb' && c.element === 'discovery_source',
).map((c) => c.value);

/** The CI rows of the rule's classes whose attributes equal the values (at most `limit`). */
export function findCis(
  ctx: EmulatorContext,
  rule: IdentificationRule,
  values: Readonly<Record<string, string>>,
  limit = 2,
): Row[] {
  const on = ctx.schema.table(rule.appliesTo);
  if (!on) return [];
  const names = Object.keys(values);
  const where = names.map((n) => `"${n}" = ?`).join(' AND ');
  const classes = on.classes.map((c) => `'${c}'`).join(',');
  return ctx.store
    .prepare(
      `SELECT * FROM "${on.physical}" WHERE ${where} AND "sys_class_name" IN (${classes}) ORDER BY rowid LIMIT ${limit}`,
    )
    .all(...names.map((n) => values[n] ?? '')) as Row[];
}
