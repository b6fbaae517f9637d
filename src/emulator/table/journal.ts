import type { EmulatorContext } from '../context.js';
import type { ResolvedField } from '../schema/types.js';

const LABELS: Record<string, string> = { comments: 'Additional comments', work_notes: 'Work notes' };

/**
 * The journal history of one field, newest first, as `<date> - <user name> (<label>)\n<text>\n\n` (the
 * reference §7 format, itself unverified), the date in the caller's zone and format (`stamp`).
 * journal_list fields combine comments and work notes.
 */
export function journalText(
  ctx: EmulatorContext,
  sysId: string,
  field: ResolvedField,
  userName: (login: string) => string,
  stamp: (stored: string) => string,
): string {
  const elements = field.type === 'journal_list' ? ['comments', 'work_notes'] : [field.name];
  const rows = ctx.store
    .prepare(
      `SELECT "element", "value", "sys_created_on", "sys_created_by" FROM "sys_journal_field"
       WHERE "element_id" = ? AND "element" IN (?, ?) ORDER BY "sys_created_on" DESC, rowid DESC`,
    )
    .all(sysId, elements[0], elements[1] ?? elements[0]) as {
    element: string;
    value: string;
    sys_created_on: string;
    sys_created_by: string;
  }[];
  let text = '';
  for (const r of rows) {
    text += `${stamp(r.sys_created_on)} - ${userName(r.sys_created_by)} (${LABELS[r.element] ?? r.element})\n${r.value}\n\n`;
  }
  return text;
}
