import type { Row } from '../store/store.js';
import {
  abortDetail,
  BusinessRuleAbort,
  logRuleMessage,
  ruleMatches,
  rulesFor,
  templateChanges,
  type RuleRun,
} from './business-rules.js';
import { deriveFields } from './platform-rules.js';

type JournalEntry = { readonly element: string; readonly value: string };

/**
 * Runs the `before` rules of a write on the record already written (inside the write's transaction, so an
 * abort rolls everything back). Set-field values are applied to `row` and to the stored record; on delete
 * they are ignored. Returns the journal entries the templates added.
 * @throws BusinessRuleAbort when a matching rule has abort_action
 */
export function runBeforeRules(run: RuleRun, row: Row): JournalEntry[] {
  const sysId = row.sys_id ?? '';
  const stack: string[] = [];
  const journal: JournalEntry[] = [];
  for (const rule of rulesFor(run.ctx, run.table, 'before', run.action)) {
    if (!ruleMatches(run, rule, sysId, row)) continue;
    stack.push(rule.name ?? '');
    if (rule.abort_action === 'true') throw new BusinessRuleAbort(abortDetail(run.table.name, rule, stack));
    if (run.action !== 'delete' && (rule.template ?? '') !== '') {
      const applied = templateChanges(run, rule);
      Object.assign(row, applied.changes);
      deriveFields(run.table, row, new Set(Object.keys(applied.changes)), applied.setsPriority, run.caller, run.now);
      run.ctx.store.update(run.table.physical, sysId, row);
      journal.push(...applied.journal);
    }
    logRuleMessage(run, rule, sysId);
  }
  return journal;
}

/** The `after` rules that hold for the record as stored now (call before a delete removes it). */
export function matchingAfterRules(run: RuleRun, row: Row): Row[] {
  return rulesFor(run.ctx, run.table, 'after', run.action).filter((rule) =>
    ruleMatches(run, rule, row.sys_id ?? '', row),
  );
}

/** Runs `after` rules: each adds its message (set-field values after the write are not saved, as on an instance). */
export function runAfterRules(run: RuleRun, row: Row, rules: readonly Row[] = matchingAfterRules(run, row)): void {
  for (const rule of rules) logRuleMessage(run, rule, row.sys_id ?? '');
}
