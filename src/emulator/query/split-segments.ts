/**
 * Splits an encoded query on its `^` separators. A doubled `^^` is a literal `^` inside a value
 * (GlideStringUtil.escapeQueryTermSeparator, reference §3), so it never splits and is unescaped here.
 * Scanning left to right makes `a=x^^^b=1` read as the value `x^` followed by the term `b=1`.
 */
export function splitSegments(query: string): string[] {
  const segments: string[] = [];
  let current: string[] = [];
  let start = 0;
  for (let i = 0; i < query.length; i++) {
    if (query.charCodeAt(i) !== 94 /* ^ */) continue;
    current.push(query.slice(start, i));
    if (query.charCodeAt(i + 1) === 94) {
      current.push('^');
      i++;
    } else {
      segments.push(current.join(''));
      current = [];
    }
    start = i + 1;
  }
  current.push(query.slice(start));
  segments.push(current.join(''));
  return segments;
}
