/** Where splitting stops: the rest of the text is returned unsplit, to be reported as dropped. */
export interface SplitLimits {
  readonly maxSegments: number;
  readonly maxLength: number;
}

export interface SplitResult {
  readonly segments: string[];
  /** The raw text from the first segment that did not fit the limits ('' when everything fit). */
  readonly rest: string;
}

/**
 * Splits an encoded query on its `^` separators. A doubled `^^` is a literal `^` inside a value
 * (GlideStringUtil.escapeQueryTermSeparator, reference §3), so it never splits and is unescaped here.
 * Scanning left to right makes `a=x^^^b=1` read as the value `x^` followed by the term `b=1`.
 * Scanning stops at the limits, so hostile megabyte inputs cost no more than the limits allow.
 */
export function splitSegments(query: string, limits: SplitLimits): SplitResult {
  const segments: string[] = [];
  let current: string[] = [];
  let segmentStart = 0;
  let start = 0;
  for (let i = 0; i < query.length; i++) {
    if (i >= limits.maxLength) return { segments, rest: query.slice(segmentStart) };
    if (query.charCodeAt(i) !== 94 /* ^ */) continue;
    current.push(query.slice(start, i));
    if (query.charCodeAt(i + 1) === 94) {
      current.push('^');
      i++;
    } else {
      segments.push(current.join(''));
      current = [];
      segmentStart = i + 1;
      if (segments.length >= limits.maxSegments) return { segments, rest: query.slice(segmentStart) };
    }
    start = i + 1;
  }
  current.push(query.slice(start));
  segments.push(current.join(''));
  return { segments, rest: '' };
}
