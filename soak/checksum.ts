import { createHash } from 'node:crypto';

/** SHA-256 (first 16 hex digits) of the sorted sys_ids, one per line: equal sets give equal checksums. */
export function sysIdChecksum(ids: Iterable<string>): string {
  const sorted = [...ids].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('hex').slice(0, 16);
}

/** Compares what was exported with what the table holds: missing, duplicated and unexpected sys_ids. */
export function compareSets(
  got: readonly string[],
  expected: ReadonlySet<string>,
): { lost: number; duplicated: number; unexpected: number } {
  const seen = new Set<string>();
  let duplicated = 0;
  let unexpected = 0;
  for (const id of got) {
    if (seen.has(id)) duplicated += 1;
    else seen.add(id);
    if (!expected.has(id)) unexpected += 1;
  }
  let lost = 0;
  for (const id of expected) if (!seen.has(id)) lost += 1;
  return { lost, duplicated, unexpected };
}
