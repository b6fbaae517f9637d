import { ConfigError } from './errors/config-error.js';
import {
  assertField,
  escapeBound,
  escapeListItem,
  escapeValue,
  periodOperand,
  type DatePeriod,
  type GlideExpression,
  type QueryValue,
} from './query-values.js';

type Join = 'and' | 'or';
interface Term {
  readonly join: Join;
  readonly text: string;
}
type Scalar = Exclude<QueryValue, GlideExpression>;

/** Units for relative date conditions. */
export type RelativeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** The "Me" dynamic filter (sys_filter_option_dynamic) every instance ships. */
const DYNAMIC_ME = '90d1921e5f510100a9ad2572f2b477fe';

/**
 * One condition being written: pick an operator to finish it. Every method escapes its value, so user input can
 * never add or end a condition.
 */
export class Condition {
  readonly #builder: QueryBuilder;
  readonly #field: string;
  readonly #join: Join;

  /** @internal */
  constructor(builder: QueryBuilder, field: string, join: Join) {
    this.#builder = builder;
    this.#field = assertField(field);
    this.#join = join;
  }

  #op(operator: string, operand = ''): QueryBuilder {
    return this.#builder.addTerm(this.#join, `${this.#field}${operator}${operand}`);
  }

  /** `field=value` */
  is(value: QueryValue): QueryBuilder {
    return this.#op('=', escapeValue(value));
  }
  /** Alias of {@link is}. */
  equals(value: QueryValue): QueryBuilder {
    return this.is(value);
  }
  /** `field!=value` */
  isNot(value: QueryValue): QueryBuilder {
    return this.#op('!=', escapeValue(value));
  }
  /** Alias of {@link isNot}. */
  notEquals(value: QueryValue): QueryBuilder {
    return this.isNot(value);
  }
  /** Contains: `fieldLIKEvalue` */
  like(value: Scalar): QueryBuilder {
    return this.#op('LIKE', escapeValue(value));
  }
  /** Alias of {@link like}. */
  contains(value: Scalar): QueryBuilder {
    return this.like(value);
  }
  /** Does not contain: `fieldNOT LIKEvalue` */
  notLike(value: Scalar): QueryBuilder {
    return this.#op('NOT LIKE', escapeValue(value));
  }
  startsWith(value: Scalar): QueryBuilder {
    return this.#op('STARTSWITH', escapeValue(value));
  }
  endsWith(value: Scalar): QueryBuilder {
    return this.#op('ENDSWITH', escapeValue(value));
  }
  /** Empty or null. */
  isEmpty(): QueryBuilder {
    return this.#op('ISEMPTY');
  }
  isNotEmpty(): QueryBuilder {
    return this.#op('ISNOTEMPTY');
  }
  /** Matches everything, even null. */
  isAnything(): QueryBuilder {
    return this.#op('ANYTHING');
  }
  /** Exactly the empty string (not null). */
  isEmptyString(): QueryBuilder {
    return this.#op('EMPTYSTRING');
  }
  lessThan(value: QueryValue): QueryBuilder {
    return this.#op('<', escapeValue(value));
  }
  lessThanOrEqual(value: QueryValue): QueryBuilder {
    return this.#op('<=', escapeValue(value));
  }
  greaterThan(value: QueryValue): QueryBuilder {
    return this.#op('>', escapeValue(value));
  }
  greaterThanOrEqual(value: QueryValue): QueryBuilder {
    return this.#op('>=', escapeValue(value));
  }
  /** Inclusive range `fieldBETWEENa@b`. @throws {ConfigError} when a bound contains `@`. */
  between(from: QueryValue, to: QueryValue): QueryBuilder {
    return this.#op('BETWEEN', `${escapeBound(from)}@${escapeBound(to)}`);
  }
  /** `fieldINa,b,c`. @throws {ConfigError} when a value contains `,` or the list is empty. */
  in(values: readonly Scalar[]): QueryBuilder {
    return this.#op('IN', list(values));
  }
  /** `fieldNOT INa,b,c`. @throws {ConfigError} when a value contains `,` or the list is empty. */
  notIn(values: readonly Scalar[]): QueryBuilder {
    return this.#op('NOT IN', list(values));
  }
  /** Same value as another field of the record. */
  sameAs(field: string): QueryBuilder {
    return this.#op('SAMEAS', assertField(field));
  }
  notSameAs(field: string): QueryBuilder {
    return this.#op('NSAMEAS', assertField(field));
  }
  gtField(field: string): QueryBuilder {
    return this.#op('GT_FIELD', assertField(field));
  }
  ltField(field: string): QueryBuilder {
    return this.#op('LT_FIELD', assertField(field));
  }
  gteField(field: string): QueryBuilder {
    return this.#op('GT_OR_EQUALS_FIELD', assertField(field));
  }
  lteField(field: string): QueryBuilder {
    return this.#op('LT_OR_EQUALS_FIELD', assertField(field));
  }
  /** Date within a named period, e.g. `on('today')` → `ONToday@javascript:gs.beginningOfToday()@…`. */
  on(period: DatePeriod): QueryBuilder {
    return this.#op('ON', periodOperand(period));
  }
  notOn(period: DatePeriod): QueryBuilder {
    return this.#op('NOTON', periodOperand(period));
  }
  /**
   * Relative date: `relative('after', 1, 'hour', 'ago')` → `RELATIVEGT@hour@ago@1` ("after 1 hour ago").
   */
  relative(
    when: 'after' | 'before',
    amount: number,
    unit: RelativeUnit,
    direction: 'ago' | 'ahead' = 'ago',
  ): QueryBuilder {
    if (!Number.isInteger(amount) || amount < 0)
      throw new ConfigError(`Invalid relative amount ${amount}`, 'Use a non-negative integer');
    if (!['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'].includes(unit)) {
      throw new ConfigError(
        `Invalid relative unit ${JSON.stringify(unit)}`,
        'Use minute, hour, day, week, month, quarter or year',
      );
    }
    const op = when === 'after' ? 'RELATIVEGT' : 'RELATIVELT';
    return this.#op(op, `@${unit}@${direction === 'ahead' ? 'ahead' : 'ago'}@${amount}`);
  }
  /** A dynamic reference filter: `'me'` (the calling user) or a sys_filter_option_dynamic sys_id. */
  dynamic(filter: string): QueryBuilder {
    const id = filter === 'me' ? DYNAMIC_ME : filter;
    if (!/^[0-9a-f]{32}$/.test(id))
      throw new ConfigError(`Invalid dynamic filter ${JSON.stringify(filter)}`, "Use 'me' or a 32-character sys_id");
    return this.#op('DYNAMIC', id);
  }
}

