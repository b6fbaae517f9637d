import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import type { ResolvedTable } from '../schema/types.js';
import { derivePriority } from '../seed/incident-builder.js';
import { takeNumbers } from '../seed/generate.js';
import { formatDateTime } from '../store/date-time.js';
import { formatNumber } from '../store/defaults.js';
import type { Row } from '../store/store.js';

/**
 * What every instance does to a record on insert and update, before any business rule a user wrote: number
 * assignment, opened_* defaults, priority from impact × urgency, `active` following `state` (with the
 * closed_* and resolved_* stamps), incident_state mirroring state, and sys_user.name from first and last name.
 */

/** States in which a record of the class is inactive (base system choice lists; task's by default). */
const CLOSED_STATES: Readonly<Record<string, readonly string[]>> = {
  incident: ['7', '8'],
  problem: ['107'],
  change_request: ['3', '4'],
  task: ['3', '4', '7'],
};

/** Tables whose priority is looked up from impact and urgency (the standard 3×3 matrix). */
const PRIORITY_LOOKUP = ['incident', 'problem'];

/** Insert-only defaults: the next number of the table's counter, opened_at and opened_by. */
export function applyInsertDefaults(
  ctx: EmulatorContext,
  table: ResolvedTable,
  row: Row,
  caller: Caller,
  now: Date,
): void {
  if (table.fields.has('number') && (row.number ?? '') === '') {
    const owner = table.chain.map((n) => ctx.schema.table(n)).find((t) => t?.def.numberPrefix !== undefined);
    if (owner?.def.numberPrefix !== undefined)
      row.number = formatNumber(owner.def.numberPrefix, takeNumbers(ctx.store, owner.name, 1));
  }
  if (table.fields.has('opened_at') && (row.opened_at ?? '') === '') row.opened_at = formatDateTime(now);
  if (table.fields.has('opened_by') && (row.opened_by ?? '') === '') row.opened_by = caller.sysId;
}

/**
 * Derived fields after a change. `changed` names the fields the write set or changed (on insert: the body's
 * fields plus impact and urgency, whose defaults give the priority); `setsPriority` is true when the body gave
 * priority itself. A state entering a closed value makes the record inactive; leaving it (an update) active.
 */
export function deriveFields(
  table: ResolvedTable,
  row: Row,
  changed: ReadonlySet<string>,
  setsPriority: boolean,
  caller: Caller,
  now: Date,
  isInsert = false,
): void {
  const lookup = PRIORITY_LOOKUP.some((name) => table.chain.includes(name));
  if (lookup && !setsPriority && (changed.has('impact') || changed.has('urgency'))) {
    const priority = derivePriority(row.impact ?? '', row.urgency ?? '');
    if (priority !== '') row.priority = priority;
  }
  if (table.chain.includes('task') && changed.has('state')) followState(table, row, caller, now, isInsert);
  const naming = changed.has('first_name') || changed.has('last_name');
  if (table.name === 'sys_user' && naming && !changed.has('name'))
    row.name = `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim();
}

/** The insert's `changed` set: the body's fields, plus impact and urgency (their defaults set the priority). */
export function insertedFields(changes: Row): Set<string> {
  return new Set([...Object.keys(changes), 'impact', 'urgency']);
}

function followState(table: ResolvedTable, row: Row, caller: Caller, now: Date, isInsert: boolean): void {
  const owner = table.chain.find((name) => CLOSED_STATES[name] !== undefined) ?? 'task';
  const closed = (CLOSED_STATES[owner] ?? []).includes(row.state ?? '');
  if (closed) row.active = 'false';
  else if (!isInsert) row.active = 'true';
  const stamp = formatDateTime(now);
  if (closed && table.fields.has('closed_at') && (row.closed_at ?? '') === '') row.closed_at = stamp;
  if (closed && table.fields.has('closed_by') && (row.closed_by ?? '') === '') row.closed_by = caller.sysId;
  if (!table.chain.includes('incident')) return;
  row.incident_state = row.state ?? '';
  if (row.state === '6' && (row.resolved_at ?? '') === '') row.resolved_at = stamp;
  if (row.state === '6' && (row.resolved_by ?? '') === '') row.resolved_by = caller.sysId;
}
