import type { QueryBuilder } from '../query.js';
import type { CallOptions } from '../table.js';
import type { DisplayValue } from '../table-params.js';

/** Options for {@link ServiceNowClient.stats} (the Aggregate API, `GET /api/now/stats/{table}`). */
export interface StatsParams extends CallOptions {
  /** An encoded query or a {@link QueryBuilder} selecting the rows to aggregate. */
  readonly query?: string | QueryBuilder;
  /** `sysparm_count`: count the rows (per group when grouping). Default true. */
  readonly count?: boolean;
  /** `sysparm_avg_fields`: numeric fields to average (4 decimals on the wire). */
  readonly avg?: readonly string[];
  readonly min?: readonly string[];
  readonly max?: readonly string[];
  /** `sysparm_sum_fields`: numeric fields to sum. */
  readonly sum?: readonly string[];
  /** `sysparm_group_by`: one result per distinct combination of these fields. */
  readonly groupBy?: readonly string[];
  /** `sysparm_having` clauses in wire form, e.g. `'count^priority^>^3'`. */
  readonly having?: readonly string[];
  /** `sysparm_order_by` terms in wire form, e.g. `'COUNT^DESC'`, `'AVG^reassignment_count'`, `'state^DESC'`. */
  readonly orderBy?: readonly string[];
  /** `sysparm_display_value` for the group-by values. */
  readonly displayValue?: DisplayValue;
}

/** Aggregates of one result; values stay the strings ServiceNow sends (averages carry 4 decimals). */
export interface StatsAggregates {
  /** The row count, when `count` was requested. */
  readonly count?: number;
  readonly avg?: Readonly<Record<string, string>>;
  readonly min?: Readonly<Record<string, string>>;
  readonly max?: Readonly<Record<string, string>>;
  readonly sum?: Readonly<Record<string, string>>;
}

/** One group-by field of a group. */
export interface StatsGroupField {
  readonly field: string;
  /** The raw value (or the display value with `displayValue: true`). */
  readonly value: string;
  /** Present with `displayValue: 'all'`. */
  readonly displayValue?: string;
}

/** One group of a grouped aggregate. */
export interface StatsGroup extends StatsAggregates {
  readonly groupBy: readonly StatsGroupField[];
}

/** The answer of the Aggregate API: totals when not grouped, else one entry per group in `groups`. */
export interface StatsResult extends StatsAggregates {
  /** Empty unless `groupBy` was given. */
  readonly groups: readonly StatsGroup[];
}