function list(values: readonly Scalar[]): string {
  if (values === undefined || values.length === 0)
    throw new ConfigError('An IN list is empty', 'Pass at least one value');
  return values.map((v) => escapeListItem(v)).join(',');
}

/**
 * Builds a `sysparm_query` encoded query. ServiceNow's grammar has no parentheses: `^OR` binds only the
 * conditions on either side, so `where(a).is(1).and(b).is(2).or(c).is(3)` means a AND (b OR c). `newQuery()`
 * starts an independent `^NQ` query whose results are added to the others.
 *
 * @example
 * query().where('active').is(true).and('priority').lessThan(3).or('state').in(['1', '2']).orderByDesc('sys_updated_on')
 */
export class QueryBuilder {
  readonly #groups: Term[][] = [[]];
  readonly #order: string[] = [];

  /** Starts a condition (ANDed with what precedes it), or adds `field=value` directly. */
  where(field: string): Condition;
  where(field: string, value: QueryValue): QueryBuilder;
  where(field: string, value?: QueryValue): Condition | QueryBuilder {
    const condition = new Condition(this, field, 'and');
    return value === undefined ? condition : condition.is(value);
  }

  /** ANDs a condition, or a group built by `build` (which may use `or` inside but not `newQuery`). */
  and(field: string): Condition;
  and(build: (q: QueryBuilder) => QueryBuilder): QueryBuilder;
  and(arg: string | ((q: QueryBuilder) => QueryBuilder)): Condition | QueryBuilder {
    if (typeof arg === 'string') return new Condition(this, arg, 'and');
    const terms = this.#subgroup(arg);
    terms.forEach((t, i) => this.addTerm(i === 0 ? 'and' : t.join, t.text));
    return this;
  }

