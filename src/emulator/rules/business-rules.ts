import type { Caller } from '../auth/caller.js';
import type { EmulatorContext } from '../context.js';
import { errorResponse } from '../http/envelope.js';
import { compileEncodedQuery } from '../query/compile.js';
import type { ResolvedTable } from '../schema/types.js';
import { newRowDefaults } from '../store/defaults.js';
import { randomId } from '../store/ids.js';
import type { Row } from '../store/store.js';
import { applyBody } from '../table/apply-body.js';

/**
 * No-code business rules as data (reference part 2 §7): active sys_script rows on the record's table or an
 * ancestor, run lowest `order` first. A rule fires when its action flag matches and its filter_condition
 * (an encoded query, with VALCHANGES / CHANGESFROM / CHANGESTO) holds, for callers with one of its
 * `role_conditions`. A `before` rule may set field values
 * (`template`) or abort; an `after` rule only adds its message. Scripts (`advanced`) are not run.
 */

export type RuleAction = 'insert' | 'update' | 'delete';

/** Thrown by a `before` rule with abort_action: the write is refused and its transaction rolled back. */
export class BusinessRuleAbort extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'BusinessRuleAbort';
  }
}

/**
 * The answer to a write a before rule aborted, on every API that writes records (Table, Catalog, CMDB
 * Instance, IRE): 403 Operation Failed naming the rule (reference part 2 §7.3).
 */
export function abortedWriteResponse(error: BusinessRuleAbort): Response {
  return errorResponse(403, 'Operation Failed', error.detail);
}

/** One rule run: the record as stored now, and as it was before this write (undefined on insert). */
export interface RuleRun {
  readonly ctx: EmulatorContext;
  readonly table: ResolvedTable;
  readonly action: RuleAction;
  readonly caller: Caller;
  readonly now: Date;
  readonly previous: Row | undefined;
}

const CHANGE_TERM = /^([a-z0-9_]+)(VALCHANGES|CHANGESFROM|CHANGESTO)(.*)$/;

/** The active rules for one table, timing and action, in order. */
export function rulesFor(
  ctx: EmulatorContext,
  table: ResolvedTable,
  when: 'before' | 'after',
  action: RuleAction,
): Row[] {
  const scripts = ctx.schema.table('sys_script');
  if (!scripts) return [];
  const marks = table.chain.map(() => '?').join(',');
  return ctx.store
    .prepare(
      `SELECT * FROM "${scripts.physical}" WHERE "sys_class_name" = 'sys_script' AND "active" = 'true'
       AND "when" = ? AND "action_${action}" = 'true' AND "collection" IN (${marks})
       ORDER BY CAST("order" AS INTEGER), rowid`,
    )
    .all(when, ...table.chain) as Row[];
}

const SYS_ID = /^[0-9a-f]{32}$/i;

/**
 * Role conditions: the rule runs only for a caller with one of the listed roles, given by name or by
 * sys_user_role sys_id, comma-separated. Admin has every role, as gs.hasRole() answers.
 */
function callerHasRuleRole(run: RuleRun, rule: Row): boolean {
  const listed = (rule.role_conditions ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (listed.length === 0 || run.caller.roles.has('admin')) return true;
  return listed.some((role) => {
    if (run.caller.roles.has(role)) return true;
    const byId = SYS_ID.test(role) ? run.ctx.store.byId('sys_user_role', role.toLowerCase()) : undefined;
    return byId?.name !== undefined && run.caller.roles.has(byId.name);
  });
}

/** True when the caller has one of the rule's roles and its filter_condition holds for the stored record. */
export function ruleMatches(run: RuleRun, rule: Row, sysId: string, current: Row): boolean {
  if (!callerHasRuleRole(run, rule)) return false;
  const terms = (rule.filter_condition ?? '').split('^').filter((t) => t !== '' && t !== 'EQ');
  const plain: string[] = [];
  for (const term of terms) {
    const change = CHANGE_TERM.exec(term);
    if (!change) {
      plain.push(term);
      continue;
    }
    const [, field = '', operator, value = ''] = change;
    const before = run.previous?.[field] ?? '';
    const after = current[field] ?? '';
    if (run.action === 'insert' || before === after) return false;
    if (operator === 'CHANGESFROM' && before !== value) return false;
    if (operator === 'CHANGESTO' && after !== value) return false;
  }
  if (plain.length === 0) return true;
  const compiled = compileEncodedQuery(plain.join('^'), {
    schema: run.ctx.schema,
    table: run.table.name,
    now: run.now,
    userId: run.caller.sysId,
    timeZone: run.caller.zone.timeZone,
    caseSensitive: true,
  });
  const sql = `SELECT 1 FROM "${run.table.physical}" t WHERE t."sys_id" = ? AND (${compiled.where}) LIMIT 1`;
  return run.ctx.store.prepare(sql).get(sysId, ...compiled.params) !== undefined;
}

/** The field values a rule's `template` sets ("field=value^field2=value2^EQ"), applied to the table's types. */
export function templateChanges(run: RuleRun, rule: Row): ReturnType<typeof applyBody> {
  const values: Record<string, string> = {};
  for (const part of (rule.template ?? '').split('^')) {
    const at = part.indexOf('=');
    if (at > 0) values[part.slice(0, at)] = part.slice(at + 1);
  }
  return applyBody(run.ctx, run.table, values, false);
}

/** The 403 detail of an aborted write (reference part 2 §7.3). */
export function abortDetail(table: string, rule: Row, stack: readonly string[]): string {
  return `Operation against file '${table}' was aborted by Business Rule '${rule.name ?? ''}^${rule.sys_id ?? ''}'. Business Rule Stack:${stack.join(',')}`;
}

/**
 * A rule's message: an instance queues it for the session's UI and the Table API does not return it
 * (part 2 §7.3), so the emulator writes it to syslog, where a test or a user can see the rule fired.
 */
export function logRuleMessage(run: RuleRun, rule: Row, sysId: string): void {
  if (rule.add_message !== 'true' || (rule.message ?? '') === '') return;
  const syslog = run.ctx.schema.table('syslog');
  if (!syslog) return;
  run.ctx.store.insert(syslog.physical, {
    ...newRowDefaults(syslog, randomId(), run.caller.userName, run.now),
    level: '0',
    source: `Business Rule: ${rule.name ?? ''} (${run.table.name} ${sysId})`,
    message: rule.message ?? '',
  });
}
