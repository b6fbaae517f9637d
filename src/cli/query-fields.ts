import { analyseQuery } from '../lib/pagination.js';

/**
 * The field names an encoded query refers to, in order of appearance, once each: the field of every condition
 * (`priority=1`, `ORshort_descriptionLIKEx`, `NQactive=true`) and of ORDERBY / ORDERBYDESC / GROUPBY terms.
 * ServiceNow field names are lower case and operators upper case, so a condition's field is its leading run
 * of `[a-z0-9_]`; a dot-walk (`caller_id.name`) names its first field. Terms that are not field conditions
 * (`123TEXTQUERY321=…`, `ref_incident.x` on a parent table, `EQ`) are skipped.
 */
export function queryFieldNames(query: string): string[] {
  const { groups, orderTerms } = analyseQuery(query);
  const names: string[] = [];
  const add = (name: string | undefined) => {
    if (name && !name.startsWith('ref_') && !names.includes(name)) names.push(name);
  };
  for (const term of groups.flat()) add(/^(?:OR)?([a-z][a-z0-9_]*)/.exec(term)?.[1]);
  for (const term of orderTerms) add(/^(?:ORDERBYDESC|ORDERBY|GROUPBY)([a-z][a-z0-9_]*)/.exec(term)?.[1]);
  return names;
}

/** Edit distance between two strings (insertions, deletions, substitutions). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The known name closest to `name` (a typo away: at most a third of its letters, at least 2), if any. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}
