/**
 * The encoded-query operator tokens (reference §3). Operators are case-sensitive; the parser takes the
 * LONGEST token that prefixes the text after the field, so `>=` wins over `>`, `ISNOTEMPTY` over
 * `ISEMPTY`, `NOT LIKE` over nothing, `INSTANCEOF`/`IN_HIERARCHY` over `IN`, `NSAMEAS` stands alone.
 */
export const OPERATORS = [
  '=',
  '!=',
  'LIKE',
  'NOT LIKE',
  '*',
  '!*',
  'STARTSWITH',
  'ENDSWITH',
  '%',
  'ISEMPTY',
  'ISNOTEMPTY',
  'EMPTYSTRING',
  'ANYTHING',
  '<',
  '<=',
  '>',
  '>=',
  'BETWEEN',
  'SAMEAS',
  'NSAMEAS',
  'IN',
  'NOT IN',
  'GT_FIELD',
  'LT_FIELD',
  'GT_OR_EQUALS_FIELD',
  'LT_OR_EQUALS_FIELD',
  'DYNAMIC',
  'IN_HIERARCHY',
  'ON',
  'NOTON',
  'RELATIVEGT',
  'RELATIVELT',
  'RELATIVEGE',
  'RELATIVELE',
  'RELATIVEEE',
  'DATEPART',
  'MORETHAN',
  'LESSTHAN',
  'VALCHANGES',
  'CHANGESFROM',
  'CHANGESTO',
  'INSTANCEOF',
] as const;

/** One encoded-query operator token, verbatim. */
export type Operator = (typeof OPERATORS)[number];

// Longest first, so the first hit is the longest match.
const BY_LENGTH: readonly Operator[] = [...OPERATORS].sort((a, b) => b.length - a.length);

/** The longest operator token at the start of `text`, if any. */
export function matchOperator(text: string): Operator | undefined {
  return BY_LENGTH.find((op) => text.startsWith(op));
}