  /**
   * ORs a condition with the one before it, or a group of OR-joined conditions. An AND inside an OR group cannot
   * be written in an encoded query, so it is refused: use `newQuery()` for that.
   */
  or(field: string): Condition;
  or(build: (q: QueryBuilder) => QueryBuilder): QueryBuilder;
  or(arg: string | ((q: QueryBuilder) => QueryBuilder)): Condition | QueryBuilder {
    if (this.#current().length === 0) throw new ConfigError('or() needs a condition before it', 'Start with where()');
    if (typeof arg === 'string') return new Condition(this, arg, 'or');
    const terms = this.#subgroup(arg);
    if (terms.some((t, i) => i > 0 && t.join === 'and')) {
      throw new ConfigError(
        'An OR group containing AND cannot be expressed in an encoded query',
        'Use newQuery() to start an independent query instead',
      );
    }
    for (const t of terms) this.addTerm('or', t.text);
    return this;
  }

  /** Starts a new independent query (`^NQ`); the results of all queries are combined. */
  newQuery(): QueryBuilder {
    if (this.#current().length === 0)
      throw new ConfigError('newQuery() needs a condition before it', 'Start with where()');
    this.#groups.push([]);
    return this;
  }

  orderBy(field: string): QueryBuilder {
    this.#order.push(`ORDERBY${assertField(field)}`);
    return this;
  }

  orderByDesc(field: string): QueryBuilder {
    this.#order.push(`ORDERBYDESC${assertField(field)}`);
    return this;
  }

  /** True when the query has an ORDERBY, which makes listing use offset paging. */
  get hasOrder(): boolean {
    return this.#order.length > 0;
  }

  /** @internal Appends an already-encoded term. */
  addTerm(join: Join, text: string): QueryBuilder {
    const group = this.#current();
    if (join === 'or' && group.length === 0)
      throw new ConfigError('or() needs a condition before it', 'Start with where()');
    group.push({ join, text });
    return this;
  }

  /** The encoded query, e.g. `active=true^priority<3^ORstate IN1,2^ORDERBYDESCsys_updated_on`. */
  toString(): string {
    const groups = this.#groups
      .filter((g) => g.length > 0)
      .map((g) => g.map((t, i) => (i === 0 ? t.text : t.join === 'or' ? `^OR${t.text}` : `^${t.text}`)).join(''));
    return [groups.join('^NQ'), ...this.#order].filter((s) => s !== '').join('^');
  }

  #current(): Term[] {
    return this.#groups[this.#groups.length - 1] as Term[];
  }

  #subgroup(build: (q: QueryBuilder) => QueryBuilder): readonly Term[] {
    const sub = build(new QueryBuilder());
    if (sub.#groups.length > 1 || sub.#order.length > 0) {
      throw new ConfigError(
        'A group cannot contain newQuery() or an order',
        'Put newQuery() and orderBy() at the top level',
      );
    }
    const terms = sub.#groups[0] ?? [];
    if (terms.length === 0) throw new ConfigError('A condition group is empty', 'Add at least one condition');
    return terms;
  }
}

/** Starts a query. */
export function query(): QueryBuilder {
  return new QueryBuilder();
}
