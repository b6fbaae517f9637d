import type { ServiceNowClient } from '../../lib/client.js';
import type { ConsoleContext } from '../context.js';
import type { HistoryView } from '../pages/history-section.js';

/**
 * The record's journal for the record page, or undefined when the record has no journal fields (`fields`: the
 * names the record came back with). An empty journal comes with the library's explanation (a read ACL on sys_journal_field is the
 * likely cause when the record itself is readable).
 */
export async function recordHistory(
  ctx: ConsoleContext,
  sn: ServiceNowClient,
  table: string,
  sysId: string,
  fields: readonly string[],
): Promise<HistoryView | undefined> {
  if (!fields.includes('comments') && !fields.includes('work_notes')) return undefined;
  try {
    const journal = sn.journal(table, sysId);
    const entries = await journal.list({ max: 200 });
    if (entries.length > 0) return { entries };
    return { entries, note: (await journal.explainEmpty()).message };
  } catch (error) {
    return { error: ctx.describeError(error) };
  }
}
