import { query, type Condition, type QueryBuilder } from '../lib/query.js';

/** The filter operators the Operations page offers, mapped to query-builder calls. */
export const OPERATORS = {
  is: 'is',
  isNot: 'is not',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  lessThan: 'less than',
  greaterThan: 'greater than',
  in: 'is one of (comma-separated)',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
} as const;

/** An operator key of {@link OPERATORS}. */
export type OperatorKey = keyof typeof OPERATORS;

/** One filter row: AND/OR with the previous row, field, operator, value. */
export interface FilterRow {
  readonly join: 'and' | 'or';
  readonly field: string;
  readonly op: OperatorKey;
  readonly value: string;
}

/** Everything the Operations form can ask for. */
export interface OperationsRequest {
  readonly table: string;
  readonly fields: readonly string[];
  readonly filters: readonly FilterRow[];
  readonly sortField: string;
  readonly sortDir: 'asc' | 'desc';
  readonly displayValue: 'false' | 'true' | 'all';
  /** A typed encoded query; when present it replaces the filter rows. */
  readonly encoded: string;
  readonly page: number;
  readonly pageSize: number;
  readonly run: boolean;
}

const isOperator = (op: string): op is OperatorKey => Object.hasOwn(OPERATORS, op);

/** Reads the Operations form from the query string (GET, so results can be bookmarked and paged with links). */
export function readOperationsRequest(
  get: (name: string) => string | undefined,
  all: (name: string) => string[],
): OperationsRequest {
  const joins = all('join');
  const fields = all('f_field');
  const ops = all('f_op');
  const values = all('f_value');
  const filters: FilterRow[] = [];
  fields.forEach((field, i) => {
    const op = ops[i] ?? 'is';
    if (field.trim() === '' || !isOperator(op)) return;
    filters.push({ join: joins[i] === 'or' ? 'or' : 'and', field: field.trim(), op, value: values[i] ?? '' });
  });
  const display = get('display');
  const page = Number.parseInt(get('page') ?? '1', 10);
  const size = Number.parseInt(get('size') ?? '20', 10);
  return {
    table: (get('table') ?? '').trim(),
    fields: (get('fields') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
    filters,
    sortField: (get('sort') ?? '').trim(),
    sortDir: get('dir') === 'desc' ? 'desc' : 'asc',
    displayValue: display === 'true' || display === 'all' ? display : 'false',
    encoded: (get('encoded') ?? '').trim(),
    page: Number.isInteger(page) && page >= 1 && page <= 500 ? page : 1,
    pageSize: Number.isInteger(size) && size >= 1 && size <= 500 ? size : 20,
    run: get('run') !== undefined,
  };
}

function apply(condition: Condition, row: FilterRow): QueryBuilder {
  switch (row.op) {
    case 'is':
      return condition.is(row.value);
    case 'isNot':
      return condition.isNot(row.value);
    case 'contains':
      return condition.contains(row.value);
    case 'notContains':
      return condition.notLike(row.value);
    case 'startsWith':
      return condition.startsWith(row.value);
    case 'endsWith':
      return condition.endsWith(row.value);
    case 'lessThan':
      return condition.lessThan(row.value);
    case 'greaterThan':
      return condition.greaterThan(row.value);
    case 'in':
      return condition.in(
        row.value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      );
    case 'isEmpty':
      return condition.isEmpty();
    case 'isNotEmpty':
      return condition.isNotEmpty();
  }
}

/**
 * The encoded query for a request, built with the library's query builder (which escapes values) or taken
 * as typed. The sort is appended either way.
 * @throws {ConfigError} from the builder for an invalid field name or an impossible combination.
 */
export function encodedQuery(req: OperationsRequest): string {
  if (req.encoded !== '') {
    const order = req.sortField === '' ? '' : `${req.sortDir === 'desc' ? 'ORDERBYDESC' : 'ORDERBY'}${req.sortField}`;
    return [req.encoded, order].filter((s) => s !== '').join('^');
  }
  let builder = query();
  req.filters.forEach((row, i) => {
    const condition =
      i === 0 ? builder.where(row.field) : row.join === 'or' ? builder.or(row.field) : builder.and(row.field);
    builder = apply(condition, row);
  });
  if (req.sortField !== '')
    builder = req.sortDir === 'desc' ? builder.orderByDesc(req.sortField) : builder.orderBy(req.sortField);
  return builder.toString();
}

const OP_SNIPPET: Readonly<Record<OperatorKey, string>> = {
  is: 'is',
  isNot: 'isNot',
  contains: 'contains',
  notContains: 'notLike',
  startsWith: 'startsWith',
  endsWith: 'endsWith',
  lessThan: 'lessThan',
  greaterThan: 'greaterThan',
  in: 'in',
  isEmpty: 'isEmpty',
  isNotEmpty: 'isNotEmpty',
};

/** The query-builder expression a developer would write for the request (as text to show, not to run). */
export function builderSnippet(req: OperationsRequest): string {
  if (req.encoded !== '' || req.filters.length === 0) {
    const sort =
      req.sortField === ''
        ? ''
        : `.${req.sortDir === 'desc' ? 'orderByDesc' : 'orderBy'}(${JSON.stringify(req.sortField)})`;
    return req.encoded !== '' ? JSON.stringify(encodedQuery(req)) : `query()${sort}`;
  }
  const parts = req.filters.map((row, i) => {
    const start = i === 0 ? 'where' : row.join;
    const arg =
      row.op === 'isEmpty' || row.op === 'isNotEmpty'
        ? ''
        : row.op === 'in'
          ? JSON.stringify(
              row.value
                .split(',')
                .map((v) => v.trim())
                .filter((v) => v !== ''),
            )
          : JSON.stringify(row.value);
    return `.${start}(${JSON.stringify(row.field)}).${OP_SNIPPET[row.op]}(${arg})`;
  });
  const sort =
    req.sortField === ''
      ? ''
      : `.${req.sortDir === 'desc' ? 'orderByDesc' : 'orderBy'}(${JSON.stringify(req.sortField)})`;
  return `query()${parts.join('')}${sort}`;
}
