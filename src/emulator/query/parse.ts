import type { ConditionTerm, OrderTerm, ParsedQuery, RelatedListTerm, Term } from './ast.js';
import { matchOperator } from './operators.js';
import { splitSegments } from './split-segments.js';

/** Segments beyond this many are dropped (reported once): bounds work and SQL size for hostile input. */
export const MAX_TERMS = 1000;
/** Query text from the segment that crosses this many characters on is dropped (reported once). */
export const MAX_QUERY_LENGTH = 200_000;

const FIELD_PATH = /^[a-z0-9_.]+/;
const TEXT_QUERY = '123TEXTQUERY321';
const JOIN_HEAD = /^JOIN([a-z0-9_]+)\.([a-z0-9_]+)=([a-z0-9_]+)\.([a-z0-9_]+)!(.*)$/s;
const RELATED_HEAD = /^RLQUERY([a-z0-9_]+)\.([a-z0-9_]+),(>=|<=|!=|=|>|<)(\d{1,9})(,m2m)?$/;

type MutableGroup = { clauses: Term[][] };

/**
 * Parses an encoded query into groups (`^NQ`), clauses (`^`) and OR-lists (`^OR`), plus the order terms.
 * Pure syntax: nothing here knows the schema, and nothing here throws.
 */
export function parseEncodedQuery(query: string): ParsedQuery {
  const { segments, rest } = splitSegments(query, { maxSegments: MAX_TERMS, maxLength: MAX_QUERY_LENGTH });
  const groups: MutableGroup[] = [{ clauses: [] }];
  const orderBy: OrderTerm[] = [];
  const dropped: string[] = [];
  let group = groups[0] as MutableGroup;

  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] ?? '';
    // A leading `^` (pysnow sends `^ORDERBYx`) and the UI's trailing `^EQ` carry no condition.
    if (segment === '' || segment === 'EQ') continue;
    if (segment.startsWith('NQ')) {
      group = { clauses: [] };
      groups.push(group);
      segment = segment.slice(2);
      if (segment === '') continue;
    }
    const order = parseOrder(segment);
    if (order) {
      if (order.path === '') dropped.push(segment);
      else orderBy.push(order);
      continue;
    }
    let joinOr = false;
    if (segment.startsWith('OR')) {
      joinOr = true;
      segment = segment.slice(2);
    }
    let term: Term;
    if (segment.startsWith('RLQUERY')) {
      // ^ENDRLQUERY may be left out when the related-list condition ends the query.
      const found = segments.indexOf('ENDRLQUERY', i + 1);
      const end = found < 0 ? segments.length : found;
      term = parseRelated(segment, segments.slice(i + 1, end));
      i = end;
    } else {
      term = parseTerm(segment);
    }
    const last = group.clauses[group.clauses.length - 1];
    // `^OR` binds to the single condition before it; with nothing before it, it simply starts a clause.
    if (joinOr && last) last.push(term);
    else group.clauses.push([term]);
  }
  if (rest !== '') dropped.push(summarize(rest));
  return { groups, orderBy, dropped };
}

function parseOrder(segment: string): OrderTerm | undefined {
  if (segment.startsWith('ORDERBYDESC')) return { text: segment, path: segment.slice(11), desc: true };
  if (segment.startsWith('ORDERBY')) return { text: segment, path: segment.slice(7), desc: false };
  // GROUPBY has no grouping meaning in the Table API; it is kept as an ascending order hint.
  if (segment.startsWith('GROUPBY')) return { text: segment, path: segment.slice(7), desc: false };
  return undefined;
}

/** One condition segment (already stripped of `OR`/`NQ`). */
export function parseTerm(raw: string): Term {
  // The list's "Go to" box prefixes its condition with GOTO; it filters like any other condition.
  const segment = raw.startsWith('GOTO') ? raw.slice(4) : raw;
  if (segment.startsWith(TEXT_QUERY)) {
    const rest = segment.slice(TEXT_QUERY.length);
    return rest.startsWith('=') ? { kind: 'textquery', text: raw, value: rest.slice(1) } : invalid(raw);
  }
  if (segment.startsWith('JOIN')) return parseJoin(segment);
  const path = FIELD_PATH.exec(segment)?.[0];
  if (path === undefined) return invalid(raw);
  const rest = segment.slice(path.length);
  const operator = matchOperator(rest);
  if (operator === undefined) return invalid(raw);
  const term: ConditionTerm = { kind: 'condition', text: raw, path, operator, value: rest.slice(operator.length) };
  return term;
}

/**
 * PySNC writes `JOIN<t>.<f>=<t2>.<f2>!<subquery>`. Only the text after `!` up to the next `^` is read
 * as the join's condition; later terms belong to the main query (the separator is ambiguous there).
 */
function parseJoin(segment: string): Term {
  const m = JOIN_HEAD.exec(segment);
  if (!m) return invalid(segment);
  const [, table = '', field = '', joinTable = '', joinField = '', rest = ''] = m;
  const condition = rest === '' ? undefined : parseTerm(rest);
  if (condition && condition.kind !== 'condition' && condition.kind !== 'textquery') return invalid(segment);
  return { kind: 'join', text: segment, table, field, joinTable, joinField, condition };
}

function parseRelated(head: string, body: readonly string[]): Term {
  const text = [head, ...body, 'ENDRLQUERY'].join('^');
  const match = RELATED_HEAD.exec(head);
  if (!match) return invalid(text);
  const [, table = '', field = '', comparison = '=', count = '0'] = match;
  const clauses: Term[][] = [];
  for (const raw of body) {
    if (raw === '' || raw === 'EQ') continue;
    const joinOr = raw.startsWith('OR') && !raw.startsWith('ORDERBY');
    const segment = joinOr ? raw.slice(2) : raw;
    // Groups, ordering and nesting have no meaning inside a related-list condition.
    const nested = /^(NQ|ORDERBY|GROUPBY|RLQUERY)/.test(segment);
    const term = nested ? invalid(segment) : parseTerm(segment);
    const last = clauses[clauses.length - 1];
    if (joinOr && last) last.push(term);
    else clauses.push([term]);
  }
  const related: RelatedListTerm = {
    kind: 'rlquery',
    text,
    table,
    field,
    comparison: comparison as RelatedListTerm['comparison'],
    count: Number(count),
    clauses,
  };
  return related;
}

function invalid(text: string): Term {
  return { kind: 'invalid', text };
}

function summarize(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters over the query limits)` : text;
}
